"""Sweep throughput: pages per minute and peak memory over a local fictional platform (tests/catalogue.py: a
homepage, a search page and N product pages, no pop-ups).

    bench/sweep_speed.py --mode local --concurrency 4 8      one process, embedded SQLite
    bench/sweep_speed.py --mode workers --workers 1 2        `sweep --redis` + N `worker` processes, real redis-server
                                                             and PostgreSQL started here (tests/services.py)

Pages/min covers the whole run (start-up, browser launch, every page captured, judged, sealed and stored); memory is
the peak resident size of all the processes involved, browsers included (not Redis/PostgreSQL)."""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from crawler.frontier import Frontier  # noqa: E402
from tests.catalogue import catalogue  # noqa: E402
from tests.fixture_table import isolated_env  # noqa: E402
from tests.server import descendants  # noqa: E402
from tests.services import postgres_server, redis_server  # noqa: E402


def tree_rss_mb(pids: list[int]) -> float:
    total = 0
    for p in {q for pid in pids for q in (pid, *descendants(pid))}:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def xunjian(env: dict[str, str], out: Path, *args: str) -> subprocess.Popen:
    # Output to a file, not a pipe: a full pipe would stall the process.
    return subprocess.Popen([sys.executable, "-m", "xunjian", *args], env=env, cwd=ROOT, stdout=open(out, "w"),
                            stderr=subprocess.DEVNULL, text=True)


def measure(procs: list[subprocess.Popen], main: subprocess.Popen, out: Path, label: str) -> None:
    t, peak = time.monotonic(), 0.0
    while main.poll() is None:
        peak = max(peak, tree_rss_mb([p.pid for p in procs]))
        time.sleep(0.25)
    elapsed = time.monotonic() - t
    for p in procs:
        p.wait(120)
    summary = [json.loads(l) for l in out.read_text().splitlines() if '"sweep_id"' in l]
    pages = summary[0]["pages"] if summary else 0
    failed = summary[0]["failed"] if summary else "?"
    print(f"{label}: {pages} pages ({failed} failed) in {elapsed:.1f} s = {pages / elapsed * 60:.0f} pages/min; "
          f"peak memory {peak:.0f} MB", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--products", type=int, default=40)
    ap.add_argument("--mode", choices=["local", "workers"], default="local")
    ap.add_argument("--concurrency", type=int, nargs="+", default=[4, 8], help="local: one run per value; workers: per worker (first value)")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp, catalogue(Path(tmp), args.products) as site:
        sweep_args = ["sweep", "--registry", site["registry"], "--platform", "catalogue", "--json"]
        if args.mode == "local":
            for conc in args.concurrency:
                home = Path(tmp) / f"local{conc}"
                home.mkdir()
                proc = xunjian(isolated_env(home), home / "out.jsonl", *sweep_args, "--concurrency", str(conc))
                measure([proc], proc, home / "out.jsonl", f"one process, concurrency {conc}")
            return
        redis_gen, pg_gen = redis_server(Path(tmp)), postgres_server()
        redis_url, database_url = next(redis_gen), next(pg_gen)
        try:
            for n in args.workers:
                home = Path(tmp) / f"workers{n}"
                home.mkdir()
                env = dict(isolated_env(home), DATABASE_URL=database_url)
                sweep = xunjian(env, home / "out.jsonl", *sweep_args, "--redis", redis_url)
                frontier = Frontier.from_url(redis_url)
                while frontier.pending_count() == 0 and sweep.poll() is None:  # seeded: workers will not leave idle
                    time.sleep(0.1)
                workers = [xunjian(env, home / f"worker{i}.out", "worker", "--redis", redis_url, "--concurrency",
                                   str(args.concurrency[0]), "--exit-when-idle") for i in range(n)]
                measure([sweep, *workers], sweep, home / "out.jsonl", f"{n} worker(s) × concurrency {args.concurrency[0]}")
        finally:
            redis_gen.close()
            pg_gen.close()


if __name__ == "__main__":
    main()
