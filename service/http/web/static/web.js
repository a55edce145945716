// Improves the staff form when JavaScript runs; without it the form posts as usual.
// - lists the chosen files (and which kept file each one replaces);
// - refuses an upload over the size limit before sending it;
// - posts with fetch: a document is downloaded and the page says so, a page with problems
//   replaces the current one in place (the preview is a plain post into its frame).
"use strict";

(function () {
  function notice(kind, text) {
    var status = document.getElementById("status");
    if (!status) return;
    status.textContent = "";
    var box = document.createElement("div");
    box.className = "notice notice-" + kind;
    box.id = "notice";
    box.tabIndex = -1;
    box.textContent = text;
    status.appendChild(box);
    box.focus();
  }

  function keptNames(form) {
    var names = {};
    form.querySelectorAll('input[name="kept_name"]').forEach(function (input) {
      names[input.value] = true;
    });
    return names;
  }

  function showChosen(form) {
    var input = form.querySelector('input[type="file"]');
    var list = form.querySelector("#chosen");
    if (!input || !list) return;
    list.hidden = false;
    list.textContent = "";
    if (input.files.length === 0) {
      var none = document.createElement("li");
      none.className = "chosen-none";
      none.textContent = "未选择文件";
      list.appendChild(none);
      return;
    }
    var kept = keptNames(form);
    Array.prototype.forEach.call(input.files, function (file) {
      var item = document.createElement("li");
      item.textContent = file.name;
      var size = document.createElement("span");
      size.className = "size";
      size.textContent = (file.size / 1024).toFixed(1) + " KB";
      item.appendChild(size);
      if (kept[file.name]) {
        var note = document.createElement("span");
        note.className = "replaces";
        note.textContent = "将替换已保留的同名文件";
        item.appendChild(note);
      }
      list.appendChild(item);
    });
  }

  function downloadName(response) {
    var header = response.headers.get("Content-Disposition") || "";
    var encoded = /filename\*=UTF-8''([^;]+)/i.exec(header);
    if (encoded) return decodeURIComponent(encoded[1]);
    var plain = /filename="([^"]+)"/i.exec(header);
    return plain ? plain[1] : "report.docx";
  }

  function save(blob, name) {
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  function replacePage(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("main");
    var current = document.getElementById("main");
    if (!fresh || !current) return false;
    current.replaceWith(fresh);
    enhance(fresh);
    var shown = document.getElementById("notice");
    if (shown) shown.focus();
    window.scrollTo(0, 0);
    return true;
  }

  function tooLarge(form) {
    var limit = Number(form.dataset.maxBytes || 0);
    var total = 0;
    form.querySelectorAll("input[type=file], textarea").forEach(function (field) {
      if (field.files) {
        Array.prototype.forEach.call(field.files, function (file) { total += file.size; });
      } else {
        total += new Blob([field.value]).size;
      }
    });
    return limit > 0 && total > limit;
  }

  function submit(form, event) {
    // The preview goes to its frame as a plain form post: show the frame, let it load.
    if (event.submitter && event.submitter.formTarget) {
      var panel = document.getElementById("preview-panel");
      if (panel) panel.scrollIntoView({ behavior: "smooth", block: "start" });
      return;
    }
    event.preventDefault();
    if (tooLarge(form)) {
      notice("error", "提交的内容超过 " + form.dataset.maxSize + " 的上限，未提交。请减少一次提交的文件数量，或分批提交。");
      return;
    }
    var data = new FormData(form, event.submitter);
    var buttons = form.querySelectorAll("button");
    buttons.forEach(function (button) { button.disabled = true; });
    notice("busy", "正在处理，请稍候…");
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        if (response.redirected) {  // several reports: their batch job's progress page
          window.location.assign(response.url);
          return;
        }
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("text/html") === 0) {
          return response.text().then(function (html) {
            if (!replacePage(html)) notice("error", "服务器返回了无法显示的页面，请刷新后重试。");
          });
        }
        if (!response.ok) {
          notice("error", "处理失败（" + response.status + "），请稍后重试。");
          return;
        }
        var name = downloadName(response);
        var warnings = Number(response.headers.get("X-Report-Warning-Count") || 0);
        return response.blob().then(function (blob) {
          save(blob, name);
          var text = "已生成“" + name + "”，下载已开始。";
          if (warnings) text += "另有 " + warnings + " 条提示不影响生成，可点击“校验”查看。";
          notice("success", text);
        });
      })
      .catch(function () {
        notice("error", "网络连接失败，内容未提交。请检查网络后重试。");
      })
      .finally(function () {
        buttons.forEach(function (button) { button.disabled = false; });
      });
  }

  function enhance(root) {
    var form = root.querySelector("#report-form");
    if (!form) return;
    var input = form.querySelector('input[type="file"]');
    if (input) {
      input.addEventListener("change", function () { showChosen(form); });
      showChosen(form);
    }
    form.addEventListener("submit", function (event) { submit(form, event); });
  }

  document.documentElement.classList.add("js");
  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
})();
