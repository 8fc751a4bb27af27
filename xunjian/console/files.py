"""Evidence files for download: only ever from inside the evidence store, and the derived PDF sheet and WACZ."""
from __future__ import annotations

import asyncio
import re
from pathlib import Path

from fastapi import HTTPException

from crawler.browser import BrowserPool

from ..settings import Settings

CAPTURE_ID = re.compile(r"^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}$")
DERIVED = ".console"  # beside the sealed folders, never inside one: a sealed folder must stay exactly as signed
_locks: dict[str, asyncio.Lock] = {}


def capture_folder(settings: Settings, capture_id: str) -> Path:
    if not CAPTURE_ID.match(capture_id):
        raise HTTPException(404, "取证编号格式不对")
    folder = settings.evidence_dir / capture_id
    if not (folder / "manifest.json").is_file():
        raise HTTPException(404, f"证据库中没有取证 {capture_id}")
    return folder


def evidence_file(settings: Settings, capture_id: str, name: str) -> Path:
    """The file `name` of a capture, refused unless it resolves to a regular file inside that capture's folder."""
    folder = capture_folder(settings, capture_id).resolve()
    if not name or "\\" in name or "\0" in name or any(part in ("", ".", "..") for part in name.split("/")):
        raise HTTPException(404, "文件名不合法")
    path = (folder / name).resolve()
    if not path.is_relative_to(folder) or not path.is_file():
        raise HTTPException(404, "证据文件不存在")
    return path


async def derived(settings: Settings, capture_id: str, kind: str, pool: BrowserPool) -> Path:
    """The capture's PDF sheet or WACZ, made on first request and kept in the store's .console folder."""
    folder = capture_folder(settings, capture_id)
    out_dir = settings.evidence_dir / DERIVED / capture_id
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / ("sheet.pdf" if kind == "pdf" else f"{capture_id}.wacz")
    lock = _locks.setdefault(f"{capture_id}/{kind}", asyncio.Lock())
    async with lock:
        if out.exists():
            return out
        if kind == "pdf":
            from ..evidence import fingerprint, load_or_create_key
            from ..sheet import render_sheet

            fp = fingerprint(load_or_create_key(settings.key_path).public_key())
            await render_sheet(folder, out, await pool.get(), fp)
        else:
            from ..wacz import write_wacz

            await asyncio.to_thread(write_wacz, folder, out)
    return out
