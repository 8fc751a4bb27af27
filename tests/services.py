"""Real Redis and PostgreSQL servers for the tests, started from the Debian packages (`make test` installs them) on
127.0.0.1, each in its own temporary directory and free port, stopped afterwards."""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Callable, Iterator


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(ready: Callable[[], bool], what: str, proc: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}: {log.read_text(errors='replace')[-2000:]}")
        try:
            if ready():
                return
        except Exception:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not start within {timeout} s: {log.read_text(errors='replace')[-2000:]}")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def redis_server(workdir: Path) -> Iterator[str]:
    """Yields redis://127.0.0.1:PORT/0."""
    import redis

    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    port = free_port()
    log = workdir / "redis.log"
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", str(workdir)], stdout=open(log, "w"), stderr=subprocess.STDOUT)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        wait_until(lambda: redis.Redis.from_url(url).ping(), "redis-server", proc, log)
        yield url
    finally:
        stop(proc)


def postgres_server() -> Iterator[str]:
    """Yields a DATABASE_URL for a fresh database on a throw-away cluster. PostgreSQL refuses to run as root, so as
    root the cluster belongs to the `postgres` user the Debian package creates (in its own directory under /tmp,
    since pytest's are private to root)."""
    import psycopg

    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    if not bins:
        raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql; `make test` does it)")
    bindir = Path(bins[-1])
    workdir = Path(tempfile.mkdtemp(prefix="xunjian-pg-"))
    data = workdir / "pgdata"
    data.mkdir(mode=0o700)
    as_user: list[str] = []
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        os.chown(workdir, pw.pw_uid, pw.pw_gid)
        os.chown(data, pw.pw_uid, pw.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    log = workdir / "postgres.log"
    subprocess.run([*as_user, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                    "--locale=C.UTF-8", "--no-sync"], check=True, capture_output=True)
    port = free_port()
    proc = subprocess.Popen([*as_user, str(bindir / "postgres"), "-D", str(data), "-p", str(port), "-k", str(workdir),
                             "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=200"],
                            stdout=open(log, "w"), stderr=subprocess.STDOUT)
    admin = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    try:
        wait_until(lambda: psycopg.connect(admin, connect_timeout=2).close() is None, "postgres", proc, log)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("CREATE DATABASE xunjian")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/xunjian"
    finally:
        stop(proc)
        shutil.rmtree(workdir, ignore_errors=True)
