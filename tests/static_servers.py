"""Real nginx and Apache httpd from Debian, serving a published site on 127.0.0.1 for the tests.

Both run in the foreground as child processes on a free loopback port with their own
configuration and run directory; the site's own generated rules (``nginx.conf`` included in the
``server`` block; ``.htaccess`` under exactly the ``AllowOverride`` it documents) do the rest.
A missing server fails the tests under CI (``CI=true``) and skips them elsewhere.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import free_port, require_tool

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
APACHE = shutil.which("apache2") or "/usr/sbin/apache2"
APACHE_MODULES = Path("/usr/lib/apache2/modules")
#: What the generated .htaccess says it needs, and nothing more.
APACHE_MODULES_USED = (
    ("mpm_event", "mod_mpm_event"),
    ("authz_core", "mod_authz_core"),
    ("mime", "mod_mime"),
    ("negotiation", "mod_negotiation"),
    ("asis", "mod_asis"),
    ("rewrite", "mod_rewrite"),
    ("headers", "mod_headers"),
    ("setenvif", "mod_setenvif"),
    ("dir", "mod_dir"),
    ("autoindex", "mod_autoindex"),  # Debian's default: the site must not list directories
)


def require(executable: str, package: str) -> None:
    """Fail under CI, skip elsewhere, when an outside server is not installed."""
    require_tool(executable, f"Debian package {package}; .ci/run installs it")


def _wait(proc: subprocess.Popen[bytes], base: str, what: str, log: Path | None) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(base + "/robots.txt", timeout=2) as answer:
                answer.read()
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                err = proc.stderr.read().decode() if proc.stderr else ""
                if log is not None and log.exists():
                    err += log.read_text()
                raise RuntimeError(f"{what} did not start: {err}") from None
            time.sleep(0.1)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


@contextmanager
def nginx(site: Path, run: Path) -> Iterator[str]:
    """nginx with the site's ``nginx.conf`` included in its ``server`` block."""
    require(NGINX, "nginx-light")
    port = free_port()
    conf = run / "nginx.conf"
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf.write_text(f"""{user}worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {run}/body; proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi; uwsgi_temp_path {run}/uwsgi; scgi_temp_path {run}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {site};
        include {site}/nginx.conf;
    }}
}}
""")
    proc = subprocess.Popen(
        [NGINX, "-p", str(run), "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(proc, base, "nginx", run / "error.log")
        yield base
    finally:
        _stop(proc)


@contextmanager
def apache(site: Path, run: Path) -> Iterator[str]:
    """Apache httpd with Debian's modules, the site as document root, ``AllowOverride FileInfo``."""
    require(APACHE, "apache2")
    port = free_port()
    loads = "\n".join(
        f"LoadModule {name}_module {APACHE_MODULES / (so + '.so')}"
        for name, so in APACHE_MODULES_USED
    )
    # Apache refuses to run its workers as root: they take an unprivileged user, which must be
    # able to read the site (the caller makes it world-readable).
    user = ""
    if os.geteuid() == 0:
        name = next(u for u in ("www-data", "nobody") if _has_user(u))
        user = f"User {name}\nGroup {pwd.getpwnam(name).pw_gid}\n".replace("Group ", "Group #")
    conf = run / "httpd.conf"
    conf.write_text(f"""ServerRoot {run}
PidFile {run}/httpd.pid
Mutex file:{run} default
DefaultRuntimeDir {run}
Listen 127.0.0.1:{port}
ServerName 127.0.0.1
ErrorLog {run}/error.log
LogLevel warn
{user}{loads}
TypesConfig /etc/mime.types
DocumentRoot {site}
DirectoryIndex index.html
<Directory />
    Options None
    AllowOverride None
    Require all denied
</Directory>
<Directory {site}>
    Options Indexes FollowSymLinks
    AllowOverride FileInfo
    Require all granted
</Directory>
""")
    proc = subprocess.Popen(
        [APACHE, "-d", str(run), "-f", str(conf), "-DFOREGROUND"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "APACHE_RUN_DIR": str(run), "APACHE_LOCK_DIR": str(run)},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(proc, base, "apache2", run / "error.log")
        yield base
    finally:
        _stop(proc)
        log = run / "error.log"
        # A directive the .htaccess may not use answers 500 and says why here.
        refused = [line for line in log.read_text().splitlines() if ".htaccess:" in line]
        assert not refused, refused


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True
