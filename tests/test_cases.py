"""From findings to cases: review decisions (and their inheritance), the violation list in each format, the signed
case bundle and its offline verification, and rectification rechecks on pages fixed (or removed) between captures."""
from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.fixture_table import write_registry
from tests.server import SITE, FixtureServer

LIC = "p/xingheshop/license/"
COLUMNS = ["平台", "经营者", "店铺", "页面类型", "URL", "违法情形", "法律依据", "首次发现", "最近发现", "发现次数", "取证编号",
           "截图 SHA-256", "审核状态", "审核人"]


@pytest.fixture(scope="module")
def case(tmp_path_factory, module_inst):
    """Four licence violations captured from a copy of the fixture site: A to be fixed, B left, C removed, D dismissed."""
    site = tmp_path_factory.mktemp("casesite") / "site"
    shutil.copytree(SITE, site)
    with FixtureServer(site=site) as srv:
        pages = {k: srv.url("/" + LIC + name) for k, name in
                 (("A", "none.html"), ("B", "same-colour.html"), ("C", "prose-only.html"), ("D", "hidden-display-none.html"))}
        registry = str(write_registry(srv.base, site.parent / "platforms.yaml", site))
        code, lines = module_inst.capture(*pages.values(), "--role", "homepage", "--registry", registry, "--platform", "xinghe")
        assert code == 3, lines
        yield {"inst": module_inst, "site": site, "pages": pages, "lines": lines, "registry": registry}


def listed(inst, *args: str) -> dict[str, dict]:
    proc = inst.run("review", "list", "--json", *args)
    assert proc.returncode == 0, proc.stderr
    return {r["url"]: r for r in map(json.loads, proc.stdout.splitlines())}


