"""WACZ export: a sealed capture becomes a WACZ 1.1.1 package that replay tools can load, whose members match the
hashes in its datapackage.json, whose WARC is the evidence WARC byte for byte, and whose tampering is detected."""
from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from xunjian.wacz import check_wacz, write_wacz

REQUIRED = {"archive/data.warc.gz", "indexes/index.cdxj", "pages/pages.jsonl", "datapackage.json",
            "datapackage-digest.json"}


@pytest.fixture(scope="module")
def packed(server, module_inst, tmp_path_factory):
    url = server.url("/p/xingheshop/license/footer-ok.html")
    code, lines = module_inst.capture("--role", "homepage", url)
    assert code in (0, 3) and lines[url]["status"] == "ok", lines
    folder = Path(lines[url]["evidence_dir"])
    out = write_wacz(folder, tmp_path_factory.mktemp("wacz") / "capture.wacz")
    return url, folder, out


def test_layout_and_datapackage_hashes(packed):
    url, folder, out = packed
    with zipfile.ZipFile(out) as zf:
        assert REQUIRED <= set(zf.namelist())
        assert zf.getinfo("archive/data.warc.gz").compress_type == zipfile.ZIP_STORED
        package_bytes = zf.read("datapackage.json")
        package = json.loads(package_bytes)
        assert package["profile"] == "data-package" and package["wacz_version"] == "1.1.1"
        assert package["software"].startswith("xunjian") and package["created"].endswith("Z")
        assert {r["path"] for r in package["resources"]} == REQUIRED - {"datapackage.json", "datapackage-digest.json"}
        for res in package["resources"]:
            data = zf.read(res["path"])
            assert res["hash"] == "sha256:" + hashlib.sha256(data).hexdigest(), res
            assert res["bytes"] == len(data) and res["name"] == Path(res["path"]).name
        digest = json.loads(zf.read("datapackage-digest.json"))
        assert digest == {"path": "datapackage.json", "hash": "sha256:" + hashlib.sha256(package_bytes).hexdigest()}
        assert zf.read("archive/data.warc.gz") == (folder / "capture.warc.gz").read_bytes()
    assert check_wacz(out) == []


def test_pages_and_index_name_the_url(packed):
    url, folder, out = packed
    with zipfile.ZipFile(out) as zf:
        pages = [json.loads(l) for l in zf.read("pages/pages.jsonl").decode("utf-8").splitlines()]
        index = zf.read("indexes/index.cdxj").decode("utf-8").splitlines()
        warc = zf.read("archive/data.warc.gz")
    assert pages[0] == {"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}
    assert len(pages) == 2 and pages[1]["url"] == url and pages[1]["ts"].endswith("Z")
    facts = json.loads((folder / "facts.json").read_text(encoding="utf-8"))
    assert pages[1]["title"] == facts["title"]
    entries = [json.loads(line.split(" ", 2)[2]) for line in index]
    assert index == sorted(index)  # replay tools binary-search the index
    main = [e for e in entries if e["url"] == url]
    assert main and main[0]["status"] == "200" and main[0]["filename"] == "data.warc.gz"
    # The offset really points at that response record, so a replay tool finds the page.
    record = next(iter(ArchiveIterator(io.BytesIO(warc[int(main[0]["offset"]):]))))
    assert record.rec_type == "response" and record.rec_headers.get_header("WARC-Target-URI") == url


def test_changed_byte_is_detected(packed, tmp_path):
    _, _, out = packed
    # A tamperer who rewrites the ZIP properly (valid CRCs) with one byte of the WARC changed.
    rebuilt = tmp_path / "rebuilt.wacz"
    with zipfile.ZipFile(out) as src, zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            data = bytearray(src.read(info))
            if info.filename == "pages/pages.jsonl":
                data[len(data) // 2] ^= 0x01
            dst.writestr(info, bytes(data))
    assert check_wacz(rebuilt) == ["pages/pages.jsonl"]
    # One byte flipped in place inside the stored WARC member.
    flipped = tmp_path / "flipped.wacz"
    shutil.copyfile(out, flipped)
    with zipfile.ZipFile(out) as zf:
        info = zf.getinfo("archive/data.warc.gz")
    raw = bytearray(flipped.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + int.from_bytes(raw[info.header_offset + 28:
                                                                                        info.header_offset + 30], "little")
    raw[start + info.compress_size // 2] ^= 0x01
    flipped.write_bytes(bytes(raw))
    assert check_wacz(flipped) == ["archive/data.warc.gz"]


def test_refuses_a_folder_whose_warc_was_changed(packed, tmp_path):
    _, folder, _ = packed
    copy = tmp_path / folder.name
    shutil.copytree(folder, copy)
    data = bytearray((copy / "capture.warc.gz").read_bytes())
    data[-10] ^= 0x01
    (copy / "capture.warc.gz").write_bytes(bytes(data))
    with pytest.raises(ValueError, match="manifest"):
        write_wacz(copy, tmp_path / "x.wacz")
    assert not (tmp_path / "x.wacz").exists()
