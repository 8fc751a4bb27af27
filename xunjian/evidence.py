"""Sealing and verifying evidence folders.

A folder is written under `.tmp/`, sealed (manifest with every file's SHA-256, the previous manifest's hash, an
Ed25519 signature) and only then renamed into place. The chain head lives in `CHAIN` at the store root, updated
under an exclusive file lock, so concurrent captures and several worker processes append one at a time.
"""
from __future__ import annotations

import base64
import fcntl
import hashlib
import json
import os
import secrets
import shutil
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterator

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
CHAIN = "CHAIN"


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def new_capture_id() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(4)


def as_utc(dt: datetime) -> datetime:
    """Database times come back naive (SQLite) or aware (PostgreSQL); they are all UTC."""
    return dt.replace(tzinfo=timezone.utc) if dt.tzinfo is None else dt


def shanghai_text(dt: datetime | None, fmt: str = "%Y-%m-%d %H:%M:%S") -> str:
    """A stored time as an inspector reads it: Beijing time."""
    return as_utc(dt).astimezone(SHANGHAI).strftime(fmt) if dt else ""


def page_title(folder: Path) -> str | None:
    """The captured page's own title, from its facts (text from the inspected site: escape it wherever it is shown)."""
    try:
        title = json.loads((folder / "facts.json").read_text(encoding="utf-8")).get("title")
    except (OSError, ValueError, AttributeError):
        return None
    return title or None


def both_zones(iso_utc: str | None) -> dict[str, str | None]:
    if not iso_utc:
        return {"utc": None, "asia_shanghai": None}
    t = datetime.fromisoformat(iso_utc)
    return {"utc": t.astimezone(timezone.utc).isoformat(), "asia_shanghai": t.astimezone(SHANGHAI).isoformat()}


# -- the installation's key ---------------------------------------------------------------------------------------
def load_or_create_key(path: Path) -> Ed25519PrivateKey:
    if path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{path} 不是 Ed25519 私钥")
        return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    return key


def public_pem(key: Ed25519PublicKey) -> str:
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def fingerprint(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "SHA256:" + hashlib.sha256(raw).hexdigest()


def load_public(path: Path) -> Ed25519PublicKey:
    data = path.read_bytes()
    if b"PRIVATE KEY" in data:
        return load_or_create_key(path).public_key()
    key = serialization.load_pem_public_key(data)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError(f"{path} 不是 Ed25519 公钥")
    return key


# -- sealing --------------------------------------------------------------------------------------------------
@contextmanager
def chain_lock(store: Path) -> Iterator[None]:
    store.mkdir(parents=True, exist_ok=True)
    with open(store / ".chain.lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def read_chain_head(store: Path) -> dict[str, str] | None:
    p = store / CHAIN
    if not p.exists():
        return None
    return json.loads(p.read_text(encoding="utf-8"))


def staging_dir(store: Path, capture_id: str) -> Path:
    d = store / ".tmp" / capture_id
    if d.exists():
        shutil.rmtree(d)
    d.mkdir(parents=True)
    return d


def seal(store: Path, staging: Path, capture_id: str, record: dict[str, Any],
         key: Ed25519PrivateKey) -> tuple[Path, str, list[dict[str, Any]]]:
    """Hash every file, chain to the previous manifest, sign, rename into place.

    Returns the folder, the manifest's SHA-256 and the file list."""
    files = []
    for p in sorted(staging.rglob("*")):
        if p.is_file() and p.name not in (MANIFEST, SIGNATURE):
            files.append({"name": p.relative_to(staging).as_posix(), "sha256": sha256_file(p), "size": p.stat().st_size})
    final = store / capture_id
    with chain_lock(store):
        head = read_chain_head(store)
        manifest = {
            "format": "xunjian-evidence/1",
            "capture_id": capture_id,
            **record,
            "files": files,
            "previous": head,  # null only for the first capture of this evidence store
            "signing_key": fingerprint(key.public_key()),
        }
        body = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")
        (staging / MANIFEST).write_bytes(body)
        (staging / SIGNATURE).write_text(base64.b64encode(key.sign(body)).decode() + "\n", encoding="ascii")
        os.replace(staging, final)
        digest = hashlib.sha256(body).hexdigest()
        tmp = store / (CHAIN + ".tmp")
        tmp.write_text(json.dumps({"capture_id": capture_id, "manifest_sha256": digest}), encoding="utf-8")
        os.replace(tmp, store / CHAIN)
        with open(store / "chain.log", "a", encoding="utf-8") as log:
            log.write(json.dumps({"capture_id": capture_id, "manifest_sha256": digest, "previous": head}) + "\n")
    return final, digest, files


# -- verifying ------------------------------------------------------------------------------------------------
def verify_folder(folder: Path, public: Ed25519PublicKey, whole_store: bool = True) -> list[str]:
    """Every problem found, as a sentence naming the file; empty when the folder is intact. Outside the evidence store
    (`whole_store=False`, e.g. a case bundle holding a few captures) a chain link is checked only when the previous
    capture is there too."""
    problems: list[str] = []
    mpath, spath = folder / MANIFEST, folder / SIGNATURE
    if not mpath.exists():
        return [f"{MANIFEST}: 缺失，无法核验"]
    body = mpath.read_bytes()
    if not spath.exists():
        problems.append(f"{SIGNATURE}: 缺失")
    else:
        try:
            public.verify(base64.b64decode(spath.read_bytes().strip(), validate=True), body)
        except (InvalidSignature, ValueError):
            problems.append(f"{SIGNATURE}: 签名与 {MANIFEST} 不符（清单或签名被改动，或不是本机构密钥所签）")
    try:
        manifest = json.loads(body)
    except ValueError:
        return problems + [f"{MANIFEST}: 不是有效的 JSON"]
    listed = set()
    for f in manifest.get("files", []):
        name = f["name"]
        listed.add(name)
        p = folder / name
        if not p.exists():
            problems.append(f"{name}: 文件缺失")
            continue
        if p.stat().st_size != f["size"] or sha256_file(p) != f["sha256"]:
            problems.append(f"{name}: SHA-256 不符（文件被改动）")
    for p in sorted(folder.rglob("*")):
        name = p.relative_to(folder).as_posix()
        if p.is_file() and name not in listed and name not in (MANIFEST, SIGNATURE):
            problems.append(f"{name}: 不在清单中（多出的文件）")
    prev = manifest.get("previous")
    if prev:
        pfolder = folder.parent / prev["capture_id"] / MANIFEST
        if not pfolder.exists():
            if whole_store:
                problems.append(f"{MANIFEST}: 链上的前一条证据 {prev['capture_id']} 不在证据库中，无法核对链接")
        elif hashlib.sha256(pfolder.read_bytes()).hexdigest() != prev["manifest_sha256"]:
            problems.append(f"{MANIFEST}: 链接不符——前一条证据 {prev['capture_id']} 的清单已被改动")
    return problems
