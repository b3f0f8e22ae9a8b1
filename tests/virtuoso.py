"""A real Virtuoso open source (Debian's virtuoso-opensource-7-bin) on 127.0.0.1 for the tests.

A fresh database in a temporary folder, SQL and HTTP on free loopback ports, run in the
foreground as a child process. Its own Graph Store endpoint, ``/sparql-graph-crud-auth``, asks
for HTTP Digest authentication; the ``dba`` password is changed from the factory default first,
so that the tests prove the publisher uses the credentials it is given.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import free_port
from tests.static_servers import require

VIRTUOSO = shutil.which("virtuoso-t") or "/usr/bin/virtuoso-t"
ISQL = shutil.which("isql-vt") or "/usr/bin/isql-vt"
PASSWORD = "PublishTestSecret7"


@dataclass(frozen=True)
class Virtuoso:
    base: str
    user: str = "dba"
    password: str = PASSWORD

    @property
    def graph_store(self) -> str:
        return f"{self.base}/sparql-graph-crud-auth"

    def get(self, url: str, accept: str) -> bytes:
        """A GET with Digest authentication, by the standard library's own handler."""
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, self.base, self.user, self.password)
        opener = urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(passwords))
        request = urllib.request.Request(url, headers={"Accept": accept})
        with opener.open(request, timeout=60) as answer:
            return bytes(answer.read())


def _ini(folder: Path, sql_port: int, http_port: int) -> str:
    return f"""[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
MaxClientConnections = 5
ServerThreads = 5
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


@contextmanager
def start() -> Iterator[Virtuoso]:
    require(VIRTUOSO, "virtuoso-opensource-7-bin")
    folder = Path(tempfile.mkdtemp(prefix="ekg-virtuoso-"))
    sql_port, http_port = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(_ini(folder, sql_port, http_port))
    proc = subprocess.Popen(
        [VIRTUOSO, "-f", "-c", str(folder / "virtuoso.ini")],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{base}/sparql-graph-crud-auth", timeout=2).read()
            except urllib.error.HTTPError as e:
                if e.code == 401:  # up, and asking for credentials
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log = folder / "virtuoso.log"
                raise RuntimeError(
                    "virtuoso did not start: " + (log.read_text() if log.exists() else "")
                )
            time.sleep(0.3)
        done = subprocess.run(
            [ISQL, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec=set password dba {PASSWORD};"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        yield Virtuoso(base)
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        shutil.rmtree(folder, ignore_errors=True)