def export_rows(case: dict, tmp_path: Path, *args: str) -> list[dict]:
    out = tmp_path / "list.csv"
    proc = case["inst"].run("export", "--format", "csv", "-o", str(out), "--registry", case["registry"], *args)
    assert proc.returncode == 0, proc.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens the Chinese right
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_review_export_inherit_recheck_and_bundle(case, tmp_path):
    inst, pages = case["inst"], case["pages"]
    rows = listed(inst, "--state", "all")
    assert set(rows) == set(pages.values()) and all(r["review_state"] == "待审核" for r in rows.values())
    fid = {k: rows[u]["finding_id"] for k, u in pages.items()}
    assert all(rows[u]["check"] == "license_display" for u in pages.values())

    # Transitions: a dismissal needs a reason; only violations are reviewed; unknown ids are named.
    assert inst.run("review", "dismiss", str(fid["D"]), "--reason", "").returncode == 2
    bad = inst.run("review", "confirm", "999999")
    assert bad.returncode == 2 and "999999" in bad.stderr
    assert inst.run("review", "confirm", str(fid["A"]), str(fid["B"]), str(fid["C"]), "--reviewer", "王检查").returncode == 0
    assert inst.run("review", "dismiss", str(fid["D"]), "--reason", "页脚以图片展示，人工核实已亮照", "--reviewer", "李复核").returncode == 0
    rows = listed(inst, "--state", "all")
    assert {k: rows[u]["review_state"] for k, u in pages.items()} == {"A": "已确认", "B": "已确认", "C": "已确认", "D": "已排除"}
    assert rows[pages["D"]]["reviewer"] == "李复核"
    assert set(listed(inst)) == set()  # nothing pending any more

    # A later capture of the same page and element inherits the decision, marked as such.
    code, again = inst.capture(pages["A"], "--role", "homepage", "--registry", case["registry"], "--platform", "xinghe")
    assert code == 3
    rows = listed(inst, "--state", "all")
    a = rows[pages["A"]]
    assert a["finding_id"] != fid["A"] and a["review_state"] == f"已确认（沿用线索 {fid['A']} 的审核）"
    assert a["times_seen"] == 2 and a["capture_id"] == again[pages["A"]]["capture_id"]
    # Re-judging keeps decisions with the violation they were about.
    assert inst.run("rejudge", case["lines"][pages["D"]]["capture_id"]).returncode == 0
    assert listed(inst, "--state", "dismissed").keys() == {pages["D"]}

    # The violation list: exact columns, dismissed left out unless asked for.
    exported = export_rows(case, tmp_path)
    assert list(exported[0])[:14] == COLUMNS
    assert {r["URL"] for r in exported} == {pages["A"], pages["B"], pages["C"]}
    a_row = next(r for r in exported if r["URL"] == pages["A"])
    assert a_row["发现次数"] == "2" and a_row["页面类型"] == "首页" and a_row["审核人"] == "王检查"
    assert a_row["平台"] == "星河商城" and a_row["经营者"] and a_row["法律依据"] and len(a_row["截图 SHA-256"]) == 64 and a_row["首次发现"] <= a_row["最近发现"]
    assert {r["URL"] for r in export_rows(case, tmp_path, "--state", "all")} == set(pages.values())
    assert export_rows(case, tmp_path, "--check", "ad_label") == []
    assert inst.run("export", "--format", "pdf", "-o", str(tmp_path / "x.pdf")).returncode == 2
    assert inst.run("export", "-o", str(tmp_path / "x.csv"), "--since", "yesterday").returncode == 2

    xlsx = tmp_path / "list.xlsx"
    assert inst.run("export", "--format", "xlsx", "-o", str(xlsx)).returncode == 0
    from openpyxl import load_workbook
    ws = load_workbook(xlsx).active
    header = [c.value for c in ws[1]]
    assert header[:14] == COLUMNS and ws.freeze_panes == "A2" and ws.max_row == 4
    url_cell = ws.cell(row=2, column=header.index("URL") + 1)
    assert url_cell.hyperlink is not None and url_cell.hyperlink.target == url_cell.value
    assert ws.column_dimensions["F"].width >= 40  # 违法情形 is readable
    as_json = tmp_path / "list.json"
    assert inst.run("export", "--format", "json", "-o", str(as_json)).returncode == 0
    assert {r["url"] for r in json.loads(as_json.read_text(encoding="utf-8"))} == {pages["A"], pages["B"], pages["C"]}

    # Rectification recheck: A fixed, B unchanged, C removed; D (dismissed) is not rechecked.
    lic = case["site"] / LIC
    shutil.copy(lic / "footer-ok.html", lic / "none.html")
    (lic / "prose-only.html").unlink()
    proc = inst.run("recheck", "--json", "--registry", case["registry"])
    assert proc.returncode == 0, proc.stderr
    outcome = {r["url"]: r["outcome"] for r in map(json.loads, proc.stdout.splitlines())}
    assert outcome == {pages["A"]: "rectified", pages["B"]: "still_violating", pages["C"]: "page_gone"}
    exported = {r["URL"]: r for r in export_rows(case, tmp_path)}
    assert exported[pages["A"]]["整改复查"] == "已整改" and exported[pages["B"]]["整改复查"] == "仍违法"
    assert exported[pages["C"]]["整改复查"] == "页面已不存在" and exported[pages["A"]]["复查取证编号"]

    # The case bundle verifies offline, and any changed byte is named.
    bundle = tmp_path / "case.zip"
    proc = inst.run("export", "--bundle", str(bundle), "--registry", case["registry"], timeout=300)
    assert proc.returncode == 0, proc.stderr
    ok = inst.run("verify", str(bundle))
    assert ok.returncode == 0, ok.stdout
    with zipfile.ZipFile(bundle) as z:
        names = z.namelist()
        cid = exported[pages["A"]]["取证编号"]
        for needed in ("violations.xlsx", "violations.csv", "README.txt", "signing-key.pub.pem", "BUNDLE.json",
                       f"evidence/{cid}/manifest.json", f"evidence/{cid}/screenshot.png", f"sheets/{cid}.pdf", f"wacz/{cid}.wacz"):
            assert needed in names, needed
        assert f"evidence/{exported[pages['A']]['复查取证编号']}/manifest.json" in names  # the recheck's evidence too
        sheet = z.read(f"sheets/{cid}.pdf")
        manifest = json.loads(z.read(f"evidence/{cid}/manifest.json"))
    assert sheet.startswith(b"%PDF")
    from pypdf import PdfReader
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(sheet)).pages).replace("\n", "")
    shot = next(f["sha256"] for f in manifest["files"] if f["name"] == "screenshot.png")
    assert pages["A"] in text and shot in text and cid in text
    for victim in ("violations.csv", f"evidence/{cid}/screenshot.png", f"sheets/{cid}.pdf", f"wacz/{cid}.wacz",
                   "BUNDLE.json", f"evidence/{cid}/manifest.json"):
        bad = tmp_path / "tampered.zip"
        with zipfile.ZipFile(bundle) as src, zipfile.ZipFile(bad, "w") as dst:
            for info in src.infolist():
                data = src.read(info.filename)
                if info.filename == victim:
                    data = data[:100] + bytes([data[100] ^ 1]) + data[101:]
                dst.writestr(info, data)
        proc = inst.run("verify", str(bad))
        assert proc.returncode == 1 and victim.split("/")[-1] in proc.stdout, (victim, proc.stdout)
