"""A plain fictional platform for sweeps at scale: a homepage and a search page listing N product pages, no pop-ups.
Used by the many-worker test and the sweep benchmark."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from tests.server import FixtureServer

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


@contextmanager
def catalogue(workdir: Path, products: int) -> Iterator[dict]:
    """Build, serve on 127.0.0.1 and register the platform `catalogue`: homepage + search page + `products` pages."""
    site = workdir / "site"
    build(site, products)
    with FixtureServer(site=site) as server:
        yield registered(server.base, workdir, products)


def registered(base: str, workdir: Path, products: int) -> dict:
    registry = workdir / "platforms.yaml"
    registry.write_text(
        "platforms:\n  - id: catalogue\n    name: 示范商城\n    operator: 示范公司\n"
        f"    homepage: {base}/index.html\n    self_operated: null\n    search_url: {base}/search.html?q={{q}}\n"
        f"    keywords: [\"好物\"]\n    product_pattern: /item/\n    max_pages: {products + 2}\n", encoding="utf-8")
    return {"base": base, "registry": str(registry), "pages": products + 2,
            "urls": {f"{base}/index.html", f"{base}/search.html?q=%E5%A5%BD%E7%89%A9",
                     *(f"{base}/item/{i}.html" for i in range(products))}}
