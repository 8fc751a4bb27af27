"""Local images (SVG only) and the support pages: licence lighting page, click redirects, ad server, stubs."""
from lib import PLATFORMS, SHOP_LICENCES, T, js_str, esc
from layout import standard_page, footer, document, topbar, header, nav

FONT = 'font-family="Noto Sans CJK SC, Microsoft YaHei, sans-serif"'


def svg(w, h, body, bg=None):
    b = '<rect width="%d" height="%d" fill="%s"/>' % (w, h, bg) if bg else ""
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d">%s%s</svg>\n'
            % (w, h, w, h, b, body))


def grad(id_, c1, c2, vertical=True):
    xy = 'x1="0" y1="0" x2="0" y2="1"' if vertical else 'x1="0" y1="0" x2="1" y2="0"'
    return '<defs><linearGradient id="%s" %s><stop offset="0" stop-color="%s"/><stop offset="1" stop-color="%s"/></linearGradient></defs>' % (id_, xy, c1, c2)


PRODUCT_SHAPES = {
    1: ("#eef3fb", "#dbe6f6", '<ellipse cx="80" cy="110" rx="26" ry="34" fill="#2d3545"/><rect x="72" y="135" width="14" height="50" rx="7" fill="#2d3545"/>'
        '<ellipse cx="140" cy="110" rx="26" ry="34" fill="#2d3545"/><rect x="134" y="135" width="14" height="50" rx="7" fill="#2d3545"/>'
        '<circle cx="80" cy="104" r="9" fill="#6b7a99"/><circle cx="140" cy="104" r="9" fill="#6b7a99"/>'),
    2: ("#f6f0fb", "#e6daf3", '<path d="M50 130 Q50 50 110 50 Q170 50 170 130" fill="none" stroke="#4b3a67" stroke-width="12"/>'
        '<rect x="36" y="118" width="36" height="60" rx="14" fill="#4b3a67"/><rect x="148" y="118" width="36" height="60" rx="14" fill="#4b3a67"/>'),
    3: ("#f5f5f2", "#e7e6df", '<rect x="55" y="55" width="110" height="125" rx="30" fill="#3a3a3a"/><rect x="72" y="80" width="76" height="50" rx="10" fill="#7fa3c6"/>'
        '<circle cx="110" cy="155" r="10" fill="#d9d9d9"/><rect x="70" y="180" width="80" height="8" rx="4" fill="#222"/>'),
    4: ("#fbf4ee", "#f1e2d3", '<ellipse cx="100" cy="120" rx="70" ry="26" fill="#55585e"/><ellipse cx="100" cy="114" rx="60" ry="18" fill="#8a8e96"/>'
        '<rect x="160" y="112" width="50" height="10" rx="5" fill="#6b4a2b"/>'),
    5: ("#eef6f0", "#d5eadb", '<path d="M70 50 L95 40 L110 55 L125 40 L150 50 L175 95 L155 105 L150 180 L70 180 L65 105 L45 95 Z" fill="#2f6f8f"/>'
        '<rect x="106" y="58" width="8" height="120" fill="#1f4f66"/>'),
    6: ("#eef7f8", "#d3ebee", '<rect x="85" y="40" width="50" height="22" rx="6" fill="#375a7f"/><rect x="75" y="60" width="70" height="125" rx="18" fill="#5aa6c9"/>'
        '<rect x="85" y="95" width="50" height="40" rx="4" fill="#ffffff" opacity=".7"/>'),
    7: ("#fdf7f2", "#f4e6d9", '<rect x="45" y="80" width="130" height="90" rx="8" fill="#f1c7a8"/><path d="M90 80 Q110 50 130 80" fill="#ffffff" stroke="#e0b08e" stroke-width="3"/>'
        '<rect x="60" y="110" width="100" height="30" rx="4" fill="#ffffff" opacity=".6"/>'),
    8: ("#f2f8ee", "#dcebd1", '<path d="M60 100 L160 100 L150 170 Q110 185 70 170 Z" fill="#8b6a4e"/><path d="M160 115 Q185 120 160 145" fill="none" stroke="#8b6a4e" stroke-width="8"/>'
        '<path d="M95 80 Q110 40 130 60 Q115 75 95 80" fill="#5f9b3f"/>'),
    9: ("#fbf8ee", "#efe7cc", '<path d="M60 60 Q110 40 160 60 L170 180 Q110 195 50 180 Z" fill="#efe2c0" stroke="#c9b27a" stroke-width="3"/>'
        '<rect x="75" y="100" width="70" height="40" rx="6" fill="#c0392b" opacity=".85"/>'),
    10: ("#eef0f4", "#dadfe8", '<rect x="30" y="85" width="160" height="60" rx="8" fill="#3c4250"/>'
         + "".join('<rect x="%d" y="%d" width="14" height="12" rx="2" fill="#cfd5df"/>' % (40 + 18 * i, 95 + 18 * j) for i in range(8) for j in range(2))
         + '<rect x="58" y="131" width="104" height="8" rx="2" fill="#cfd5df"/>'),
    11: ("#f3f6fb", "#dfe6f2", '<path d="M40 140 Q45 100 80 95 L110 80 Q130 110 180 125 Q195 130 190 150 L45 155 Z" fill="#d35400"/>'
         '<rect x="40" y="150" width="152" height="14" rx="6" fill="#333"/>'),
    12: ("#f8f4f0", "#ece2d6", '<rect x="60" y="45" width="100" height="135" rx="4" fill="#2c5e7a"/><rect x="60" y="45" width="12" height="135" fill="#1d4257"/>'
         '<rect x="85" y="75" width="60" height="8" fill="#f0e6d2"/><rect x="85" y="92" width="45" height="6" fill="#f0e6d2"/>'),
}


