// The report editor made live; without JavaScript the form posts and the server does all this.
// - 总计 cells follow their parts and R1–R4 are checked on every keystroke, from the relations
//   the server sends (the data its own rules are made of: nothing is written out twice here);
// - the other checks (texts, placeholders, warnings) come from POST /editor/check a moment
//   after typing stops;
// - a row of numbers pasted from Excel or a web page fills the row (and the rows below);
// - Enter in a one-line field moves on to the next field (it never submits: see the page);
// - the form is kept in localStorage as it is typed and offered back on return;
// - buttons post through fetch: the answering page replaces this one, a generated document is
//   saved at once, and a failed post (server error, network, expired page) keeps what was typed.
"use strict";

(function () {
  var DRAFTS = "gov-report-editor-drafts";
  var CURRENT = "gov-report-editor-current";
  var KEEP_DRAFTS = 5;
  var RULES = { R1: true, R2: true, R3: true, R4: true };
  var state = null;

  // --- numbers and relations ---------------------------------------------------------------

  // A plain count as typed; null for anything else (the server reads those and answers).
  function count(text) {
    var t = text.trim();
    if (t === "") return 0;
    return /^-?[0-9]{1,15}$/.test(t) ? parseInt(t, 10) : null;
  }

  function overridden(path) {
    var table = path.indexOf("review_litigation.") === 0 ? "table4" : "table3";
    var box = state.form.querySelector('input[name="override.' + table + '"]');
    return Boolean(box && box.checked);
  }

  function recompute() {
    var start = performance.now();
    var cells = state.cells;
    var computes = state.computes;
    var memo = {};
    function value(path) {
      if (Object.prototype.hasOwnProperty.call(memo, path)) return memo[path];
      var result = 0;
      if (computes[path] && !overridden(path)) {
        computes[path].forEach(function (part) { result += value(part); });
        var text = String(result);
        if (cells[path].value !== text) cells[path].value = text;
      } else {
        var typed = count(cells[path].value);
        result = typed === null ? 0 : typed;
      }
      memo[path] = result;
      return result;
    }
    var broken = [];
    state.relations.forEach(function (relation) {
      var left = 0;
      var right = 0;
      relation.left.forEach(function (path) { left += value(path); });
      relation.right.forEach(function (path) { right += value(path); });
      if (left !== right) broken.push({ relation: relation, left: left, right: right });
    });
    showRules(broken);
    var timings = window.editorTimings || (window.editorTimings = []);
    timings.push(performance.now() - start);
    if (timings.length > 500) timings.shift();
  }

  function showRules(broken) {
    var signature = broken.map(function (b) {
      return b.relation.code + b.relation.path + ":" + b.left + "/" + b.right;
    }).join("|");
    if (signature === state.rulesShown) return;
    state.rulesShown = signature;
    state.ruleMarked.forEach(function (input) {
      if (!input.dataset.serverInvalid) input.removeAttribute("aria-invalid");
    });
    state.ruleMarked = [];
    var lists = { table3: [], table4: [] };
    state.live = [];
    broken.forEach(function (b) {
      var relation = b.relation;
      relation.left.concat(relation.right).forEach(function (path) {
        var input = state.cells[path];
        input.setAttribute("aria-invalid", "true");
        state.ruleMarked.push(input);
      });
      var text = relation.message.replace("{left}", b.left).replace("{right}", b.right);
      var item = { path: relation.path, label: relation.label, message: text, error: true };
      lists[relation.path.indexOf("review_litigation.") === 0 ? "table4" : "table3"].push(item);
      state.live.push(item);
    });
    Object.keys(lists).forEach(function (table) {
      var list = document.getElementById("rules-" + table);
      if (list) fillList(list, lists[table], "li");
    });
    showSummary();
  }

  // --- problem lists -------------------------------------------------------------------------

  function problemItem(tag, problem) {
    var item = document.createElement(tag);
    item.className = problem.error ? "field-error" : "field-warning";
    var link = document.createElement("a");
    link.href = "#f-" + (problem.path || "upload");
    link.textContent = problem.label;
    item.appendChild(link);
    item.appendChild(document.createTextNode("：" + problem.message));
    return item;
  }

  function fillList(list, problems, tag) {
    list.textContent = "";
    problems.forEach(function (problem) { list.appendChild(problemItem(tag, problem)); });
  }

  function pageOrder(problems) {
    function place(problem) {
      var element = document.getElementById("f-" + problem.path);
      for (var path = problem.path; !element && path.indexOf(".") > 0;) {
        path = path.slice(0, path.lastIndexOf("."));
        element = document.getElementById("f-" + path);
      }
      return element;
    }
    return problems.map(function (problem, index) {
      return { problem: problem, element: place(problem), index: index };
    }).sort(function (a, b) {
      if (a.element && b.element && a.element !== b.element) {
        return a.element.compareDocumentPosition(b.element) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
      }
      return a.index - b.index;
    }).map(function (entry) { return entry.problem; });
  }

  function showSummary() {
    var summary = document.getElementById("summary");
    if (!summary || !state.server) return;
    var errors = pageOrder(state.server.errors.concat(state.live));
    var warnings = state.server.warnings;
    document.getElementById("summary-title").textContent = errors.length + " 处错误";
    fillList(document.getElementById("summary-errors"), errors, "li");
    var box = document.getElementById("summary-warnings");
    box.hidden = warnings.length === 0;
    box.querySelector("h3").textContent = warnings.length + " 条提示（不影响生成，请核对）";
    fillList(box.querySelector("ol"), warnings, "li");
    summary.hidden = errors.length === 0 && warnings.length === 0 && !summary.querySelector(".left-out");
  }

  // The server's answer for everything but R1–R4 (live here): each problem under its field,
  // or, for a table cell, in the table's list.
  function showServer(answer) {
    var form = state.form;
    form.querySelectorAll(".problem").forEach(function (element) { element.remove(); });
    form.querySelectorAll("[data-server-invalid]").forEach(function (input) {
      delete input.dataset.serverInvalid;
      if (state.ruleMarked.indexOf(input) < 0) input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    });
    form.querySelectorAll(".cell-list").forEach(function (list) { list.textContent = ""; });
    function keep(list, error) {
      return list.filter(function (issue) { return !RULES[issue.code]; }).map(function (issue) {
        return { path: issue.path, label: issue.label, error: error, message: issue.message.split(" / ")[0] };
      });
    }
    state.server = { errors: keep(answer.errors, true), warnings: keep(answer.warnings, false) };
    state.server.errors.concat(state.server.warnings).forEach(function (problem, index) {
      var input = document.getElementById("f-" + problem.path);
      if (!input || !/^(INPUT|TEXTAREA|SELECT)$/.test(input.tagName)) return;
      // Fields not reached yet are listed at the top only, not flagged one by one.
      if (!state.touched[input.name] && !state.flagged[input.name]) return;
      var note = problemItem(input.classList.contains("cell") ? "li" : "p", problem);
      note.classList.add("problem");
      note.id = "live-" + index;
      if (input.classList.contains("cell")) {
        input.closest(".table-panel").querySelector(".cell-list").appendChild(note);
      } else {
        input.parentNode.insertBefore(note, input.nextSibling);
      }
      if (problem.error) {
        input.setAttribute("aria-invalid", "true");
        input.dataset.serverInvalid = "1";
      }
      var described = input.getAttribute("aria-describedby");
      input.setAttribute("aria-describedby", (described ? described + " " : "") + note.id);
    });
    showSummary();
  }

  function checkSoon() {
    clearTimeout(state.checkTimer);
    state.checkTimer = setTimeout(checkNow, 700);
  }

  function checkNow() {
    var data = new FormData(state.form);
    data.delete("upload");
    var asked = ++state.checks;
    fetch(state.form.dataset.check, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) { if (answer && asked === state.checks) showServer(answer); })
      .catch(function () { /* the live check is a help; 校验 and 生成 still check on the server */ });
  }

  // --- typing, pasting, keys -----------------------------------------------------------------

  // A row of numbers pasted into a cell (tab- or space-separated, as copied from Excel or a web
  // page) fills that cell and the ones to its right; more lines fill the rows below.
  function paste(event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("cell")) return;
    var text = event.clipboardData ? event.clipboardData.getData("text") : "";
    var lines = text.replace(/\r/g, "").split("\n").filter(function (line) { return line.trim() !== ""; });
    var rows = lines.map(function (line) { return line.trim().split(/[\t ]+|\u3000+/); });
    if (rows.length === 0 || (rows.length === 1 && rows[0].length === 1)) return;
    event.preventDefault();
    var tr = input.closest("tr");
    var column = Array.prototype.indexOf.call(tr.querySelectorAll("input.cell"), input);
    var skipped = 0;
    rows.forEach(function (values) {
      if (!tr) { skipped += values.length; return; }
      var targets = Array.prototype.slice.call(tr.querySelectorAll("input.cell"), column);
      values.forEach(function (value, index) {
        var target = targets[index];
        if (!target) { skipped += 1; return; }
        if (target.readOnly) { if (value !== target.value) skipped += 1; return; }
        target.value = value;
      });
      do { tr = tr.nextElementSibling; } while (tr && !tr.querySelector("input.cell"));
    });
    recompute();
    changed();
    if (skipped) {
      notice("warning", "粘贴的数字中有 " + skipped + " 个没有填入（超出表格，或与自动计算的总计不符），请核对。");
    }
  }

  function keydown(event) {
    var target = event.target;
    if (event.key !== "Enter" || target.tagName !== "INPUT") return;
    if (target.type === "checkbox" || target.type === "radio" || target.type === "file") return;
    event.preventDefault();
    var fields = Array.prototype.slice.call(state.form.querySelectorAll(
      "input:not([type=hidden]):not([readonly]):not([type=file]), textarea, select"));
    var next = fields[fields.indexOf(target) + 1];
    if (next) next.focus();
  }

  function input(event) {
    var target = event.target;
    // Choosing what to open is not an edit: no check of the report still on the page (a blank
    // answered the file's choice with 机关名称 不能为空 and the like).
    if (target.name === "upload" || target.name === "start") return;
    state.touched[target.name] = true;
    if (target.dataset && target.dataset.serverInvalid) {
      delete target.dataset.serverInvalid;
      if (state.ruleMarked.indexOf(target) < 0) target.removeAttribute("aria-invalid");
    }
    var carried = document.getElementById("carried-" + target.name);
    if (carried) carried.remove();
    if (target.classList.contains("cell")) recompute();
    if (target.name === "organization" || target.name === "year") titleHint();
    changed();
  }

  function titleHint() {
    var title = document.getElementById("f-title");
    var organization = document.getElementById("f-organization");
    var year = document.getElementById("f-year");
    if (title) {
      title.placeholder = (organization.value || organization.placeholder) + year.value + "年政府信息公开工作年度报告";
    }
  }

  function changed() {
    clearTimeout(state.draftTimer);
    state.draftTimer = setTimeout(saveDraft, 300);
    checkSoon();
  }

  function change(event) {
    var target = event.target;
    if (target.classList.contains("override")) {
      var table = target.name.split(".")[1];
      state.form.querySelectorAll(".grid-" + table + " input.computed").forEach(function (cell) {
        cell.readOnly = !target.checked;
      });
      recompute();
      changed();
    } else if (target.id === "f-year") {
      var select = document.getElementById("f-format");
      var year = parseInt(target.value, 10);
      var fits = Array.prototype.filter.call(select.options, function (option) {
        var last = option.dataset.lastYear;
        return year >= Number(option.dataset.firstYear) && (!last || year <= Number(last));
      })[0];
      if (fits && fits.value !== select.value) {
        select.value = fits.value;
        relayout();
      }
    } else if (target.id === "f-format") {
      relayout();
    }
  }

  function relayout() {
    post(formData(state.form.querySelector('button[value="format"]')));
  }

  // --- drafts in the browser -----------------------------------------------------------------

  function drafts() {
    try {
      var kept = JSON.parse(localStorage.getItem(DRAFTS) || "[]");
      return Array.isArray(kept) ? kept : [];
    } catch (error) {
      return [];
    }
  }

  function fields() {
    var pairs = [];
    new FormData(state.form).forEach(function (value, name) {
      if (typeof value === "string" && name !== "csrf_token") pairs.push([name, value]);
    });
    return pairs;
  }

  function saveDraft() {
    var id = sessionStorage.getItem(CURRENT);
    var kept = drafts().filter(function (draft) { return draft.id !== id; });
    kept.unshift({
      id: id,
      saved: Date.now(),
      organization: document.getElementById("f-organization").value,
      year: document.getElementById("f-year").value,
      fields: fields(),
    });
    try {
      localStorage.setItem(DRAFTS, JSON.stringify(kept.slice(0, KEEP_DRAFTS)));
      draftState("草稿已保存在本浏览器 " + new Date().toLocaleTimeString("zh-CN"));
    } catch (error) {
      draftState("浏览器无法保存草稿（空间不足或已禁用），请点击“保存草稿”下载。");
    }
  }

  function draftState(text) {
    var shown = document.getElementById("draft-state");
    if (shown) shown.textContent = text;
  }

  function offerDrafts() {
    var box = document.getElementById("drafts");
    var kept = drafts();
    if (!box || kept.length === 0) return;
    box.textContent = "";
    var intro = document.createElement("p");
    intro.textContent = "本浏览器中保存有未完成的草稿：";
    box.appendChild(intro);
    kept.forEach(function (draft) {
      var when = new Date(draft.saved).toLocaleString("zh-CN");
      var name = (draft.organization || "未填机关名称") + " " + (draft.year || "") + " 年度（" + when + "）";
      var restore = button("恢复草稿：" + name, function () { restoreDraft(draft); });
      var discard = button("丢弃", function () {
        var rest = drafts().filter(function (other) { return other.id !== draft.id; });
        localStorage.setItem(DRAFTS, JSON.stringify(rest));
        offerDrafts();
        if (rest.length === 0) box.hidden = true;
      });
      discard.setAttribute("aria-label", "丢弃草稿：" + name);
      var line = document.createElement("p");
      line.appendChild(restore);
      line.appendChild(discard);
      box.appendChild(line);
    });
    box.hidden = false;
  }

  function button(text, action) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "small";
    element.textContent = text;
    element.addEventListener("click", action);
    return element;
  }

  function restoreDraft(draft) {
    var data = new FormData();
    draft.fields.forEach(function (pair) { data.append(pair[0], pair[1]); });
    data.append("csrf_token", state.form.querySelector('input[name="csrf_token"]').value);
    data.set("action", "restore");
    sessionStorage.setItem(CURRENT, draft.id);
    post(data);
  }

  // --- posting -------------------------------------------------------------------------------

  function notice(kind, text) {
    window.staffPage.notice(kind, text);  // web.js, loaded first
  }

  function formData(submitter) {
    var data = new FormData(state.form, submitter);
    var file = state.form.querySelector('input[type="file"]');
    if (data.get("action") !== "open" && file) data.delete("upload");
    return data;
  }

  function post(data) {
    var buttons = Array.prototype.filter.call(state.form.querySelectorAll("button"), function (element) {
      return !element.disabled;
    });
    buttons.forEach(function (element) { element.disabled = true; });
    notice("busy", "正在处理，请稍候…");
    // getAttribute: form.action is the buttons named "action".
    fetch(state.form.getAttribute("action"), { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (response.redirected) {  // the sign-in has expired: the post was not made
          notice("error", "需要重新登录：请在新标签页中打开本页并登录，再回到这里点一次刚才的按钮。填写的内容都还在，也已保存在本浏览器。");
          return;
        }
        if (/attachment/.test(response.headers.get("Content-Disposition") || "")) {
          return response.blob().then(function (blob) {
            var name = window.staffPage.downloadName(response, "report-draft.json");
            window.staffPage.save(blob, name);
            notice("success", "已下载“" + name + "”（尚未通过校验的内容也已保存）。");
          });
        }
        if (type.indexOf("text/html") !== 0) {
          notice("error", "处理失败（" + response.status + "），填写的内容都还在，请稍后重试。");
          return;
        }
        return response.text().then(function (html) {
          if (!replace(html)) {
            notice("error", "服务器没有返回编辑页面（" + response.status + "），填写的内容都还在，请稍后重试。");
          }
        });
      })
      .catch(function () {
        notice("error", "网络连接失败，没有提交。填写的内容都还在，请检查网络后重试。");
      })
      .finally(function () {
        buttons.forEach(function (element) { element.disabled = false; });
      });
  }

  function replace(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    var main = fresh.getElementById("main");
    if (!main || !fresh.getElementById("editor")) return false;
    document.getElementById("main").replaceWith(document.adoptNode(main));
    init(false);
    var focus = document.querySelector("[autofocus]") || document.getElementById("notice");
    if (focus) focus.focus();
    var generated = document.getElementById("generated");
    if (generated) generated.click();
    return true;
  }

  function submit(event) {
    // The preview goes to its frame as a plain form post: show the frame, let it load.
    if (event.submitter && event.submitter.formTarget) {
      document.getElementById("preview-panel").scrollIntoView({ behavior: "smooth", block: "start" });
      return;
    }
    event.preventDefault();
    post(formData(event.submitter));
  }

  // --- start ---------------------------------------------------------------------------------

  function init(loaded) {
    var form = document.getElementById("editor");
    if (!form) return;
    var relations = JSON.parse(document.getElementById("relations").textContent);
    var cells = {};
    form.querySelectorAll("input.cell").forEach(function (cell) { cells[cell.name] = cell; });
    var computes = {};
    relations.forEach(function (relation) {
      if (relation.computes) computes[relation.path] = relation.right;
    });
    state = {
      form: form, relations: relations, cells: cells, computes: computes, ruleMarked: [],
      rulesShown: null, live: [], server: null, checks: 0, touched: {}, flagged: {},
    };
    form.querySelectorAll("[aria-describedby]").forEach(function (field) {
      if (field.name && field.getAttribute("aria-invalid")) state.flagged[field.name] = true;
    });
    if (form.dataset.fresh || !sessionStorage.getItem(CURRENT)) {
      sessionStorage.setItem(CURRENT, String(Date.now()) + Math.random().toString(16).slice(2));
    }
    form.addEventListener("input", input);
    form.addEventListener("change", change);
    form.addEventListener("paste", paste);
    form.addEventListener("keydown", keydown);
    form.addEventListener("submit", submit);
    recompute();
    if (loaded && form.dataset.fresh) offerDrafts();
    if (!form.dataset.fresh) checkNow();
  }

  document.addEventListener("DOMContentLoaded", function () { init(true); });
})();
