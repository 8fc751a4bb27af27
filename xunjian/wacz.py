"""Package one sealed evidence folder as a WACZ 1.1.1 file.

A WACZ lets anyone replay the captured page in ReplayWeb.page (or any WACZ-aware tool) without this software: the
capture's WARC is copied byte for byte (so its SHA-256 still matches the signed manifest), next to a CDXJ index,
a one-page list and a `datapackage.json` naming every member's SHA-256 and size so the package can be checked.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from cdxj_indexer.main import write_cdx_index

from xunjian.evidence import MANIFEST, page_title, sha256_file

WACZ_VERSION = "1.1.1"
WARC = "archive/data.warc.gz"
INDEX = "indexes/index.cdxj"
PAGES = "pages/pages.jsonl"
DATAPACKAGE = "datapackage.json"
DIGEST = "datapackage-digest.json"
PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}


def _iso_z(iso: str | None) -> str:
    """ISO 8601 in UTC with a `Z`, the form WACZ readers expect for `ts` and `created`."""
    when = datetime.fromisoformat(iso) if iso else datetime.now(timezone.utc)
    return when.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _software() -> str:
    try:
        return f"xunjian {version('xunjian')}"
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "xunjian"


def _cdxj(warc: Path) -> bytes:
    """Sorted CDXJ lines for every record, naming the WARC as `data.warc.gz` (its name inside `archive/`)."""
    out = io.StringIO()
    write_cdx_index(out, [str(warc)], {"sort": True, "post_append": True, "filename": Path(WARC).name})
    return out.getvalue().encode("utf-8")


def _page(folder: Path, manifest: dict[str, Any]) -> dict[str, Any]:
    page: dict[str, Any] = {"id": manifest.get("capture_id") or folder.name, "url": manifest["url"],
                            "ts": _iso_z((manifest.get("start") or {}).get("utc"))}
    title = page_title(folder)
    if title:
        page["title"] = title
    return page


def write_wacz(folder: Path, out: Path) -> Path:
    """Write `out` as a WACZ of the capture in `folder`; refuses a folder whose WARC no longer matches its manifest.

    The file is written next to `out` and renamed into place, so a crash never leaves a WACZ that looks whole.
    """
    folder, out = Path(folder), Path(out)
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    warc = folder / "capture.warc.gz"
    listed = {f["name"]: f["sha256"] for f in manifest.get("files", [])}
    warc_hash = sha256_file(warc)
    if listed.get(warc.name) != warc_hash:
        raise ValueError(f"{warc} does not match the SHA-256 in its manifest; run `xunjian verify` first")

    page = _page(folder, manifest)
    members = {
        INDEX: _cdxj(warc),
        PAGES: b"".join(json.dumps(o, ensure_ascii=False).encode("utf-8") + b"\n" for o in (PAGES_HEADER, page)),
    }
    resources = [{"name": Path(WARC).name, "path": WARC, "hash": f"sha256:{warc_hash}", "bytes": warc.stat().st_size}]
    resources += [{"name": Path(p).name, "path": p, "hash": "sha256:" + hashlib.sha256(b).hexdigest(),
                   "bytes": len(b)} for p, b in members.items()]
    package = {"profile": "data-package", "resources": resources, "wacz_version": WACZ_VERSION,
               "title": f"xunjian capture {page['id']}", "software": _software(), "created": _iso_z(None),
               "mainPageUrl": page["url"], "mainPageDate": page["ts"]}
    package_bytes = json.dumps(package, ensure_ascii=False, indent=2).encode("utf-8")
    digest = {"path": DATAPACKAGE, "hash": "sha256:" + hashlib.sha256(package_bytes).hexdigest()}

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    # Stored, not deflated: the WARC is already gzipped and replay tools seek into it by offset.
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.write(warc, WARC)
        for name, data in members.items():
            zf.writestr(name, data)
        zf.writestr(DATAPACKAGE, package_bytes)
        zf.writestr(DIGEST, json.dumps(digest, indent=2).encode("utf-8"))
    os.replace(tmp, out)
    return out


def check_wacz(path: Path) -> list[str]:
    """Names of members whose SHA-256 or size differs from `datapackage.json` (or are missing); empty when intact."""
    bad: list[str] = []
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        try:
            package_bytes = zf.read(DATAPACKAGE)
            resources = json.loads(package_bytes)["resources"]
        except (KeyError, ValueError):
            return [DATAPACKAGE]
        if DIGEST in names:
            try:
                expected = json.loads(zf.read(DIGEST)).get("hash")
            except ValueError:
                expected = None
            if expected != "sha256:" + hashlib.sha256(package_bytes).hexdigest():
                bad.append(DATAPACKAGE)
        for res in resources:
            member = res.get("path", "")
            if member not in names:
                bad.append(member)
                continue
            h, size = hashlib.sha256(), 0
            try:
                with zf.open(member) as fh:
                    for block in iter(lambda: fh.read(1 << 20), b""):
                        h.update(block)
                        size += len(block)
            except zipfile.BadZipFile:  # bytes changed in place: the ZIP's own CRC no longer matches
                bad.append(member)
                continue
            if res.get("hash") != f"sha256:{h.hexdigest()}" or res.get("bytes") != size:
                bad.append(member)
    return bad
