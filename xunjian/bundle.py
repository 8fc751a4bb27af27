"""Case bundles: one zip a case officer can file and a court can check offline — the violation list, every evidence
folder it cites, a printed evidence sheet (PDF) and a WACZ per capture, the public signing key, a README saying how
to verify, and a signed list of every member's SHA-256."""
from __future__ import annotations

import base64
import json
import os
import shutil
import tempfile
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from crawler.browser import BrowserPool

from .evidence import both_zones, fingerprint, load_or_create_key, public_pem, sha256_file, verify_folder
from .export import write
from .settings import Settings
from .sheet import render_sheet
from .wacz import write_wacz

BUNDLE_MANIFEST, BUNDLE_SIG, PUBLIC_KEY = "BUNDLE.json", "BUNDLE.sig", "signing-key.pub.pem"
STORED = (".png", ".gz", ".zip", ".wacz", ".pdf")  # already compressed

README = """巡检案件证据包
================

生成时间：{created}
签名公钥指纹：{fingerprint}
违法线索：{rows} 条；取证：{captures} 次

内容
- violations.xlsx / violations.csv：违法线索清单（CSV 为带 BOM 的 UTF-8，可直接用 Excel 打开）。
- evidence/<取证编号>/：每次取证的原始证据（截图、网页存档 WARC、MHTML、DOM、页面事实、检查结论、
  标注截图、manifest.json 清单及其 Ed25519 签名 manifest.sig）。
- sheets/<取证编号>.pdf：电子数据取证单（可打印）。
- wacz/<取证编号>.wacz：网页存档，可在 ReplayWeb.page（https://replayweb.page）中离线回放。
- signing-key.pub.pem：签名公钥。请与本机构公布的公钥指纹核对：{fingerprint}
- BUNDLE.json：本包每个文件的 SHA-256；BUNDLE.sig：对 BUNDLE.json 的 Ed25519 签名。

如何核验
1. 使用巡检软件：xunjian verify 本文件.zip [--public-key 本机构公钥.pem]
   逐一核对每个文件的 SHA-256、包签名、每次取证清单的签名与文件哈希，列出任何不符的文件。
2. 不用巡检软件：用任意 SHA-256 工具（如 sha256sum、certutil -hashfile 文件 SHA256）计算文件哈希，
   与 BUNDLE.json 及 evidence/<取证编号>/manifest.json 中记载的值比对；签名可用任何支持 Ed25519 的工具，
   以 signing-key.pub.pem 核验 manifest.sig（Base64）是否为 manifest.json 原始字节的签名。
"""


def members(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


async def build_bundle(settings: Settings, rows: list[dict[str, Any]], out: Path,
                       pool: BrowserPool | None = None) -> dict[str, Any]:
    """Write the bundle for these export rows to `out` (atomically); returns its summary. The sheets print in `pool`'s
    browser (the console's warm one), or in one launched for this bundle."""
    key = load_or_create_key(settings.key_path)
    fp = fingerprint(key.public_key())
    capture_ids = sorted({r["capture_id"] for r in rows} | {r["recheck_capture_id"] for r in rows if r.get("recheck_capture_id")})
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "bundle"
        root.mkdir()
        write(rows, "xlsx", root / "violations.xlsx")
        write(rows, "csv", root / "violations.csv")
        (root / "sheets").mkdir()
        (root / "wacz").mkdir()
        own = pool is None
        pool = pool or BrowserPool()
        try:
            browser = await pool.get()
            for cid in capture_ids:
                folder = settings.evidence_dir / cid
                if not folder.is_dir():
                    raise FileNotFoundError(f"证据库中没有取证 {cid}（{folder}），无法打包")
                shutil.copytree(folder, root / "evidence" / cid)
                await render_sheet(folder, root / "sheets" / f"{cid}.pdf", browser, fp)
                write_wacz(folder, root / "wacz" / f"{cid}.wacz")
        finally:
            if own:
                await pool.close()
        (root / PUBLIC_KEY).write_text(public_pem(key.public_key()), encoding="ascii")
        created = datetime.now(timezone.utc).isoformat()
        (root / "README.txt").write_text(README.format(created=both_zones(created)["asia_shanghai"], fingerprint=fp,
                                                       rows=len(rows), captures=len(capture_ids)), encoding="utf-8")
        manifest = {"format": "xunjian-case-bundle/1", "created": both_zones(created), "signing_key": fp,
                    "violations": len(rows), "captures": capture_ids,
                    "files": [{"name": p.relative_to(root).as_posix(), "sha256": sha256_file(p), "size": p.stat().st_size}
                              for p in members(root)]}
        body = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
        (root / BUNDLE_MANIFEST).write_bytes(body)
        (root / BUNDLE_SIG).write_text(base64.b64encode(key.sign(body)).decode() + "\n", encoding="ascii")
        partial = out.with_name(out.name + ".part")
        with zipfile.ZipFile(partial, "w") as z:
            for p in members(root):
                z.write(p, p.relative_to(root).as_posix(),
                        compress_type=zipfile.ZIP_STORED if p.suffix in STORED else zipfile.ZIP_DEFLATED)
        os.replace(partial, out)
    return {"bundle": str(out), "violations": len(rows), "captures": len(capture_ids), "signing_key": fp}


def verify_bundle(path: Path, trusted: Any = None) -> tuple[list[str], str | None]:
    """Every problem, each naming the member; and the fingerprint of the key that signed the bundle."""
    import hashlib

    problems: list[str] = []
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as e:
        return [f"{path.name}: 不是有效的 zip 文件（{e}）"], None
    with z, tempfile.TemporaryDirectory() as tmp:
        names = set(z.namelist())
        for needed in (BUNDLE_MANIFEST, BUNDLE_SIG, PUBLIC_KEY):
            if needed not in names:
                problems.append(f"{needed}: 缺失，无法核验")
        if problems:
            return problems, None
        body = z.read(BUNDLE_MANIFEST)
        public = load_pem_public_key(z.read(PUBLIC_KEY))
        fp = fingerprint(public)
        if trusted is not None and fingerprint(trusted) != fp:
            problems.append(f"{PUBLIC_KEY}: 不是所给的本机构公钥（包内 {fp}，本机构 {fingerprint(trusted)}）")
        try:
            public.verify(base64.b64decode(z.read(BUNDLE_SIG).strip(), validate=True), body)
        except (InvalidSignature, ValueError):
            problems.append(f"{BUNDLE_SIG}: 签名与 {BUNDLE_MANIFEST} 不符（清单或签名被改动）")
        try:
            listed = {f["name"]: f for f in json.loads(body)["files"]}
        except (ValueError, KeyError, TypeError):
            return problems + [f"{BUNDLE_MANIFEST}: 格式不对"], fp
        for name, f in sorted(listed.items()):
            if name not in names:
                problems.append(f"{name}: 文件缺失")
            elif hashlib.sha256(z.read(name)).hexdigest() != f["sha256"]:
                problems.append(f"{name}: SHA-256 不符（文件被改动）")
        for name in sorted(names - set(listed) - {BUNDLE_MANIFEST, BUNDLE_SIG}):
            if not name.endswith("/"):
                problems.append(f"{name}: 不在 {BUNDLE_MANIFEST} 中（多出的文件）")
        evidence = sorted({n.split("/")[1] for n in names if n.startswith("evidence/") and n.count("/") >= 2})
        z.extractall(tmp, [n for n in names if n.startswith("evidence/")])
        for cid in evidence:
            problems += [f"evidence/{cid}/{p}" for p in verify_folder(Path(tmp) / "evidence" / cid, public, whole_store=False)]
    return problems, fp
