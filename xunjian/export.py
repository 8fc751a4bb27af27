"""The violation list as a case officer's spreadsheet: CSV (UTF-8 with BOM, so Excel reads the Chinese), XLSX
(frozen header, widths, URLs as links) or JSON (English keys, for programs)."""
from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from .evidence import shanghai_text
from .labels import ROLE_LABELS
from .review import STATE_LABELS, Violation

RECHECK_LABELS = {"rectified": "已整改", "still_violating": "仍违法", "page_gone": "页面已不存在", "inconclusive": "复查无法判断",
                  "failed": "复查取证失败"}
# (JSON key, column title, XLSX width). The first fourteen are the case file's columns; the rest extend them.
COLUMNS = [
    ("platform", "平台", 14), ("operator", "经营者", 24), ("shop", "店铺", 18), ("role", "页面类型", 9),
    ("url", "URL", 48), ("reason", "违法情形", 60), ("basis", "法律依据", 40), ("first_seen", "首次发现", 19),
    ("last_seen", "最近发现", 19), ("times_seen", "发现次数", 9), ("capture_id", "取证编号", 26),
    ("screenshot_sha256", "截图 SHA-256", 30), ("review_state", "审核状态", 12), ("reviewer", "审核人", 10),
    ("check", "检查项", 18), ("finding_id", "线索编号", 9), ("recheck", "整改复查", 14), ("recheck_at", "复查时间", 19),
    ("recheck_capture_id", "复查取证编号", 26),
]
FORMATS = ("csv", "xlsx", "json")


def row_of(v: Violation, platforms: dict[str, dict[str, Any]]) -> dict[str, Any]:
    entry = platforms.get(v.platform or "", {})
    state = STATE_LABELS[v.state] + (f"（沿用线索 {v.inherited_from} 的审核）" if v.inherited_from else "")
    r = v.recheck
    return {
        "platform": entry.get("name") or v.platform or "", "operator": entry.get("operator", ""), "shop": v.shop,
        "role": ROLE_LABELS.get(v.role or "", v.role or ""), "url": v.url, "reason": v.reason, "basis": v.basis,
        "first_seen": shanghai_text(v.first_seen), "last_seen": shanghai_text(v.last_seen), "times_seen": v.times,
        "capture_id": v.capture_id, "screenshot_sha256": v.screenshot_sha256 or "", "review_state": state,
        "reviewer": v.reviewer or "", "check": v.check,
        "finding_id": v.finding_id, "recheck": RECHECK_LABELS.get(r.outcome, r.outcome) if r else "",
        "recheck_at": shanghai_text(r.at) if r else "",
        "recheck_capture_id": (r.capture_id or "") if r else "",
    }


def write(rows: list[dict[str, Any]], fmt: str, out: Path) -> Path:
    if fmt == "csv":
        with open(out, "w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow([title for _, title, _ in COLUMNS])
            w.writerows([r[key] for key, _, _ in COLUMNS] for r in rows)
    elif fmt == "xlsx":
        write_xlsx(rows, out)
    elif fmt == "json":
        out.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    else:
        raise ValueError(f"导出格式只能是 {'|'.join(FORMATS)}，收到：{fmt}")
    return out


def write_xlsx(rows: list[dict[str, Any]], out: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "违法线索"
    ws.append([title for _, title, _ in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE5F0")
    url_col = [key for key, _, _ in COLUMNS].index("url") + 1
    for r in rows:
        ws.append([r[key] for key, _, _ in COLUMNS])
        link = ws.cell(row=ws.max_row, column=url_col)
        link.hyperlink, link.style = r["url"], "Hyperlink"
    for n, (_, _, width) in enumerate(COLUMNS, 1):
        ws.column_dimensions[get_column_letter(n)].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=cell.column in (6, 7))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    wb.save(out)
