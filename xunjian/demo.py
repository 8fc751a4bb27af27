"""`xunjian demo`: serve the bundled fictional platforms on 127.0.0.1, capture their pages, show what was found."""
from __future__ import annotations

import threading
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator

DEMO_SITE = Path(__file__).parent / "demo_site"
DEMO_PORT = 8765


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass

    def guess_type(self, path: str) -> str:
        t = super().guess_type(path)
        return "text/html; charset=utf-8" if t == "text/html" else t


@contextmanager
def serve_demo(port: int = DEMO_PORT) -> Iterator[str]:
    """Serve the demo site; the sample registry names port 8765."""
    try:
        httpd = ThreadingHTTPServer(("127.0.0.1", port), partial(QuietHandler, directory=str(DEMO_SITE)))
    except OSError as e:
        raise RuntimeError(f"无法在 127.0.0.1:{port} 启动演示网站（端口被占用？）：{e}") from None
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        httpd.shutdown()
        httpd.server_close()
