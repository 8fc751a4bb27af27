"""Every page of the fixture site (tests/site/expected.yaml) through the real CLI in real Chromium: each of the five
verdicts as expected; findings carry reason, basis and boxes; annotated.png and crops exist; rejudge agrees."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import yaml
from PIL import Image

from checks import CHECK_IDS
from tests.fixture_table import HOLDOUT, isolated_env, load_table, page_verdict, run_table, score
from tests.server import FixtureServer

TABLE = load_table()


@pytest.fixture(scope="module")
def table_run(server, tmp_path_factory):
    home = tmp_path_factory.mktemp("table")
    env = isolated_env(home)
    return {"results": run_table(server.base, env, home), "env": env, "home": home}


@pytest.mark.parametrize("page", TABLE, ids=[p["path"] for p in TABLE])
def test_fixture_page_verdicts(table_run, page):
    line = table_run["results"][page["path"]]
    assert line["status"] == "ok", line["error"]
    got = {c: page_verdict(line["findings"], c) for c in CHECK_IDS}
    wrong = {c: (page["expect"][c], got[c], [f["reason"] for f in line["findings"] if f["check"] == c][:2])
             for c in CHECK_IDS if got[c] != page["expect"][c]}
    assert not wrong, f"{page['why']}: {wrong}"


def test_accuracy_figures(table_run):
    s = score(table_run["results"])
    assert s["accuracy"] >= 0.97 and s["violation_precision"] >= 0.97 and s["violation_recall"] >= 0.97, s["wrong"]


def test_findings_carry_reason_basis_and_boxes(table_run):
    violations = [f for line in table_run["results"].values() for f in line["findings"] if f["verdict"] == "violation"]
    assert len(violations) >= 50
    for f in violations:
        assert f["reason"] and f["basis"] and ("法" in f["basis"] or "规范" in f["basis"])
    boxed = [f for f in violations if f["elements"]]
    assert all(len(e["box"]) == 4 for f in boxed for e in f["elements"])
    # Every violation except "nothing there at all" points at something on the page.
    assert len(boxed) >= 0.8 * len(violations)


def test_annotated_screenshot_and_crops(table_run):
    line = table_run["results"]["p/xingheshop/license/hidden-display-none.html"]
    folder = Path(line["evidence_dir"])
    annotated = Image.open(folder / "annotated.png").convert("RGB")
    shot = Image.open(folder / "screenshot.png").convert("RGB")
    assert annotated.size == shot.size
    assert annotated.tobytes() != shot.tobytes()  # boxes were drawn
    crops = [e for f in line["findings"] if f["verdict"] == "violation" for e in f["evidence"]]
    assert crops and all((folder / c).exists() for c in crops)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert {"annotated.png", *crops} <= {f["name"] for f in manifest["files"]}  # sealed with the rest


def test_popup_probe_frames_are_evidence(table_run):
    popups = [l for l in table_run["results"].values() for f in l["findings"]
              if f["check"] == "popup_close" and f["verdict"] in ("violation", "compliant")]
    assert popups
    for line in popups:
        folder = Path(line["evidence_dir"])
        frames = [e for f in line["findings"] if f["check"] == "popup_close" for e in f["evidence"]]
        assert any(name.endswith("-before.png") for name in frames)
        assert all((folder / name).exists() for name in frames)


def test_rejudge_agrees_with_capture_and_reports_changes(table_run, tmp_path):
    import subprocess
    import sys

    from tests.fixture_table import ROOT

    env = table_run["env"]
    registry = table_run["home"] / "platforms.yaml"
    proc = subprocess.run([sys.executable, "-m", "xunjian", "rejudge", "--all", "--registry", str(registry)],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert f"重新判定 {len(TABLE)} 个页面，0 项结论变化" in proc.stdout
    # A rule change shows up as changed verdicts: with a registry in which one platform has no self-operated
    # business, its self-operated verdicts become not_applicable.
    data = yaml.safe_load(registry.read_text(encoding="utf-8"))
    next(p for p in data["platforms"] if p["id"] == "xinghe")["self_operated"] = None
    changed = tmp_path / "changed.yaml"
    changed.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "xunjian", "rejudge", "--all", "--registry", str(changed)],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "self_operated_label" in proc.stdout and "→ not_applicable" in proc.stdout
    db = sqlite3.connect(table_run["home"] / "xunjian.db")
    assert db.execute("select count(*) from finding where \"check\" = 'self_operated_label'").fetchone()[0] > 0


HOLDOUT_TABLE = load_table(HOLDOUT)


@pytest.fixture(scope="module")
def holdout_run(tmp_path_factory):
    """The holdout set (tests/holdout), written separately from the checks and the development fixtures."""
    home = tmp_path_factory.mktemp("holdout")
    with FixtureServer(site=HOLDOUT) as server:
        yield run_table(server.base, isolated_env(home), home, site=HOLDOUT)


@pytest.mark.parametrize("page", HOLDOUT_TABLE, ids=[p["path"] for p in HOLDOUT_TABLE])
def test_holdout_page_verdicts(holdout_run, page):
    line = holdout_run[page["path"]]
    got = {c: page_verdict(line["findings"], c) for c in CHECK_IDS}
    wrong = {c: (page["expect"][c], got[c]) for c in CHECK_IDS if got[c] != page["expect"][c]}
    assert not wrong, f"{page['why']}: {wrong}"
