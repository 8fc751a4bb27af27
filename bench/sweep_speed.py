"""Sweep throughput: pages per minute and peak memory of `xunjian sweep` over a local fictional platform.

Serves a platform of one homepage, one search page and N product pages (no pop-ups) on 127.0.0.1, sweeps it in one
process at the given concurrency, and prints pages/min (whole process: start-up, browser launch, every capture
sealed and judged) and the peak resident memory of the process tree (browser included)."""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.fixture_table import isolated_env  # noqa: E402
from tests.server import descendants  # noqa: E402
from xunjian.demo import QuietHandler  # noqa: E402

STYLE = "body{font-family:sans-serif;margin:0}header,footer{background:#f5f5f5;padding:16px}.g{display:grid;" \
        "grid-template-columns:repeat(4,1fr);gap:12px;padding:16px}.c{border:1px solid #ddd;padding:8px;height:220px}"


def build(root: Path, products: int) -> None:
    footer = "<footer>Copyright © 2026 示范商城 沪ICP备00000000号 <a href='/licence.html'>营业执照</a></footer>"
    cards = "".join(f"<div class='c'><a href='/item/{i}.html'>示范好物 {i} 号</a><p>¥{i}9.00</p><p>示范专营店</p></div>"
                    for i in range(products))
    (root / "item").mkdir(parents=True)
    page = "<html><head><meta charset='utf-8'><title>{t}</title><style>" + STYLE.replace("{", "{{").replace("}", "}}") + \
           "</style></head><body><header>示范商城 <input value='搜索'></header>{b}" + footer + "</body></html>"
    (root / "index.html").write_text(page.format(t="示范商城", b=f"<div class='g'>{cards}</div>"), encoding="utf-8")
    (root / "search.html").write_text(page.format(t="搜索", b=f"<div class='g'>{cards}</div>"), encoding="utf-8")
    (root / "licence.html").write_text(page.format(t="营业执照", b="<p>统一社会信用代码 91310000MA00000000</p>"), encoding="utf-8")
    for i in range(products):
        body = f"<h1>示范好物 {i} 号</h1><p>¥{i}9.00</p><p>店铺：示范专营店</p><button>加入购物车</button>" + "<p>商品详情</p>" * 30
        (root / "item" / f"{i}.html").write_text(page.format(t=f"好物{i}", b=body), encoding="utf-8")


def tree_rss_mb(pid: int) -> float:
    total = 0
    for p in [pid, *descendants(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--products", type=int, default=40)
    ap.add_argument("--concurrency", type=int, nargs="+", default=[4, 8])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build(site, args.products)
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(site)))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        registry = Path(tmp) / "platforms.yaml"
        registry.write_text(
            "platforms:\n  - id: bench\n    name: 示范商城\n    operator: 示范公司\n"
            f"    homepage: {base}/index.html\n    self_operated: null\n    search_url: {base}/search.html?q={{q}}\n"
            f"    keywords: [\"好物\"]\n    product_pattern: /item/\n    max_pages: {args.products + 2}\n", encoding="utf-8")
        for conc in args.concurrency:
            home = Path(tmp) / f"run{conc}"
            home.mkdir()
            t = time.monotonic()
            out = open(home / "out.jsonl", "w+", encoding="utf-8")  # a file, not a pipe: a full pipe would stall it
            proc = subprocess.Popen([sys.executable, "-m", "xunjian", "sweep", "--registry", str(registry), "--platform",
                                     "bench", "--json", "--concurrency", str(conc)], env=isolated_env(home), cwd=ROOT,
                                    stdout=out, stderr=subprocess.DEVNULL, text=True)
            peak = 0.0
            while proc.poll() is None:
                peak = max(peak, tree_rss_mb(proc.pid))
                time.sleep(0.25)
            elapsed = time.monotonic() - t
            out.seek(0)
            lines = [json.loads(l) for l in out.read().splitlines() if l.strip()]
            out.close()
            summary = [l for l in lines if "sweep_id" in l]
            pages = summary[0]["pages"] if summary else 0
            failed = summary[0]["failed"] if summary else "?"
            print(f"concurrency {conc}: {pages} pages ({failed} failed) in {elapsed:.1f} s = "
                  f"{pages / elapsed * 60:.0f} pages/min; peak memory {peak:.0f} MB")
        httpd.shutdown()


if __name__ == "__main__":
    main()
