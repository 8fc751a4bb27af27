"""The fixture table (tests/site/expected.yaml) captured through the real CLI; shared by the test and bench/."""
from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

SITE = Path(__file__).parent / "site"
ROOT = Path(__file__).resolve().parent.parent


def page_verdict(findings: list[dict[str, Any]], check: str) -> str | None:
    from xunjian.rejudge import page_verdicts

    return page_verdicts(findings).get(check)


HOLDOUT = Path(__file__).parent / "holdout"


def load_table(site: Path = SITE) -> list[dict[str, Any]]:
    return yaml.safe_load((site / "expected.yaml").read_text(encoding="utf-8"))["pages"]


def write_registry(base: str, dest: Path, site: Path = SITE) -> Path:
    text = (site / "platforms.yaml").read_text(encoding="utf-8").replace("{base}", base)
    dest.write_text(text, encoding="utf-8")
    return dest


def run_table(base: str, env: dict[str, str], workdir: Path, concurrency: int = 4,
              site: Path = SITE) -> dict[str, dict[str, Any]]:
    """Capture every page of the table, one CLI batch per (platform, role); returns JSON lines by page path."""
    registry = write_registry(base, workdir / "platforms.yaml", site)
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for page in load_table(site):
        groups[(page["platform"], page["role"])].append(page)
    results: dict[str, dict[str, Any]] = {}
    for (platform, role), pages in sorted(groups.items()):
        urls = {f"{base}/{p['path']}": p["path"] for p in pages}
        proc = subprocess.run([sys.executable, "-m", "xunjian", "capture", "--json", "--registry", str(registry),
                               "--platform", platform, "--role", role, "--concurrency", str(concurrency), *urls],
                              env=env, cwd=ROOT, capture_output=True, text=True, timeout=900)
        for line in proc.stdout.splitlines():
            d = json.loads(line)
            results[urls[d["url"]]] = d
        missing = set(urls.values()) - set(results)
        if missing:
            raise RuntimeError(f"no line for {sorted(missing)}: {proc.stderr[-2000:]}")
    return results


def score(results: dict[str, dict[str, Any]], site: Path = SITE) -> dict[str, Any]:
    """Verdict accuracy and violation precision/recall over every (page, check) of the table."""
    from checks import CHECK_IDS

    total = right = tp = fp = fn = 0
    per_check: dict[str, list[int]] = {c: [0, 0] for c in CHECK_IDS}
    wrong = []
    for page in load_table(site):
        line = results[page["path"]]
        for check in CHECK_IDS:
            want = page["expect"][check]
            got = page_verdict(line["findings"], check)
            total += 1
            per_check[check][1] += 1
            if got == want:
                right += 1
                per_check[check][0] += 1
            else:
                reason = next((f["reason"] for f in line["findings"] if f["check"] == check and f["verdict"] == got), "")
                wrong.append({"path": page["path"], "check": check, "want": want, "got": got, "reason": reason})
            tp += want == "violation" and got == "violation"
            fp += want != "violation" and got == "violation"
            fn += want == "violation" and got != "violation"
    return {
        "verdicts": total, "right": right, "accuracy": right / total if total else 0,
        "violation_precision": tp / (tp + fp) if tp + fp else 1.0, "violation_recall": tp / (tp + fn) if tp + fn else 1.0,
        "per_check": {c: f"{r}/{n}" for c, (r, n) in per_check.items()}, "wrong": wrong,
    }


def isolated_env(home: Path) -> dict[str, str]:
    """The environment of a fresh installation in `home` (evidence, database, key), for runs outside pytest too."""
    from tests.conftest import Installation

    return Installation(home).env