def images():
    out = {}
    for n, (c1, c2, body) in PRODUCT_SHAPES.items():
        out["img/p/%d.svg" % n] = svg(220, 220, grad("g", c1, c2) + '<rect width="220" height="220" fill="url(#g)"/>' + body)
    for pid, pl in PLATFORMS.items():
        out["img/logo/%s.svg" % pid] = svg(190, 60, '<circle cx="28" cy="30" r="22" fill="%s"/><text x="28" y="37" text-anchor="middle" font-size="20" fill="#fff" %s>%s</text>'
                                           '<text x="60" y="40" font-size="26" font-weight="bold" fill="%s" %s>%s</text>' % (pl["theme"], FONT, pl["short"][0], pl["theme"], FONT, pl["name"]))
        out["img/banner/%s-main.svg" % pid] = svg(590, 340, grad("g", pl["theme"], "#222") + '<rect width="590" height="340" fill="url(#g)"/>'
                                                   '<circle cx="470" cy="170" r="110" fill="#fff" opacity=".12"/>'
                                                   '<text x="50" y="150" font-size="46" font-weight="bold" fill="#fff" %s>%s年货节</text>'
                                                   '<text x="52" y="205" font-size="24" fill="#ffe9a8" %s>爆款直降 · 至高满 300 减 50</text>' % (FONT, pl["short"], FONT))
        out["img/ad/popup-%s.svg" % pid] = svg(380, 460, grad("g", "#ff4a3d", "#c6100b") + '<rect width="380" height="460" rx="14" fill="url(#g)"/>'
                                                '<path d="M0 150 Q190 230 380 150 L380 0 L0 0 Z" fill="#e0261c"/>'
                                                '<circle cx="190" cy="190" r="44" fill="#ffd95a"/><text x="190" y="203" text-anchor="middle" font-size="36" font-weight="bold" fill="#c6100b" %s>領</text>'
                                                '<text x="190" y="90" text-anchor="middle" font-size="30" font-weight="bold" fill="#ffe9a8" %s>新人专享红包</text>'
                                                '<text x="190" y="300" text-anchor="middle" font-size="54" font-weight="bold" fill="#fff" %s>¥888</text>'
                                                '<text x="190" y="340" text-anchor="middle" font-size="18" fill="#ffe9a8" %s>%s · 限时领取</text>' % (FONT, FONT, FONT, FONT, pl["name"]))
    out["img/banner/side-a.svg"] = svg(190, 165, '<rect width="190" height="165" fill="#f7c948"/><text x="20" y="70" font-size="24" font-weight="bold" fill="#7a4b00" %s>会员日</text><text x="20" y="105" font-size="14" fill="#7a4b00" %s>每月 18 日 · 领券更省</text>' % (FONT, FONT))
    out["img/banner/side-b.svg"] = svg(190, 165, '<rect width="190" height="165" fill="#3b82c4"/><text x="20" y="70" font-size="24" font-weight="bold" fill="#fff" %s>新品首发</text><text x="20" y="105" font-size="14" fill="#e3f0ff" %s>每周上新 · 抢先体验</text>' % (FONT, FONT))
    out["img/banner/shop-wide.svg"] = svg(1190, 200, grad("g", "#30475e", "#5d7b96", False) + '<rect width="1190" height="200" fill="url(#g)"/><text x="80" y="115" font-size="44" font-weight="bold" fill="#fff" %s>冬季上新 · 全场包邮</text>' % FONT)
    out["img/ad/wide-kitchen.svg"] = svg(1190, 100, grad("g", "#1f6f5c", "#2fa37f", False) + '<rect width="1190" height="100" fill="url(#g)"/><text x="60" y="62" font-size="34" font-weight="bold" fill="#fff" %s>澜屿厨电节 · 空气炸锅直降 200 元</text><rect x="960" y="30" width="150" height="40" rx="20" fill="#ffd95a"/><text x="1035" y="57" text-anchor="middle" font-size="18" fill="#1f6f5c" %s>立即抢购</text>' % (FONT, FONT))
    out["img/ad/wide-tea.svg"] = svg(1190, 100, grad("g", "#5a7d2a", "#93b34f", False) + '<rect width="1190" height="100" fill="url(#g)"/><text x="60" y="62" font-size="34" font-weight="bold" fill="#fff" %s>雾岚新茶季 · 明前龙井 第二件半价</text>' % FONT)
    out["img/ad/slot-wide.svg"] = svg(1190, 110, grad("g", "#3a2f8f", "#7b5fe0", False) + '<rect width="1190" height="110" fill="url(#g)"/><text x="60" y="68" font-size="36" font-weight="bold" fill="#fff" %s>墨岩 Q5 Pro 降噪耳机 · 新品首发享 12 期免息</text>' % FONT)
    out["img/badge/dzyyzz.svg"] = svg(120, 40, '<rect width="120" height="40" rx="4" fill="#fff" stroke="#c9151e"/><circle cx="20" cy="20" r="13" fill="#c9151e"/><path d="M20 10 L23 17 L30 17 L24 22 L26 29 L20 25 L14 29 L16 22 L10 17 L17 17 Z" fill="#ffd95a"/>'
                                       '<text x="38" y="18" font-size="11" fill="#c9151e" %s>电子营业执照</text><text x="38" y="32" font-size="10" fill="#666" %s>亮照系统</text>' % (FONT, FONT))
    out["img/badge/trust.svg"] = svg(120, 40, '<rect width="120" height="40" rx="4" fill="#fff" stroke="#2d7d46"/><circle cx="20" cy="20" r="12" fill="#2d7d46"/><path d="M14 20 L19 25 L27 15" stroke="#fff" stroke-width="3" fill="none"/><text x="38" y="25" font-size="12" fill="#2d7d46" %s>可信网站</text>' % FONT)
    out["img/badge/police.svg"] = svg(120, 40, '<rect width="120" height="40" rx="4" fill="#fff" stroke="#1f4e9b"/><circle cx="20" cy="20" r="12" fill="#1f4e9b"/><text x="38" y="25" font-size="11" fill="#1f4e9b" %s>网络警察提醒你</text>' % FONT)
    out["img/label/ad.svg"] = svg(30, 16, '<rect width="30" height="16" rx="2" fill="#000" opacity=".45"/><text x="15" y="12.5" text-anchor="middle" font-size="11" fill="#fff" %s>广告</text>' % FONT)
    out["img/label/self.svg"] = svg(30, 16, '<rect width="30" height="16" rx="2" fill="#ff6a00"/><text x="15" y="12.5" text-anchor="middle" font-size="11" fill="#fff" %s>自营</text>' % FONT)
    out["img/ui/close-circle.svg"] = svg(40, 40, '<circle cx="20" cy="20" r="18" fill="none" stroke="#fff" stroke-width="2"/><path d="M13 13 L27 27 M27 13 L13 27" stroke="#fff" stroke-width="2.4" stroke-linecap="round"/>')
    wood = '<rect width="80" height="80" fill="#8b5a2b"/>' + "".join(
        '<path d="M0 %d Q20 %d 40 %d T80 %d" stroke="#8e5d2e" stroke-width="3" fill="none"/>' % (y, y - 4, y, y) for y in range(8, 80, 14))
    out["img/bg/wood.svg"] = svg(80, 80, wood)
    return out


