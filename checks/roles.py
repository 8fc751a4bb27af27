"""Guess a page's role when neither the inspector nor the registry says it."""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

BUY = re.compile(r"加入购物车|立即购买|加入购物袋|马上抢|立即抢购")
SHOP = re.compile(r"进入店铺|关注店铺|收藏店铺|店铺首页|全部宝贝|店铺动态|店铺评分")
SEARCH_PARAM = re.compile(r"[?&](q|kw|keyword|keywords|wd|query|search|k)=", re.I)


def guess_role(facts: dict[str, Any], url: str) -> str:
    parts = urlsplit(url)
    path = parts.path.lower()
    texts = " ".join(t["text"] for t in facts.get("texts", [])[:3000] if t["source"] == "text")
    lists = [g for g in facts.get("groups", []) if g.get("priced", 0) >= 3]
    if SEARCH_PARAM.search("?" + parts.query) or "/search" in path or "/s/" in path:
        return "search"
    if re.search(r"/(item|product|detail|goods|p)/|item\.|detail\.", url, re.I) or (BUY.search(texts) and len(lists) <= 1):
        return "product"
    if re.search(r"/(shop|store|mall)/|shop\.|store\.", url, re.I) or SHOP.search(texts):
        return "shop"
    if path in ("", "/", "/index.html", "/index.htm", "/index.php") or path.endswith("/index.html"):
        return "homepage"
    return "search" if lists and sum(len(g["items"]) for g in lists) >= 8 else "homepage"
