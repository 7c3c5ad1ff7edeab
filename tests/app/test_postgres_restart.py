"""PostgreSQL restarting in the middle of a cross-check, on a throwaway cluster this test starts.

Never the shared server: the cluster gets its own data directory, socket directory and a free
port, and is stopped in a ``finally``. ``manage.py`` runs as subprocesses pointed at it by
``DATABASE_URL``; a fault point holds the first chunk while the server restarts.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = """
from factcheck import pipeline
from factcheck.models import Source
air = Source.objects.create(name="Air Force channel")
ministry = Source.objects.create(name="Ministry feed")
pipeline.ingest_article(air, text="Russia fired 99 missiles at Ukraine on Tuesday, the air force said.",
                        published_at="2024-01-02T09:00:00Z")
pipeline.ingest_article(ministry, text="Russia launched 70 missiles at Ukraine on Tuesday, the ministry said.",
                        published_at="2024-01-02T10:00:00Z")
"""


def postgres_bin() -> Path:
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).parent
    pytest.skip("initdb / pg_ctl not found (/usr/lib/postgresql/*/bin): cannot start a throwaway cluster")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    def __init__(self, folder: Path, port: int) -> None:
        self.bin = postgres_bin()
        self.folder, self.port = folder, port
        self.data = folder / "data"
        # initdb refuses to run as root: run the server as the postgres account then.
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            try:
                account = pwd.getpwnam("postgres")
            except KeyError:
                pytest.skip("running as root and there is no postgres account to run a throwaway cluster")
            os.chown(folder, account.pw_uid, account.pw_gid)
            self.prefix = ["runuser", "-u", "postgres", "--"]

    def pg_ctl(self, *args: str) -> None:
        subprocess.run([*self.prefix, str(self.bin / "pg_ctl"), "-D", str(self.data), *args], check=True, timeout=120)

    def start(self) -> None:
        subprocess.run(
            [*self.prefix, str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust"]
            + ["-E", "UTF8", "--no-sync"],
            check=True,
            capture_output=True,
            timeout=120,
        )
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.pg_ctl("-l", str(self.folder / "server.log"), "-o", options, "-w", "-t", "60", "start")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    folder = Path(tempfile.mkdtemp(prefix="factcheck-pg-"))
    pg = Cluster(folder, free_port())
    try:
        pg.start()
        yield pg
    finally:
        if (pg.data / "postmaster.pid").exists():
            pg.pg_ctl("-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def manage(cluster: Cluster, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    environ = dict(os.environ, DEBUG="true", DATABASE_URL=cluster.url, REDIS_URL="", **(env or {}))
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process: subprocess.Popen[str], timeout: float = 180) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


def runs(cluster: Cluster) -> list[tuple[str, list[str]]]:
    import psycopg

    with psycopg.connect(cluster.url.replace("postgres://", "postgresql://"), connect_timeout=10) as conn:
        rows = conn.execute("SELECT status, errors FROM factcheck_crosscheckrun ORDER BY id").fetchall()
    return [(status, errors) for status, errors in rows]


def test_it_records_a_database_restart_mid_run_and_the_next_run_completes(cluster: Cluster, tmp_path: Path) -> None:
    code, out, err = finished(manage(cluster, "migrate", "--noinput"))
    assert code == 0, err
    code, out, err = finished(manage(cluster, "shell", "-c", ARTICLES))
    assert code == 0, err

    faults = {
        "FACTCHECK_FAULTS": "crosscheck_chunk:hold:1",
        "FACTCHECK_FAULTS_ID": uuid.uuid4().hex,
        "FACTCHECK_FAULTS_DIR": str(tmp_path),
    }
    run = manage(cluster, "crosscheck", env=faults)
    deadline = time.monotonic() + 120
    while not (tmp_path / "crosscheck_chunk.held").exists():
        assert run.poll() is None and time.monotonic() < deadline, run.communicate()
        time.sleep(0.05)
    cluster.pg_ctl("-m", "fast", "-w", "-t", "60", "restart")
    (tmp_path / "crosscheck_chunk.release").touch()
    code, out, err = finished(run)

    assert code != 0, (out, err)
    assert "connection lost during the run" in err and "Traceback" not in err, err
    [(status, errors)] = runs(cluster)
    assert status == "failed"
    assert "connection lost during the run: OperationalError" in errors[-1]

    code, out, err = finished(manage(cluster, "crosscheck"))
    assert code == 0, err
    assert "Cross-check done" in out
    assert [status for status, _ in runs(cluster)] == ["failed", "done"]
