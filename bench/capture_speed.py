#!/usr/bin/env python3
"""How much slower is `xunjian capture` than the bare minimum a browser needs to screenshot the same pages?

Serves eight realistic (fictional) Chinese e-commerce pages on 127.0.0.1 and, alternating for several rounds, times

  (a) `python -m xunjian capture --json <eight URLs>` — one process: interpreter start, browser launch, every
      evidence file, the settle waits, facts, judging, sealing, the database — against
  (b) a bare Playwright script — one process: interpreter start, browser launch with the same flags, then for each
      URL in turn a new page, `goto` (wait_until "load") and a full-page screenshot.

Prints every round, both medians, the ratio (target: ≤ 2×) and where xunjian's time goes (median of each step
of the JSON `timings`). Exits 0 whatever the ratio: a benchmark, not a test. Run: `make bench`, or
`.venv/bin/python bench/capture_speed.py --rounds 3 [--concurrency N]`.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
VIEWPORT = (1366, 768)   # xunjian's CaptureSettings.viewport: both sides render the same width
RUN_TIMEOUT = 600        # seconds per subprocess before the benchmark gives up

# ---------------------------------------------------------------------------------------------------------------
# The eight pages (all fictional; every URL is relative, so nothing but 127.0.0.1 is ever asked for)
# ---------------------------------------------------------------------------------------------------------------
SHOP = "云杉优选"
OPERATOR = "杭州云杉网络科技有限公司"
ICP = "浙ICP备20240317号-1"

NOUNS = ["纯棉T恤", "蓝牙耳机", "保温杯", "乳胶枕", "电饭煲", "运动鞋", "双肩包", "洗发水", "坚果礼盒", "绿茶",
         "机械键盘", "空气炸锅", "羽绒服", "收纳箱", "儿童积木", "面膜", "猫粮", "台灯", "登山杖", "红枣",
         "咖啡豆", "四件套", "充电宝", "牛仔裤", "蜂蜜", "智能手环", "电动牙刷", "拖把", "茶具套装", "瑜伽垫"]
ADJS = ["加厚", "新款", "家用", "便携", "大容量", "轻薄", "原产地", "经典", "升级版", "静音", "有机", "北欧风"]
CATS = ["手机数码", "家用电器", "服饰鞋包", "美妆个护", "食品生鲜", "母婴玩具", "家居家装", "运动户外", "图书文具", "宠物用品"]
PALETTE = ["#e4393c", "#ff7a45", "#f5a623", "#52c41a", "#13c2c2", "#1890ff", "#2f54eb", "#722ed1", "#eb2f96", "#8c8c8c"]

CSS = """*{box-sizing:border-box;margin:0;padding:0}
body{font:13px/1.6 "Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;background:#f4f4f4;color:#333}
a{color:#333;text-decoration:none}a:hover{color:#e4393c}ul{list-style:none}
.w{width:1200px;margin:0 auto}
.topbar{background:#e3e4e5;height:30px;line-height:30px;color:#999;font-size:12px}
.topbar .w{display:flex;justify-content:space-between}.topbar a{color:#999;margin-left:14px}
.header{background:#fff;padding:20px 0}.header .w{display:flex;align-items:center;gap:40px}
.logo img{display:block;height:60px}
.search{flex:1}.search form{display:flex;border:2px solid #e4393c}
.search input{flex:1;height:36px;border:0;padding:0 10px;font-size:14px;outline:0}
.search button{width:80px;background:#e4393c;color:#fff;border:0;font-size:15px}
.hot{margin-top:6px;font-size:12px}.hot a{color:#999;margin-right:12px}
.cart{border:1px solid #ddd;padding:8px 18px;color:#e4393c}
.nav{background:#fff;border-bottom:2px solid #e4393c}.nav .w{display:flex;height:40px;line-height:40px}
.nav a{padding:0 18px;font-size:15px}.nav a.all{background:#e4393c;color:#fff;width:190px}
.crumb{padding:12px 0;color:#999}
.sec{background:#fff;margin-top:14px;padding:16px 20px}.sec h2{font-size:20px;margin-bottom:12px}
.grid{display:grid;grid-template-columns:repeat(6,1fr);gap:10px}
.grid.g8{grid-template-columns:repeat(8,1fr)}.grid.g5{grid-template-columns:repeat(5,1fr)}.grid.g4{grid-template-columns:repeat(4,1fr)}
.card{background:#fff;border:1px solid #eee;padding:8px;transition:box-shadow .2s}.card:hover{box-shadow:0 2px 12px rgba(0,0,0,.12)}
.card img{display:block;width:100%;height:auto;aspect-ratio:1;background:#f7f7f7}
.card .t{height:40px;overflow:hidden;margin:6px 0 4px;font-size:12px}
.price{color:#e4393c;font-size:16px;font-weight:bold}.price small{font-size:12px}
.meta{color:#999;font-size:12px;display:flex;justify-content:space-between}
.tag{display:inline-block;border:1px solid #e4393c;color:#e4393c;font-size:11px;padding:0 4px;margin-right:4px;line-height:16px}
.footer{background:#fff;margin-top:30px;padding:24px 0 30px;border-top:1px solid #eee;color:#666}
.footer .cols{display:flex;justify-content:space-between;padding-bottom:18px;border-bottom:1px solid #eee}
.footer dl dt{font-size:14px;font-weight:bold;margin-bottom:6px}.footer dd a{color:#666;font-size:12px;line-height:22px}
.footer .legal{text-align:center;font-size:12px;line-height:24px;margin-top:14px}
.footer .legal img{height:16px;vertical-align:-3px;margin-right:3px}
.late{background:#fff8f0;border:1px dashed #ffb37a;margin-top:14px;padding:14px 20px}
"""

SITE_JS = """// 站点通用脚本：购物车数量、搜索框提示
(function(){
  var n = document.querySelector('.cart b'); if (n) n.textContent = String(3);
  var q = document.querySelector('.search input');
  if (q && !q.value) q.placeholder = '搜索 家用电饭煲 / 蓝牙耳机 / 坚果礼盒';
  document.querySelectorAll('img[data-src]').forEach(function(img){
    if (!('IntersectionObserver' in window)) { img.src = img.dataset.src; return; }
    var io = new IntersectionObserver(function(es){ es.forEach(function(e){
      if (e.isIntersecting) { e.target.src = e.target.dataset.src; io.unobserve(e.target); } }); }, {rootMargin: '200px'});
    io.observe(img);
  });
})();
"""


def _product(i: int) -> dict[str, Any]:
    r = random.Random(i)
    price = r.choice([9.9, 19.9, 29, 39.9, 49, 59, 69.9, 89, 99, 129, 159, 199, 259, 299, 399, 599, 899, 1299])
    return {"id": 1000 + i, "name": f"{SHOP}自营 {r.choice(ADJS)}{NOUNS[i % len(NOUNS)]} {r.choice(['2件装', '升级款', '官方标配', '礼盒装', '单只装'])}",
            "price": price, "was": round(price * r.uniform(1.2, 1.8)), "sold": r.randint(12, 98000),
            "good": r.randint(92, 99), "shop": r.choice(["云杉自营旗舰店", "青禾家居专营店", "北岸数码官方店", "南山食品店"])}


def _svg_product(i: int) -> bytes:
    r = random.Random(i * 7 + 1)
    c1, c2 = r.choice(PALETTE), r.choice(PALETTE)
    shape = r.choice([
        f'<rect x="70" y="60" width="160" height="190" rx="18" fill="{c2}"/>',
        f'<circle cx="150" cy="150" r="95" fill="{c2}"/>',
        f'<path d="M60 240 L150 55 L240 240 Z" fill="{c2}"/>',
        f'<rect x="45" y="110" width="210" height="110" rx="55" fill="{c2}"/>'])
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300" viewBox="0 0 300 300">'
            f'<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#fff"/>'
            f'<stop offset="1" stop-color="{c1}" stop-opacity=".25"/></linearGradient></defs>'
            f'<rect width="300" height="300" fill="url(#g)"/>{shape}'
            f'<ellipse cx="150" cy="268" rx="90" ry="10" fill="#000" opacity=".08"/>'
            f'<text x="150" y="160" font-size="30" text-anchor="middle" fill="#fff" font-family="sans-serif">{1000 + i}</text></svg>').encode()


def _png(w: int, h: int, row: Callable[[int], bytes]) -> bytes:
    raw = b"".join(b"\x00" + row(y) for y in range(h))
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def _hex(c: str) -> tuple[int, int, int]:
    return int(c[1:3], 16), int(c[3:5], 16), int(c[5:7], 16)


def _banner_png(seed: int, w: int = 990, h: int = 340) -> bytes:
    a, b = _hex(PALETTE[seed % len(PALETTE)]), _hex(PALETTE[(seed + 3) % len(PALETTE)])
    def row(y: int) -> bytes:
        t = y / h
        bg = bytes(int(a[k] * (1 - t) + b[k] * t) for k in range(3))
        if h * 0.3 < y < h * 0.7:  # a light band where the slogan would sit
            x0 = w // 10 + (seed * 37) % (w // 3)
            return bg * x0 + b"\xff\xf4\xe6" * (w // 3) + bg * (w - x0 - w // 3)
        return bg * w
    return _png(w, h, row)


def _photo_png(seed: int, w: int = 800, h: int = 800) -> bytes:
    c = _hex(PALETTE[seed % len(PALETTE)])
    def row(y: int) -> bytes:
        g = 245 - y * 20 // h
        bg = bytes((g, g, g))
        half = int((w * 0.32) * (1 - abs(y - h / 2) / (h * 0.6))) if h * 0.15 < y < h * 0.85 else 0
        shade = bytes(max(0, min(255, c[k] + (y * 60 // h) - 30)) for k in range(3))
        return bg * (w // 2 - half) + shade * (2 * half) + bg * (w - w // 2 - half)
    return _png(w, h, row)


def _licence_png(w: int = 620, h: int = 440) -> bytes:
    def row(y: int) -> bytes:
        border = y < 14 or y > h - 15
        if border:
            return b"\xb0\x2a\x2a" * w
        line = 60 < y < 400 and (y - 60) % 34 < 3
        inner = (b"\xc8\xc8\xc8" * 280 if line else b"\xfb\xf5\xe8" * 280)
        seal = 300 < y < 400
        right = (b"\xfb\xf5\xe8" * 40 + b"\xd9\x34\x34" * 110 + b"\xfb\xf5\xe8" * 122) if seal else b"\xfb\xf5\xe8" * 272
        return b"\xb0\x2a\x2a" * 14 + b"\xfb\xf5\xe8" * 40 + inner + right + b"\xb0\x2a\x2a" * 14
    return _png(w, h, row)


LOGO_SVG = (f'<svg xmlns="http://www.w3.org/2000/svg" width="190" height="60" viewBox="0 0 190 60">'
            f'<rect x="2" y="6" width="48" height="48" rx="10" fill="#e4393c"/>'
            f'<path d="M26 14 L40 44 H12 Z" fill="#fff"/><text x="60" y="41" font-size="28" font-weight="bold" '
            f'fill="#e4393c" font-family="Noto Sans CJK SC,sans-serif">{SHOP}</text></svg>').encode()
BADGE_SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20" viewBox="0 0 20 20">'
             b'<circle cx="10" cy="10" r="9" fill="#1d4fa8"/><path d="M10 3 L16 8 L13 16 H7 L4 8 Z" fill="#f5c518"/></svg>')


def _layout(title: str, body: str, q: str = "", extra_head: str = "") -> str:
    hot = "".join(f'<a href="/search.html?q={w}">{w}</a>' for w in ["电饭煲", "蓝牙耳机", "羽绒服", "坚果", "猫粮"])
    nav = "".join(f'<a href="{h}">{t}</a>' for t, h in [("首页", "/"), ("秒杀", "/promo/sale.html"), ("优惠券", "/promo/sale.html"),
                                                        ("生鲜", "/channel/fresh.html"), ("家电", "/search.html?q=家电"),
                                                        ("服饰", "/search.html?q=服饰"), ("自营店", "/shop/88.html")])
    cols = {"购物指南": ["购物流程", "会员介绍", "常见问题", "联系客服"], "配送方式": ["上门自提", "211限时达", "配送服务查询", "海外配送"],
            "支付方式": ["货到付款", "在线支付", "分期付款", "公司转账"], "售后服务": ["售后政策", "价格保护", "退款说明", "返修/退换货"],
            "平台规则": ["平台服务协议", "隐私政策", "商家入驻", "消费者权益保护"]}
    footer_cols = "".join(f"<dl><dt>{k}</dt>" + "".join(f'<dd><a href="/help/rules.html">{v}</a></dd>' for v in vs) + "</dl>"
                          for k, vs in cols.items())
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title><link rel="icon" href="data:,">
<meta name="viewport" content="width=1200"><link rel="stylesheet" href="/static/site.css">{extra_head}</head>
<body>
<div class="topbar"><div class="w"><span>欢迎来到{SHOP}！ <a href="/help/rules.html">请登录</a><a href="/help/rules.html">免费注册</a></span>
<span><a href="/help/rules.html">我的订单</a><a href="/help/rules.html">我的{SHOP}</a><a href="/help/rules.html">企业采购</a><a href="/help/rules.html">客户服务</a><a href="/help/rules.html">网站导航</a></span></div></div>
<div class="header"><div class="w"><a class="logo" href="/"><img src="/img/logo.svg" alt="{SHOP}" width="190" height="60"></a>
<div class="search"><form action="/search.html"><input name="q" value="{q}" autocomplete="off"><button>搜索</button></form><div class="hot">{hot}</div></div>
<a class="cart" href="/help/rules.html">我的购物车 <b>0</b></a></div></div>
<div class="nav"><div class="w"><a class="all" href="/channel/fresh.html">全部商品分类</a>{nav}</div></div>
{body}
<div class="footer"><div class="w"><div class="cols">{footer_cols}</div>
<div class="legal"><p><a href="/help/rules.html">关于我们</a> | <a href="/help/rules.html">联系我们</a> | <a href="/help/rules.html">商家入驻</a> | <a href="/help/rules.html">友情链接</a></p>
<p>{OPERATOR} 版权所有 © 2018-2025 | <a href="/licence.html">营业执照</a> | <a href="/licence.html">增值电信业务经营许可证：浙B2-20240317</a> | {ICP}</p>
<p><img src="/img/badge.svg" alt="">浙公网安备 33010602012345号 | 违法和不良信息举报电话：0571-8800 1234 | 消费者维权热线：12315</p></div></div></div>
<script src="/static/site.js"></script>
</body></html>"""


def _card(i: int, lazy: bool = False, data_src: bool = False) -> str:
    p = _product(i)
    src = f"/img/p/{p['id']}.svg"
    img = (f'<img data-src="{src}" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="{p["name"]}">' if data_src
           else f'<img src="{src}" alt="{p["name"]}"{" loading=lazy" if lazy else ""} width="300" height="300">')
    tags = '<span class="tag">自营</span>' + ('<span class="tag">满199减30</span>' if i % 3 == 0 else "")
    return (f'<div class="card"><a href="/item/{p["id"]}.html">{img}<p class="t">{tags}{p["name"]}</p></a>'
            f'<p class="price"><small>¥</small>{p["price"]}</p><p class="meta"><span>{p["sold"]}+人付款</span><span>{p["good"]}%好评</span></p></div>')


LATE_JS = """<script>setTimeout(function(){var d=document.createElement('div');d.className='w late';
d.innerHTML=%s;var f=document.querySelector('.footer');f.parentNode.insertBefore(d,f);},500);</script>"""


def page_home() -> str:
    cats = "".join(f'<li><a href="/search.html?q={c}">{c}</a> <span style="color:#bbb">›</span></li>' for c in CATS)
    banners = "".join(f'<img src="/img/banner{k}.png" alt="活动{k}" style="display:{"block" if k == 1 else "none"};width:990px;height:340px">' for k in (1, 2, 3))
    body = f"""<div class="w" style="display:flex;gap:10px;margin-top:10px">
<ul style="width:200px;background:#fff;padding:10px 16px;line-height:32px;font-size:14px">{cats}</ul>
<div style="position:relative">{banners}<div style="position:absolute;bottom:10px;left:460px">● ○ ○</div></div></div>
<div class="w sec"><h2>限时秒杀 <small style="color:#e4393c;font-size:13px">距结束 02:13:45</small></h2><div class="grid g8">{"".join(_card(i) for i in range(8))}</div></div>
<div class="w sec"><h2>为你推荐</h2><div class="grid g8">{"".join(_card(i, lazy=i > 23) for i in range(8, 40))}</div></div>"""
    return _layout(f"{SHOP} - 正品低价、品质保障、配送及时", body)


def page_search() -> str:
    filt = "".join(f'<a href="/search.html?q=电饭煲&b={b}" style="margin-right:18px">{b}</a>' for b in ["美的", "苏泊尔", "九阳", "小熊", "松下", "象印", "云杉优选"])
    late = ('<h2 style="font-size:16px">猜你喜欢</h2><div class="grid">' + "".join(_card(i) for i in range(64, 70)) + "</div>")
    pages = " ".join(f'<a href="/search.html?q=电饭煲&page={n}" style="border:1px solid #ddd;padding:4px 10px;background:#fff">{n}</a>' for n in range(1, 8))
    body = f"""<div class="w crumb">全部结果 › <b>“电饭煲”</b> 共 2,386 件商品</div>
<div class="w sec" style="line-height:30px"><p><b>品牌：</b>{filt}</p><p><b>容量：</b>2L以下 2-3L 3-4L 4-5L 5L以上</p>
<p><b>排序：</b><a href="#">综合</a> · <a href="#">销量</a> · <a href="#">评论数</a> · <a href="#">新品</a> · <a href="#">价格</a></p></div>
<div class="w sec"><div class="grid">{"".join(_card(i, lazy=i > 51) for i in range(40, 64))}</div>
<p style="text-align:center;margin-top:16px">{pages} … 共 60 页</p></div>{LATE_JS % json.dumps(late, ensure_ascii=False)}"""
    return _layout("电饭煲 - 商品搜索 - " + SHOP, body, q="电饭煲")


def page_item() -> str:
    p = _product(7)
    thumbs = "".join(f'<img src="/img/p/{1000 + k}.svg" width="60" height="60" style="border:1px solid #ddd;margin-right:6px">' for k in (7, 8, 9, 10, 11))
    skus = "".join(f'<span style="border:1px solid #ccc;padding:4px 12px;margin-right:8px">{s}</span>' for s in ["3L 经典款", "4L 升级款", "5L 家庭款"])
    details = "".join(f'<img src="/img/detail{k}.png" loading="lazy" alt="详情{k}" style="display:block;width:790px;margin:0 auto">' for k in (1, 2))
    reviews = "".join(f'<li style="border-bottom:1px solid #eee;padding:10px 0"><b>用户{r * 37 % 1000:03d}***</b> ★★★★★ <p>{t}</p></li>'
                      for r, t in enumerate(["做饭很快，米饭香软，内胆不粘。", "物流很快，包装完好，客服耐心。", "颜值高，操作简单，老人也会用。",
                                             "用了一周，预约功能很实用。", "价格实惠，比超市便宜。", "声音小，清洗方便。"]))
    late = ('<b style="color:#e4393c">到手价提醒</b>：今日下单立减 20 元，叠加店铺券最高再减 30 元（活动以结算页为准）。'
            '<div class="grid" style="margin-top:8px">' + "".join(_card(i) for i in range(70, 76)) + "</div>")
    body = f"""<div class="w crumb">家用电器 › 厨房小电 › 电饭煲 › {p['name']}</div>
<div class="w sec" style="display:flex;gap:30px"><div><img src="/img/photo1.png" alt="{p['name']}" width="420" height="420" style="display:block">
<div style="margin-top:10px">{thumbs}</div></div>
<div style="flex:1"><h1 style="font-size:18px">{p['name']}</h1><p style="color:#e4393c;margin:6px 0">【品质自营】24个月只换不修，支持7天无理由退货</p>
<div style="background:#fff2e8;padding:14px;margin:10px 0"><span style="color:#999">价格</span> <span class="price" style="font-size:26px"><small>¥</small>{p['price']}</span>
<del style="color:#999;margin-left:10px">¥{p['was']}</del><p><span style="color:#999">促销</span> <span class="tag">满199减30</span> <span class="tag">以旧换新</span></p></div>
<p style="margin:10px 0"><span style="color:#999">选择版本</span> {skus}</p><p><span style="color:#999">配送至</span> 浙江 杭州市 西湖区 · 现货，23:10前下单，预计明天送达</p>
<p style="margin-top:20px"><span style="background:#e4393c;color:#fff;padding:10px 40px;font-size:16px">加入购物车</span></p>
<p style="margin-top:14px;color:#999">店铺：<a href="/shop/88.html">{p['shop']}</a> · 商品编号 {p['id']} · 销量 {p['sold']}</p></div></div>
<div class="w sec"><h2>商品详情</h2>{details}</div>
<div class="w sec"><h2>商品评价（好评率 {p['good']}%）</h2><ul>{reviews}</ul></div>{LATE_JS % json.dumps(late, ensure_ascii=False)}"""
    return _layout(f"{p['name']} - {SHOP}", body)


def page_shop() -> str:
    body = f"""<div class="w" style="margin-top:10px"><img src="/img/banner2.png" alt="店铺招牌" style="display:block;width:1200px;height:220px;object-fit:cover"></div>
<div class="w sec" style="display:flex;justify-content:space-between"><div><h2>云杉自营旗舰店</h2><p>描述 4.9 · 服务 4.9 · 物流 4.8 · 关注人数 128.6万</p></div>
<p style="line-height:28px">经营者：{OPERATOR}<br><a href="/licence.html">查看店铺经营者营业执照信息</a></p></div>
<div class="w sec"><h2>店铺热卖</h2><div class="grid g4">{"".join(_card(i) for i in range(80, 84))}</div></div>
<div class="w sec"><h2>全部商品</h2><div class="grid">{"".join(_card(i, data_src=i > 95) for i in range(84, 108))}</div></div>"""
    return _layout(f"云杉自营旗舰店 - {SHOP}", body)


def page_channel() -> str:
    chips = "".join(f'<span style="display:inline-block;background:#fff;border-radius:16px;padding:4px 16px;margin:4px">{c}</span>'
                    for c in ["水果", "蔬菜", "肉禽蛋", "海鲜水产", "乳品烘焙", "粮油调味", "冷冻速食", "酒水饮料"])
    body = f"""<div class="w" style="margin-top:10px;background:#eaf7e6;padding:16px"><h1 style="color:#389e0d">生鲜频道 · 产地直采 冷链到家</h1>{chips}</div>
<div class="w sec"><h2>今日新鲜到货</h2><div class="grid g5">{"".join(_card(i) for i in range(110, 120))}</div></div>
<div class="w sec"><h2>产地好物</h2><div class="grid g5">{"".join(_card(i, lazy=True) for i in range(120, 130))}</div></div>"""
    return _layout(f"生鲜 - {SHOP}", body)


def page_promo() -> str:
    coupons = "".join(f'<div style="background:#fff0f0;border:1px solid #ffc2c2;padding:14px;text-align:center"><b style="color:#e4393c;font-size:26px">¥{v}</b>'
                      f'<p>满{m}可用</p><span class="tag">立即领取</span></div>' for v, m in [(10, 99), (20, 199), (50, 399), (100, 899)])
    body = f"""<div class="w" style="margin-top:10px"><img src="/img/banner3.png" alt="年货节" style="display:block;width:1200px;height:400px"></div>
<div class="w sec"><h2>领券中心</h2><div class="grid g4">{coupons}</div>
<p style="color:#999;margin-top:8px">活动时间：2025年1月10日 00:00 至 1月20日 23:59。优惠券每人限领一张，具体规则详见<a href="/help/rules.html">活动规则</a>。</p></div>
<div class="w sec"><h2>爆款直降</h2><div class="grid g4">{"".join(_card(i) for i in range(130, 138))}</div></div>"""
    return _layout(f"年货节 - {SHOP}", body)


def page_rules() -> str:
    paras = []
    for n in range(1, 13):
        paras.append(f'<h3 style="margin:14px 0 6px">第{n}条</h3><p>' + ("平台经营者应当遵循自愿、平等、公平、诚信的原则，"
                     "遵守法律和商业道德，公平参与市场竞争，履行消费者权益保护、环境保护、知识产权保护、网络安全与个人信息保护等方面的义务。"
                     "平台内经营者应当依法办理市场主体登记，在其首页显著位置持续公示营业执照信息、与其经营业务有关的行政许可信息。") * (1 + n % 2) + "</p>")
    body = f"""<div class="w crumb">帮助中心 › 平台规则 › 平台服务协议</div>
<div class="w" style="display:flex;gap:14px"><ul class="sec" style="width:220px;line-height:32px">{"".join(f"<li><a href='/help/rules.html'>{t}</a></li>" for t in ["平台服务协议", "隐私政策", "交易规则", "评价规则", "售后规则", "知识产权保护", "消费者权益保护"])}</ul>
<div class="sec" style="flex:1;line-height:1.9"><h1 style="font-size:22px">{SHOP}平台服务协议</h1><p style="color:#999">更新日期：2024年12月1日 · 生效日期：2024年12月8日</p>{"".join(paras)}</div></div>"""
    return _layout(f"平台服务协议 - 帮助中心 - {SHOP}", body)


def page_licence() -> str:
    rows = "".join(f"<tr><th style='text-align:left;width:180px;padding:6px;background:#fafafa'>{k}</th><td style='padding:6px'>{v}</td></tr>"
                   for k, v in [("名称", OPERATOR), ("统一社会信用代码", "91330106MA2CXXXX7Q"), ("类型", "有限责任公司（自然人投资或控股）"),
                                ("法定代表人", "周明远"), ("注册资本", "壹仟万元整"), ("成立日期", "2018年06月12日"),
                                ("住所", "浙江省杭州市西湖区文三路 478 号 8 层"), ("经营范围", "网络技术服务；互联网销售（除销售需要许可的商品）；日用百货销售")])
    body = f"""<div class="w crumb">首页 › 证照信息</div><div class="w sec"><h2>经营者营业执照信息</h2>
<div style="display:flex;gap:30px"><img src="/img/licence.png" alt="营业执照" width="620" height="440" style="border:1px solid #ddd">
<table style="border-collapse:collapse;flex:1" border="1" bordercolor="#eee">{rows}</table></div>
<p style="color:#999;margin-top:12px">以上信息由经营者自行提供，具体以工商部门登记为准。经营者应保证信息的真实性、合法性、有效性。</p></div>"""
    return _layout(f"证照信息 - {SHOP}", body)


PAGES = [("/", page_home), ("/search.html?q=%E7%94%B5%E9%A5%AD%E7%85%B2", page_search), ("/item/1007.html", page_item), ("/shop/88.html", page_shop),
         ("/channel/fresh.html", page_channel), ("/promo/sale.html", page_promo), ("/help/rules.html", page_rules),
         ("/licence.html", page_licence)]


def build_site() -> dict[str, tuple[str, bytes]]:
    """Path (without query) → (content type, body)."""
    html = "text/html; charset=utf-8"
    site: dict[str, tuple[str, bytes]] = {}
    for path, fn in PAGES:
        site[urlsplit(path).path] = (html, fn().encode("utf-8"))
    site["/index.html"] = site["/"]
    site["/static/site.css"] = ("text/css; charset=utf-8", CSS.encode())
    site["/static/site.js"] = ("text/javascript; charset=utf-8", SITE_JS.encode())
    site["/img/logo.svg"] = ("image/svg+xml", LOGO_SVG)
    site["/img/badge.svg"] = ("image/svg+xml", BADGE_SVG)
    for i in range(0, 140):
        site[f"/img/p/{1000 + i}.svg"] = ("image/svg+xml", _svg_product(i))
    for k in (1, 2, 3):
        site[f"/img/banner{k}.png"] = ("image/png", _banner_png(k, 1200 if k == 3 else 990, 400 if k == 3 else 340))
    site["/img/photo1.png"] = ("image/png", _photo_png(2))
    site["/img/detail1.png"] = ("image/png", _photo_png(5, 790, 520))
    site["/img/detail2.png"] = ("image/png", _photo_png(8, 790, 400))
    site["/img/licence.png"] = ("image/png", _licence_png())
    return site


def serve(site: dict[str, tuple[str, bytes]]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "nginx"
        sys_version = ""

        def do_GET(self, head: bool = False) -> None:  # noqa: N802
            path = urlsplit(self.path).path
            ctype, body = site.get(path, ("text/html; charset=utf-8", "<!DOCTYPE html><title>404</title><h1>页面不存在</h1>".encode()))
            self.send_response(200 if path in site else 404)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=600" if not ctype.startswith("text/html") else "no-cache")
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def do_HEAD(self) -> None:  # noqa: N802
            self.do_GET(head=True)

        def log_message(self, *args: Any) -> None:
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request: Any, client_address: Any) -> None:
            if not isinstance(sys.exc_info()[1], ConnectionError):  # a page closed while its lazy images loaded
                super().handle_error(request, client_address)

    httpd = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


# ---------------------------------------------------------------------------------------------------------------
# The two contenders
# ---------------------------------------------------------------------------------------------------------------
BARE = r"""
import json, os, sys, time
t0 = time.monotonic()
from playwright.sync_api import sync_playwright
from crawler.browser import CHROMIUM, LAUNCH_FLAGS
out, w, h, urls = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
timing = {"import": time.monotonic() - t0, "goto": [], "screenshot": []}
with sync_playwright() as p:
    t = time.monotonic()
    browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_FLAGS)
    timing["launch"] = time.monotonic() - t
    for i, url in enumerate(urls):
        page = browser.new_page(viewport={"width": w, "height": h})
        t = time.monotonic()
        page.goto(url, wait_until="load")
        timing["goto"].append(time.monotonic() - t)
        t = time.monotonic()
        page.screenshot(path=os.path.join(out, f"{i}.png"), full_page=True)
        timing["screenshot"].append(time.monotonic() - t)
        page.close()
    t = time.monotonic()
    browser.close()
timing["close"] = time.monotonic() - t
print(json.dumps(timing))
"""


def base_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.pop("XUNJIAN_CONFIG", None)
    return env


def fail(what: str, proc: subprocess.CompletedProcess | None, detail: str) -> None:
    print(f"\n!! {what} failed: {detail}", file=sys.stderr)
    if proc is not None:
        print(f"-- exit code {proc.returncode}\n-- stdout:\n{proc.stdout[-4000:]}\n-- stderr:\n{proc.stderr[-4000:]}", file=sys.stderr)
    raise SystemExit(1)


def run_xunjian(urls: list[str], concurrency: int | None) -> dict[str, Any]:
    home = Path(tempfile.mkdtemp(prefix="xunjian-bench-"))
    try:
        env = base_env()
        env.update({"XUNJIAN_EVIDENCE": str(home / "snapshots"), "DATABASE_URL": f"sqlite:///{home / 'x.db'}",
                    "XUNJIAN_KEY": str(home / "key" / "signing-key.pem"), "XUNJIAN_CONFIG": str(home / "none.yaml")})
        cmd = [sys.executable, "-m", "xunjian", "capture", "--json"]
        if concurrency is not None:
            cmd += ["--concurrency", str(concurrency)]
        cmd += urls
        wall0 = time.time()
        t = time.perf_counter()
        try:
            proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            fail("xunjian capture", None, f"did not finish within {RUN_TIMEOUT} s")
        seconds = time.perf_counter() - t
        try:
            lines = [json.loads(l) for l in proc.stdout.splitlines() if l.strip()]
        except json.JSONDecodeError as e:
            fail("xunjian capture", proc, f"stdout is not JSON lines ({e})")
        if len(lines) != len(urls):
            fail("xunjian capture", proc, f"{len(lines)} JSON lines for {len(urls)} URLs")
        bad = [f"{l['url']}: {l['status']} {l.get('error')}" for l in lines if l.get("status") != "ok"]
        if bad:
            fail("xunjian capture", proc, "not every URL captured ok:\n   " + "\n   ".join(bad))
        if proc.returncode not in (0, 3):  # 3 = ok, but a check found a violation on a page
            fail("xunjian capture", proc, f"unexpected exit code {proc.returncode}")
        starts, ends, heights = [], [], {}
        for l in lines:
            m = json.loads((Path(l["evidence_dir"]) / "manifest.json").read_text(encoding="utf-8"))
            starts.append(datetime.fromisoformat(m["start"]["utc"]).timestamp())
            ends.append(datetime.fromisoformat(m["end"]["utc"]).timestamp())
            heights[l["url"]] = (m.get("provenance", {}).get("screenshot") or {}).get("page_height")
        return {"seconds": seconds, "lines": lines, "heights": heights,
                "startup": min(starts) - wall0,                 # interpreter, imports, key, browser launch
                "captures": max(ends) - min(starts),             # first capture starts → last capture ends
                "shutdown": wall0 + seconds - max(ends),         # seal/store of the last one, browser close, exit
                "partial": [l["url"] for l in lines if l.get("partial")]}
    finally:
        shutil.rmtree(home, ignore_errors=True)


def run_bare(urls: list[str]) -> dict[str, Any]:
    out = Path(tempfile.mkdtemp(prefix="bare-bench-"))
    try:
        cmd = [sys.executable, "-c", BARE, str(out), str(VIEWPORT[0]), str(VIEWPORT[1]), *urls]
        t = time.perf_counter()
        try:
            proc = subprocess.run(cmd, cwd=ROOT, env=base_env(), capture_output=True, text=True, timeout=RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            fail("bare playwright", None, f"did not finish within {RUN_TIMEOUT} s")
        seconds = time.perf_counter() - t
        if proc.returncode != 0:
            fail("bare playwright", proc, f"exit code {proc.returncode}")
        shots = sorted(out.glob("*.png"))
        if len(shots) != len(urls) or any(s.stat().st_size == 0 for s in shots):
            fail("bare playwright", proc, f"{len(shots)} screenshots for {len(urls)} URLs")
        return {"seconds": seconds, "timing": json.loads(proc.stdout.strip().splitlines()[-1])}
    finally:
        shutil.rmtree(out, ignore_errors=True)


# ---------------------------------------------------------------------------------------------------------------
def machine_info() -> str:
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:
        affinity = os.cpu_count()
    try:
        nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    except OSError:
        nproc = "?"
    try:
        sys.path.insert(0, str(ROOT))
        from crawler.browser import CHROMIUM
        chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except Exception as e:  # noqa: BLE001
        chromium = f"? ({e})"
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f", RAM {int(line.split()[1]) // 1024} MiB"
    except OSError:
        pass
    load = ", load %.2f %.2f %.2f" % os.getloadavg() if hasattr(os, "getloadavg") else ""
    return (f"nproc={nproc} (os.cpu_count={os.cpu_count()}, affinity={affinity}){mem}{load}\n"
            f"python {platform.python_version()} on {platform.platform()}\n{chromium}")


def med(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5, help="alternating rounds of (xunjian, bare); default 5")
    ap.add_argument("--concurrency", type=int, default=None, help="passed to `xunjian capture --concurrency` (default: xunjian's own)")
    ap.add_argument("--no-warmup", action="store_true", help="skip the untimed warm-up run of each (page cache, .pyc)")
    args = ap.parse_args()

    print("== machine\n" + machine_info())
    t = time.perf_counter()
    site = build_site()
    httpd = serve(site)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    urls = [base + path for path, _ in PAGES]
    size = sum(len(b) for _, b in site.values())
    print(f"\n== pages: {len(urls)} served at {base} ({len(site)} resources, {size / 1024:.0f} KiB, built in {time.perf_counter() - t:.2f} s)")
    print(f"   xunjian concurrency: {args.concurrency if args.concurrency is not None else 'default (not passed)'}; viewport {VIEWPORT[0]}x{VIEWPORT[1]} for both")

    try:
        if not args.no_warmup:
            print("   warm-up (untimed): xunjian …", end="", flush=True)
            warm = run_xunjian(urls, args.concurrency)
            print(f" {warm['seconds']:.2f} s, bare …", end="", flush=True)
            print(f" {run_bare(urls)['seconds']:.2f} s")
            for u in urls:
                h = warm["heights"].get(u)
                print(f"   {unquote(u[len(base):]):<24} {h} px ≈ {h / VIEWPORT[1]:.1f} screens" if h else f"   {u[len(base):]}")

        xs, bs = [], []
        print(f"\n== rounds (wall time of the whole process, alternating)\n{'round':>5}  {'xunjian':>9}  {'bare':>8}  {'ratio':>6}   xunjian: startup / captures / shutdown")
        for n in range(1, args.rounds + 1):
            x = run_xunjian(urls, args.concurrency)
            b = run_bare(urls)
            xs.append(x)
            bs.append(b)
            print(f"{n:>5}  {x['seconds']:>8.2f}s  {b['seconds']:>7.2f}s  {x['seconds'] / b['seconds']:>5.2f}×"
                  f"   {x['startup']:.2f} / {x['captures']:.2f} / {x['shutdown']:.2f} s"
                  + (f"   partial: {len(x['partial'])}" if x["partial"] else ""), flush=True)
    finally:
        httpd.shutdown()
        httpd.server_close()

    mx, mb = med([x["seconds"] for x in xs]), med([b["seconds"] for b in bs])
    ratio = mx / mb
    print(f"\n== result\nmedian xunjian capture: {mx:.2f} s\nmedian bare playwright: {mb:.2f} s\n"
          f"ratio xunjian/bare:     {ratio:.2f}×   (target ≤ 2×: {'met' if ratio <= 2 else 'NOT met'})")

    steps: dict[str, list[float]] = {}
    totals: list[float] = []
    for x in xs:
        for line in x["lines"]:
            for k, v in line["timings"].items():
                steps.setdefault(k, []).append(v)
            totals.append(sum(line["timings"].values()))
    n_pages = len(totals)
    print(f"\n== xunjian: where the time goes (per page, median / max over {n_pages} captures; pages overlap when concurrency > 1)")
    for k, v in steps.items():
        print(f"   {k:<18} {med(v):7.3f} s  {max(v):7.3f} s")
    print(f"   {'sum of steps':<18} {med(totals):7.3f} s  {max(totals):7.3f} s")
    print(f"   process: startup (spawn → first capture starts) {med([x['startup'] for x in xs]):.2f} s, "
          f"captures (first start → last end) {med([x['captures'] for x in xs]):.2f} s, "
          f"shutdown (last end → exit) {med([x['shutdown'] for x in xs]):.2f} s")

    bt = [b["timing"] for b in bs]
    print(f"\n== bare: where the time goes (medians)\n   import {med([t['import'] for t in bt]):.3f} s, launch {med([t['launch'] for t in bt]):.3f} s, "
          f"goto {med([g for t in bt for g in t['goto']]):.3f} s/page, screenshot {med([s for t in bt for s in t['screenshot']]):.3f} s/page, "
          f"close {med([t['close'] for t in bt]):.3f} s")
    sys.exit(0)


if __name__ == "__main__":
    main()
