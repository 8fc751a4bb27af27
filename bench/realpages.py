"""Run the checks on the saved real platform pages (../shared/realpages) — a generalisation smoke test, not a score.

Serves the folder on 127.0.0.1 (the pages' own external references fail offline, as they would in court copies),
captures each with the role its file name says, and prints the verdicts with reasons."""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.fixture_table import isolated_env  # noqa: E402

ROLE_WORDS = {"homepage": "homepage", "channel": "homepage", "shop": "shop", "item": "product", "search": "search"}


class Handler(SimpleHTTPRequestHandler):
    def log_message(self, *a) -> None:
        pass

    def guess_type(self, path):  # every file there is UTF-8 whatever its meta says (SOURCES.md)
        t = super().guess_type(path)
        return "text/html; charset=utf-8" if t == "text/html" else t


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared" / "realpages")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    with tempfile.TemporaryDirectory() as tmp:
        for page in sorted(folder.glob("*.html")):
            role = next((r for w, r in ROLE_WORDS.items() if w in page.name), "homepage")
            proc = subprocess.run([sys.executable, "-m", "xunjian", "capture", "--json", "--timeout", "15", "--role", role,
                                   f"{base}/{page.name}"], env=isolated_env(Path(tmp)), cwd=ROOT,
                                  capture_output=True, text=True, timeout=300)
            for line in proc.stdout.splitlines():
                d = json.loads(line)
                print(f"{page.name} [{role}] {d['status']} {d.get('error') or ''}")
                for f in d["findings"]:
                    if f["verdict"] != "not_applicable" or f["check"] in ("license_display",):
                        print(f"    {f['check']:20s} {f['verdict']:14s} {f['reason'][:110]}")
    httpd.shutdown()


if __name__ == "__main__":
    main()