# --------------------------------------------------------------------------- support pages
LICENCE_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>电子营业执照亮照信息（测试用模拟页面）</title>
<style>
body{margin:0;background:#f0f2f5;font:14px/1.6 "Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#333}
.top{background:#b5121b;color:#fff;padding:14px 0;text-align:center;font-size:20px;letter-spacing:2px}
.cert{width:760px;margin:30px auto;background:#fffdf6;border:10px double #c9a24a;padding:30px 50px;box-shadow:0 2px 12px rgba(0,0,0,.15)}
.cert h1{text-align:center;font-size:34px;letter-spacing:14px;color:#b5121b;margin:6px 0 24px}
.cert table{width:100%;border-collapse:collapse}
.cert th{width:160px;text-align:left;color:#8a6d2b;font-weight:normal;padding:6px 0;vertical-align:top}
.cert td{padding:6px 0}
.note{width:760px;margin:0 auto 30px;color:#999;font-size:12px}
</style></head><body>
<div class="top">全国市场主体电子营业执照亮照系统（模拟）</div>
<div class="cert" id="cert"><h1>营业执照</h1><table id="tbl"></table></div>
<p class="note">本页面是 xunjian 测试夹具中的虚构数据，不对应任何真实企业。</p>
<script>
var DATA = {{data}};
var id = new URLSearchParams(location.search).get('id');
var d = DATA[id];
var t = document.getElementById('tbl');
if (!d) { t.innerHTML = '<tr><td>未找到该主体的亮照信息（id=' + (id || '') + '）</td></tr>'; }
else {
  var rows = [['统一社会信用代码', d.uscc], ['名　　称', d.name], ['类　　型', '有限责任公司（自然人投资或控股）'],
              ['法定代表人', d.legal], ['注册资本', d.capital], ['成立日期', d.founded], ['住　　所', d.addr],
              ['经营范围', '网络技术服务；互联网销售（除销售需要许可的商品）；信息技术咨询服务。'], ['登记机关', d.authority]];
  t.innerHTML = rows.map(function (r) { return '<tr><th>' + r[0] + '</th><td>' + r[1] + '</td></tr>'; }).join('');
}
</script></body></html>
"""

REDIRECT_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>正在跳转…</title></head>
<body style="font:14px sans-serif;color:#999;text-align:center;padding-top:120px">正在跳转…
<script>
// {{kind}}: ad click-tracking endpoint of the fixture site. Records nothing; forwards to ?target= (same-site paths only).
var p = new URLSearchParams(location.search);
var t = p.get('target') || '/';
if (t.charAt(0) !== '/' || t.charAt(1) === '/') { t = '/'; }
location.replace(t);
</script></body></html>
"""

ADSERVER_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>ad slot</title>
<style>html,body{margin:0;padding:0;overflow:hidden}img{display:block;width:1190px;height:110px;border:0}</style></head>
<body>
<a id="lnk" href="/aclk?adid=0&amp;target=%2F" target="_top"><img src="/img/ad/slot-wide.svg" alt="墨岩 Q5 Pro 新品首发"></a>
<script>
// Fictional ad server (served from http://localhost:PORT, cross-origin to the page at 127.0.0.1).
var adid = new URLSearchParams(location.search).get('adid') || '0';
var top_origin = 'http://127.0.0.1:' + location.port;
document.getElementById('lnk').href = top_origin + '/aclk?adid=' + encodeURIComponent(adid) + '&target=%2Fp%2Fluming%2Fpromo%2Flanding.html';
</script>
</body></html>
"""


def support_pages():
    out = {}
    data = {}
    for pid, pl in PLATFORMS.items():
        data[pid] = dict(name=pl["operator"], uscc=pl["uscc"], legal=pl["legal"], addr=pl["addr"], founded=pl["founded"],
                         capital=pl["capital"], authority=pl["authority"])
    data.update(SHOP_LICENCES)
    out["gov/license-view.html"] = T(LICENCE_PAGE, data=js_str(data))
    out["click/index.html"] = T(REDIRECT_PAGE, kind="/click")
    out["aclk/index.html"] = T(REDIRECT_PAGE, kind="/aclk")
    out["adserver/slot-1190x110.html"] = ADSERVER_PAGE
    for pid, pl in PLATFORMS.items():
        landing = """<div class="§w" style="margin-top:12px"><img src="/img/banner/{{id}}-main.svg" alt="活动" style="width:1190px;height:420px;display:block">
<div class="§section"><h3>活动说明</h3><p style="font-size:14px;line-height:26px">这是 {{name}} 的活动落地页（测试夹具），广告点击与弹窗广告最终跳转到这里。</p></div></div>"""
        out["p/%s/promo/landing.html" % pl["dir"]] = standard_page(pl, "%s活动会场 - %s" % (pl["short"], pl["name"]), T(landing, **pl)).replace("§", "")
        item = """<div class="§w" style="margin-top:12px"><div class="§section"><h3>商品详情</h3>
<p style="font-size:14px;line-height:26px">商品编号：<span id="sku"></span>。这是搜索结果卡片链接到的占位商品页（测试夹具，未列入 expected.yaml）。</p></div></div>
<script>document.getElementById('sku').textContent = new URLSearchParams(location.search).get('id') || '';</script>"""
        out["p/%s/item.html" % pl["dir"]] = standard_page(pl, "商品详情 - %s" % pl["name"], item).replace("§", "")
    return out
