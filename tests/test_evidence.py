"""Sealed evidence: every file hashed and signed, the chain across captures, and `xunjian verify` catching any
single changed byte in any evidence file, the manifest or the signature."""
from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

EXPECTED_FILES = {"screenshot.png", "viewport.png", "dom.html", "page.mhtml", "capture.warc.gz", "facts.json", "findings.json",
                  "annotated.png"}


@pytest.fixture(scope="module")
def two_captures(server, module_inst):
    first = server.url("/hostile/gbk.html")
    second = server.url("/plain.html")
    code1, l1 = module_inst.capture(first)
    code2, l2 = module_inst.capture("--inspector", "张三", second)
    assert code1 == 0 and code2 == 0, (l1, l2)
    return module_inst, l1[first], l2[second]


def flip_byte(path: Path, offset: int | None = None) -> None:
    data = bytearray(path.read_bytes())
    i = len(data) // 2 if offset is None else offset
    data[i] ^= 0x01
    path.write_bytes(bytes(data))


def test_folder_has_every_file_and_manifest_lists_them(two_captures):
    inst, first, second = two_captures
    folder = Path(second["evidence_dir"])
    assert folder.parent == inst.evidence
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert {f["name"] for f in manifest["files"]} == EXPECTED_FILES
    assert all(len(f["sha256"]) == 64 and f["size"] == (folder / f["name"]).stat().st_size for f in manifest["files"])
    assert manifest["inspector"] == "张三"
    assert manifest["start"]["asia_shanghai"].endswith("+08:00") and manifest["end"]["utc"].endswith("+00:00")
    prov = manifest["provenance"]
    assert prov["server"]["ip"] == "127.0.0.1" and prov["server"]["port"] > 0
    assert {k.lower(): v for k, v in prov["response_headers"].items()}["content-type"].startswith("text/html")
    assert prov["browser"].startswith("Chromium") and "Chrome/" in prov["user_agent"]
    assert prov["viewport"] == {"width": 1366, "height": 768}
    assert manifest["signing_key"].startswith("SHA256:")
    # The chain: the second capture names the first one's manifest hash.
    assert manifest["previous"]["capture_id"] == first["capture_id"]
    assert not list((inst.evidence / ".tmp").iterdir())  # nothing half-written left behind


def test_database_row_written(two_captures):
    inst, first, second = two_captures
    con = sqlite3.connect(inst.home / "xunjian.db")
    rows = dict(con.execute("select id, status from capture").fetchall())
    assert rows[first["capture_id"]] == "ok" and rows[second["capture_id"]] == "ok"


def test_verify_passes_on_intact_evidence(two_captures):
    inst, first, second = two_captures
    for line in (first, second):
        proc = inst.run("verify", line["capture_id"])
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "核验通过" in proc.stdout


@pytest.mark.parametrize("name", sorted(EXPECTED_FILES | {"manifest.json", "manifest.sig"}))
def test_one_changed_byte_is_caught(two_captures, tmp_path, name):
    inst, first, second = two_captures
    # Copy into the same store so the chain link can be checked too.
    src = Path(second["evidence_dir"])
    copy = inst.evidence / f"tampered-{name}"
    shutil.copytree(src, copy)
    try:
        flip_byte(copy / name, offset=10 if name == "manifest.sig" else None)
        proc = inst.run("verify", str(copy))
        assert proc.returncode != 0
        expected = "manifest.sig" if name in ("manifest.json", "manifest.sig") else name
        assert f"不符：{expected}" in proc.stdout, proc.stdout
    finally:
        shutil.rmtree(copy)


def test_added_and_removed_files_are_caught(two_captures):
    inst, first, second = two_captures
    copy = inst.evidence / "tampered-files"
    shutil.copytree(second["evidence_dir"], copy)
    try:
        (copy / "viewport.png").unlink()
        (copy / "extra.txt").write_text("x")
        out = inst.run("verify", str(copy)).stdout
        assert "viewport.png: 文件缺失" in out and "extra.txt: 不在清单中" in out
    finally:
        shutil.rmtree(copy)


def test_chain_link_broken_when_previous_manifest_changes(two_captures):
    inst, first, second = two_captures
    prev = Path(first["evidence_dir"]) / "manifest.json"
    original = prev.read_bytes()
    try:
        prev.write_bytes(original.replace(b'"status": "ok"', b'"status": "OK"'))
        out = inst.run("verify", second["capture_id"])
        assert out.returncode != 0 and "链接不符" in out.stdout and first["capture_id"] in out.stdout
    finally:
        prev.write_bytes(original)


def test_other_key_does_not_verify(two_captures, tmp_path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    inst, first, second = two_captures
    other = tmp_path / "other.pub"
    other.write_bytes(Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    proc = inst.run("verify", "--public-key", str(other), second["capture_id"])
    assert proc.returncode != 0 and "manifest.sig" in proc.stdout
    exported = tmp_path / "ours.pub"
    assert inst.run("key", "--export", str(exported)).returncode == 0
    assert inst.run("verify", "--public-key", str(exported), second["capture_id"]).returncode == 0


def test_key_lives_outside_the_evidence_store(two_captures):
    inst, *_ = two_captures
    key = inst.home / "key" / "signing-key.pem"
    assert key.exists() and (key.stat().st_mode & 0o077) == 0
    assert not any(p.name.endswith(".pem") for p in inst.evidence.rglob("*"))


def test_verify_unknown_capture_is_usage_error(two_captures):
    inst, *_ = two_captures
    proc = inst.run("verify", "no-such-capture")
    assert proc.returncode == 2 and "找不到证据" in proc.stderr
