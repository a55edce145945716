"""The buffering front of ``gov-report serve --front nginx``: Debian's nginx before gunicorn.

gunicorn's sync workers serve one connection each, start to finish: two clients that connect
and send nothing, or send their headers a byte a second, hold every worker (measured: /healthz
unanswered with 200 idle sockets). nginx holds thousands of such connections in one event loop,
drops them after ``client_header_timeout``/``client_body_timeout``, reads each request body
whole (to disk past 1 MiB) and each answer whole before passing it on, so the workers only ever
see complete requests over a local socket and never wait on a client. nginx runs as the same
(unprivileged) user with everything it writes under a private run directory; it stops with
gunicorn.
"""

from __future__ import annotations

import grp
import json
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from service.errors import ConfigInvalid
from service.http.problems import HTTP_PROBLEMS, PROBLEM_MIME, TYPE_PREFIX

NGINX = "nginx"


@dataclass(frozen=True, slots=True)
class Front:
    """Where the front listens, where gunicorn listens behind it, and the body limit."""

    host: str
    port: int
    run_dir: Path
    max_body_bytes: int
    header_seconds: int = 10
    body_seconds: int = 20

    @property
    def upstream(self) -> Path:
        """gunicorn's Unix socket, which only this user can reach."""
        return self.run_dir / "gunicorn.sock"


#: nginx's own refusals, answered as problem documents like the service's: nginx's status
#: (494 is its name for headers too large) and the status sent.
_ERRORS = {400: 400, 408: 408, 413: 413, 414: 414, 494: 431, 502: 502, 504: 504}


def _problem(status: int) -> str:
    """An nginx ``return`` of the problem document of `status`."""
    slug, title = HTTP_PROBLEMS[status]
    body = json.dumps(
        {"type": TYPE_PREFIX + slug, "title": title, "status": status, "detail": title},
        ensure_ascii=False,
    )
    return f"return {status} '{body}';"


def nginx_config(front: Front) -> str:
    """The nginx configuration of `front` (one worker process, no privileges needed)."""
    run = front.run_dir
    pages = "\n".join(
        f"    error_page {status} = @e{status};\n    location @e{status} {{\n"
        f"      default_type {PROBLEM_MIME};\n      add_header Cache-Control no-store always;\n"
        f"      {_problem(sent)}\n    }}"
        for status, sent in _ERRORS.items()
    )
    host = f"[{front.host}]" if ":" in front.host else front.host
    # Started by root, nginx would run its workers as nobody, who cannot reach the private
    # socket: they run as the user gunicorn runs as. (Not root, nginx warns at the directive.)
    user = ""
    if os.geteuid() == 0:
        account = pwd.getpwuid(os.geteuid())
        user = f"user {account.pw_name} {grp.getgrgid(account.pw_gid).gr_name};\n"
    return f"""# Written by gov-report serve --front nginx; see service/http/front.py.
{user}daemon off;
worker_processes 1;
pid {run}/nginx.pid;
error_log stderr warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  server_tokens off;
  client_body_temp_path {run}/body;
  proxy_temp_path {run}/proxy;
  fastcgi_temp_path {run}/fastcgi;
  uwsgi_temp_path {run}/uwsgi;
  scgi_temp_path {run}/scgi;
  client_header_timeout {front.header_seconds}s;
  client_body_timeout {front.body_seconds}s;
  send_timeout 60s;
  keepalive_timeout 15s;
  reset_timedout_connection on;
  client_max_body_size {front.max_body_bytes};
  client_body_buffer_size 1m;
  large_client_header_buffers 4 16k;
  charset utf-8;
  upstream gunicorn {{ server unix:{front.upstream}; }}
  server {{
    listen {host}:{front.port} reuseport;
{pages}
    location / {{
      proxy_pass http://gunicorn;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_request_buffering on;
      proxy_buffering on;
      proxy_read_timeout 120s;
      proxy_intercept_errors off;
    }}
  }}
}}
"""


def start_nginx(front: Front) -> subprocess.Popen[bytes]:
    """Write the configuration and start nginx; raises ConfigInvalid when nginx is missing or
    refuses its configuration."""
    binary = shutil.which(NGINX) or shutil.which(NGINX, path="/usr/sbin:/sbin")
    if binary is None:
        raise ConfigInvalid(
            "找不到 nginx（apt-get install nginx-light） / nginx is not installed"
        )
    config = front.run_dir / "nginx.conf"
    config.write_text(nginx_config(front), encoding="utf-8")
    checked = subprocess.run(
        [binary, "-t", "-q", "-c", str(config)], capture_output=True, text=True, check=False
    )
    if checked.returncode != 0:
        raise ConfigInvalid(f"nginx 配置无效 / nginx refused its configuration: {checked.stderr}")
    return subprocess.Popen([binary, "-c", str(config)])


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop nginx at once (QUIT would wait for slow clients) and reap it."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(30)


def run_dir() -> Path:
    """A new private directory for the socket, nginx's configuration and its temporary files."""
    return Path(tempfile.mkdtemp(prefix="gov-report-front-"))


def remove(directory: Path) -> None:
    """Remove a run directory once both servers stopped."""
    shutil.rmtree(directory, ignore_errors=True)
