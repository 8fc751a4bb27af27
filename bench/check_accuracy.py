"""Accuracy of the five checks on the fixture table (tests/site/expected.yaml), through the real CLI.

Prints verdict accuracy, violation precision and recall, per-check figures and every wrong verdict."""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.fixture_table import HOLDOUT, SITE, isolated_env, run_table, score  # noqa: E402
from tests.server import FixtureServer  # noqa: E402


def judge_times(results: dict, registry: Path, site: Path) -> list[float]:
    """Milliseconds to judge each captured page again from its stored facts.json (what `rejudge` does)."""
    from checks import Context, judge_all
    from tests.fixture_table import load_table
    from xunjian.registry import load_registry

    platforms = load_registry(registry)
    out = []
    for page in load_table(site):
        line = results[page["path"]]
        facts = json.loads((Path(line["evidence_dir"]) / "facts.json").read_text(encoding="utf-8"))
        t = time.perf_counter()
        judge_all(facts, Context(role=page["role"], platform=platforms[page["platform"]]))
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--table", default="site", choices=["site", "holdout"], help="tests/site (development) or tests/holdout")
    args = ap.parse_args()
    site = SITE if args.table == "site" else HOLDOUT
    with tempfile.TemporaryDirectory() as tmp, FixtureServer(site=site) as server:
        t = time.monotonic()
        results = run_table(server.base, isolated_env(Path(tmp)), Path(tmp), args.concurrency, site)
        elapsed = time.monotonic() - t
        judge_ms = judge_times(results, Path(tmp) / "platforms.yaml", site)
    s = score(results, site)
    if args.json:
        print(json.dumps(s, ensure_ascii=False, indent=2))
        return
    print(f"pages: {len(results)}  verdicts: {s['verdicts']}  right: {s['right']}  ({elapsed:.0f} s)")
    print(f"judging all five checks on stored facts: median {statistics.median(judge_ms):.1f} ms/page, "
          f"max {max(judge_ms):.1f} ms (facts already in memory)")
    print(f"accuracy {s['accuracy']:.3f}  violation precision {s['violation_precision']:.3f}  recall {s['violation_recall']:.3f}")
    for check, fig in s["per_check"].items():
        print(f"  {check:22s} {fig}")
    for w in s["wrong"]:
        print(f"WRONG {w['check']:20s} want {w['want']:15s} got {str(w['got']):15s} {w['path']}  {w['reason'][:90]}")


if __name__ == "__main__":
    main()
