"""Page chrome: CSS, header, navigation, footer, result cards, product and shop blocks."""
from lib import PLATFORMS, GOODS, BRAND_FILTERS, CATEGORIES, NEWS, T, esc, is_self, late_html, scroll_html, js_str

BASE_CSS = """
*{box-sizing:border-box;margin:0;padding:0}
body{font:12px/1.5 "Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;color:#333;background:#f4f4f4}
a{color:#666;text-decoration:none}
a:hover{color:{{theme}}}
ul,ol{list-style:none}
img{border:0;vertical-align:middle}
.§w{width:1190px;margin:0 auto;position:relative}
.§topbar{height:30px;line-height:30px;background:#e3e4e5;border-bottom:1px solid #ddd;color:#999}
.§topbar .§w{display:flex;justify-content:space-between}
.§topbar a{color:#999;margin:0 8px}
.§topbar .§hl{color:{{theme}}}
.§header{background:#fff;height:110px}
.§header .§w{display:flex;align-items:center;height:110px}
.§logo{width:190px;height:60px;display:block}
.§logo img{width:190px;height:60px}
.§search{margin-left:60px;width:560px}
.§search form{display:flex;border:2px solid {{theme}};height:36px}
.§search input{flex:1;border:0;padding:0 10px;font-size:13px;outline:none}
.§search button{width:70px;border:0;background:{{theme}};color:#fff;font-size:15px;cursor:pointer}
.§hotwords{margin-top:4px;color:#999}
.§hotwords a{color:#999;margin-right:10px}
.§cart{margin-left:40px;width:140px;height:36px;border:1px solid #e3e4e5;text-align:center;line-height:34px;color:{{theme}};background:#fff}
.§nav{background:#fff;border-bottom:2px solid {{theme}}}
.§nav .§w{display:flex;height:40px;line-height:40px}
.§nav .§all{width:190px;background:{{theme}};color:#fff;font-size:14px;padding-left:16px}
.§nav a{font-size:15px;color:#333;margin:0 16px}
.§main{margin-top:12px}
.§crumbs{padding:10px 0;font-size:12px;color:#666}
.§crumbs b{color:#e4393c}
.§filter{background:#fff;border:1px solid #e6e6e6;margin-bottom:10px}
.§filter-row{display:flex;border-bottom:1px dashed #eee;padding:8px 10px}
.§filter-row:last-child{border-bottom:0}
.§filter-key{width:90px;color:#999}
.§filter-row a{margin-right:18px;color:#005aa0}
.§sortbar{background:#f9f9f9;border:1px solid #e6e6e6;height:36px;line-height:34px;padding:0 10px;margin-bottom:10px}
.§sortbar a{display:inline-block;padding:0 12px;border:1px solid #ddd;background:#fff;line-height:22px;margin-right:-1px}
.§sortbar .§cur{background:{{theme}};color:#fff;border-color:{{theme}}}
.§search-wrap{display:flex;gap:10px;align-items:flex-start}
.§goods-list{display:flex;flex-wrap:wrap;background:#fff;width:100%}
.§search-wrap .§goods-list{width:auto;flex:1}
.§goods-item{width:238px;height:372px;padding:12px 9px;position:relative;border:1px solid transparent}
.§search-wrap .§goods-item{width:235px}
.§goods-item:hover{border-color:#ddd;box-shadow:0 0 4px #ccc}
.§goods-img{position:relative;width:220px;height:220px;display:block}
.§goods-img img{width:220px;height:220px}
.§goods-price{margin-top:8px;color:#e4393c;font-size:20px;font-family:Verdana,sans-serif}
.§goods-price em{font-size:14px;font-style:normal}
.§goods-name{height:40px;overflow:hidden;margin-top:2px;line-height:20px}
.§goods-name a{color:#666}
.§goods-commit{color:#a7a7a7;margin-top:2px}
.§goods-commit strong{color:#646fb0;font-weight:normal}
.§goods-shop{margin-top:2px;height:18px;overflow:hidden;white-space:nowrap}
.§goods-shop a{color:#999}
.§goods-icons{margin-top:3px;height:18px}
.§goods-icons i{display:inline-block;font-style:normal;font-size:12px;line-height:16px;padding:0 3px;border:1px solid #e4393c;color:#e4393c;margin-right:4px;border-radius:2px}
.§goods-icons .§tag-self{background:#e4393c;color:#fff}
.§goods-icons .§tag-coupon{border-color:#f90;color:#f90}
.§pager{text-align:center;padding:20px 0 30px;background:#fff;margin-top:10px}
.§pager a,.§pager b{display:inline-block;padding:0 12px;height:32px;line-height:30px;border:1px solid #ddd;margin:0 2px;background:#f7f7f7}
.§pager b{background:#fff;border-color:#fff;color:#e4393c}
.§footer{background:#eaeaea;margin-top:30px;padding-bottom:30px;color:#666}
.§footer-service{background:#f5f5f5;border-bottom:1px solid #e1e1e1}
.§footer-service .§w{display:flex;justify-content:space-around;height:90px;align-items:center;font-size:18px;font-weight:bold;color:#444}
.§footer-help .§w{display:flex;justify-content:space-between;padding:20px 40px}
.§footer-help dl{width:180px}
.§footer-help dt{font-size:14px;color:#666;margin-bottom:8px;font-weight:bold}
.§footer-help dd{line-height:22px}
.§footer-links{text-align:center;border-top:1px solid #ddd;padding-top:16px}
.§footer-links a{margin:0 8px;color:#666}
.§copyright{text-align:center;margin-top:10px;line-height:22px;color:#888}
.§copyright a{color:#888;margin:0 6px}
.§copyright span{margin:0 4px}
.§copyright .§sep{color:#ccc}
.§badges{margin-top:10px;text-align:center}
.§badges a{display:inline-block;margin:0 6px}
.§badges img{height:40px}
.§section{background:#fff;margin-top:12px;padding:16px}
.§section h3{font-size:20px;color:#333;margin-bottom:12px}
.§tiles{display:flex;flex-wrap:wrap;gap:10px}
.§tile{width:222px;background:#fafafa;padding:10px;text-align:center}
.§tile img{width:180px;height:180px}
.§tile p{height:36px;overflow:hidden;margin-top:6px;color:#666;text-align:left}
.§tile .§price{color:#e4393c;font-size:16px;text-align:left;height:auto}
.§tile s{color:#aaa;font-size:12px;margin-left:6px}
.§hometop{display:flex;gap:10px;margin-top:10px}
.§cate{width:190px;background:#fff;padding:10px 0}
.§cate li{padding:0 14px;line-height:30px;font-size:14px;white-space:nowrap;overflow:hidden}
.§cate li span{color:#999;font-size:12px;margin-left:6px}
.§slider{width:590px;height:340px;position:relative}
.§slider img{width:590px;height:340px}
.§dots{position:absolute;bottom:12px;left:0;right:0;text-align:center}
.§dots i{display:inline-block;width:8px;height:8px;border-radius:50%;background:rgba(255,255,255,.6);margin:0 3px}
.§dots i:first-child{background:#fff}
.§slider-side{width:190px;display:flex;flex-direction:column;gap:10px}
.§slider-side img{width:190px;height:165px}
.§userbox{flex:1;min-width:0;overflow:hidden;background:#fff;padding:14px}
.§userbox .§hi{font-size:14px;color:#333;margin-bottom:8px}
.§userbox .§btns a{display:inline-block;padding:2px 16px;border:1px solid {{theme}};color:{{theme}};border-radius:12px;margin-right:6px}
.§userbox .§btns a:first-child{background:{{theme}};color:#fff}
.§news{margin-top:14px;border-top:1px solid #eee;padding-top:10px}
.§news h4{font-size:14px;margin-bottom:6px}
.§news li{line-height:24px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
"""


def css(pl):
    return T(BASE_CSS, theme=pl["theme"])


def topbar(pl):
    return T("""<div class="§topbar"><div class="§w">
<div><a href="#">{{name}} 欢迎您</a><a class="§hl" href="/p/{{dir}}/index.html">你好，请登录</a><a href="#">免费注册</a></div>
<div><a href="#">我的订单</a>|<a href="#">我的{{short}}</a>|<a href="#">会员中心</a>|<a href="#">企业采购</a>|<a href="#">客户服务</a>|<a href="#">网站导航</a>|<a href="#">手机{{short}}</a></div>
</div></div>""", **pl)


def header(pl, q="蓝牙耳机", hot=("空气炸锅", "冲锋衣", "洗衣液", "蓝牙耳机", "大米", "茶叶")):
    hw = "".join('<a href="#">%s</a>' % h for h in hot)
    return T("""<div class="§header"><div class="§w">
<a class="§logo" href="/p/{{dir}}/index.html"><img src="/img/logo/{{id}}.svg" alt="{{name}}"></a>
<div class="§search"><form action="#" onsubmit="return false"><input type="text" value="{{q}}" placeholder="搜索商品 / 店铺" aria-label="搜索"><button type="button">搜索</button></form>
<div class="§hotwords">{{hw}}</div></div>
<a class="§cart" href="#">我的购物车 (0)</a>
</div></div>""", q=esc(q), hw=hw, **pl)


def nav(pl):
    items = ["秒杀", "优惠券", "%s会员" % pl["short"], "品牌闪购", "拍卖", "家电", "超市", "生鲜", "国际", "金融"]
    return T("""<div class="§nav"><div class="§w"><div class="§all">全部商品分类</div>{{items}}</div></div>""",
             items="".join('<a href="#">%s</a>' % i for i in items))


LIC_WORDS = {
    "link": "营业执照", "ezz-text": "电子营业执照", "zhengzhao": "证照信息",
    "gongshang": "工商亮照", "jingying": "经营证照",
}


def licence_html(pl, kind, style="", cls="§lic"):
    """The licence element in the footer copyright area (None -> nothing)."""
    href = "/gov/license-view.html?id=%s" % pl["id"]
    st = (' style="%s"' % style) if style else ""
    if kind is None:
        return ""
    if kind in LIC_WORDS:
        return '<a class="%s" href="%s" target="_blank"%s>%s</a><span class="§sep">|</span>' % (cls, href, st, LIC_WORDS[kind])
    if kind == "text":
        return ('<p class="%s"%s>%s　统一社会信用代码：%s　住所：%s</p>' % (cls, st, pl["operator"], pl["uscc"], pl["addr"]))
    raise ValueError(kind)


def footer(pl, lic="link", lic_style="", badge=False, statement=False, ad_service=False, extra_copy="",
           footer_style="", guide=True):
    """Platform footer. lic: licence element kind (see licence_html) or None."""
    lic_el = licence_html(pl, lic, lic_style)
    text_line = ""
    if lic == "text":
        text_line, lic_el = lic_el, ""
    badges = ""
    if badge:
        badges = T("""<div class="§badges">
<a href="/gov/license-view.html?id={{id}}" target="_blank"><img src="/img/badge/dzyyzz.svg" alt="电子营业执照"></a>
<a href="#"><img src="/img/badge/trust.svg" alt="可信网站"></a>
<a href="#"><img src="/img/badge/police.svg" alt="网络警察提醒你"></a>
</div>""", **pl)
    stmt = ""
    if statement:
        stmt = ('<p class="§stmt">本网站直接或间接向消费者推销商品或者服务的商业宣传均属于“广告”'
                '（包装及参数、售后保障等商品信息除外）</p>')
    merch = '<dd><a href="#">商家入驻</a></dd><dd><a href="#">商家后台</a></dd><dd><a href="#">%s</a></dd>' % (
        "广告服务" if ad_service else "规则中心")
    help_ = ""
    if guide:
        help_ = T("""<div class="§footer-help"><div class="§w">
<dl><dt>购物指南</dt><dd><a href="#">购物流程</a></dd><dd><a href="#">会员介绍</a></dd><dd><a href="#">常见问题</a></dd></dl>
<dl><dt>配送方式</dt><dd><a href="#">上门自提</a></dd><dd><a href="#">211 限时达</a></dd><dd><a href="#">配送服务查询</a></dd></dl>
<dl><dt>支付方式</dt><dd><a href="#">货到付款</a></dd><dd><a href="#">在线支付</a></dd><dd><a href="#">分期付款</a></dd></dl>
<dl><dt>售后服务</dt><dd><a href="#">售后政策</a></dd><dd><a href="#">价格保护</a></dd><dd><a href="#">退款说明</a></dd></dl>
<dl><dt>商家服务</dt>{{merch}}</dl>
</div></div>""", merch=merch)
    st = (' style="%s"' % footer_style) if footer_style else ""
    return T("""<div class="§footer" id="§footer"{{st}}>
<div class="§footer-service"><div class="§w"><span>品类齐全，轻松购物</span><span>多仓直发，极速配送</span><span>正品行货，精致服务</span><span>天天低价，畅选无忧</span></div></div>
{{help}}
<div class="§w">
<div class="§footer-links"><a href="#">关于我们</a>|<a href="#">联系我们</a>|<a href="#">联系客服</a>|<a href="#">合作招商</a>|<a href="#">营销中心</a>|<a href="#">隐私政策</a>|<a href="#">友情链接</a>|<a href="#">English Site</a></div>
<div class="§copyright">
{{text_line}}
<p>{{lic}}<span>增值电信业务经营许可证：{{b2}}</span><span class="§sep">|</span><a href="#">{{icp}}</a><span class="§sep">|</span><a href="#">{{gongan}}</a></p>
<p>违法和不良信息举报电话：400-000-0000　举报邮箱：jubao@example.invalid</p>
<p>Copyright © {{since}}-2026 {{name}} 版权所有</p>
{{extra}}
{{stmt}}
</div>
{{badges}}
</div>
</div>""", st=st, help=help_, text_line=text_line, lic=lic_el, stmt=stmt, badges=badges,
             extra=extra_copy, **pl)


# --------------------------------------------------------------------------- result cards
def card(pl, item, shop, sku, ad=None, self_tag="auto", extra_icons=True, href=None, corner=""):
    """One search result card.

    ad: None or dict(adid=..., mode='click'|'aclk', cls='§ad-item', data=True, label_html='...',
                     label_where='img'|'title')
    self_tag: 'auto' (label iff registry says self-operated), True, False, or an HTML string
              to use instead of the default label.
    """
    title, price, img, comments = item
    target = "/p/%s/item.html?id=%s" % (pl["dir"], sku)
    link = href or target
    attrs = ""
    cls = "§goods-item"
    img_extra = corner
    if ad:
        ep = "/aclk" if ad.get("mode") == "aclk" else "/click"
        link = "%s?adid=%s&amp;target=%s" % (ep, ad["adid"], target.replace("/", "%2F").replace("?", "%3F").replace("=", "%3D"))
        if ad.get("cls"):
            cls += " " + ad["cls"]
        if ad.get("data", True):
            attrs += ' data-adid="%s"' % ad["adid"]
        if ad.get("data_ad"):
            attrs += ' data-ad="1"'
        if ad.get("label_where", "img") == "img":
            img_extra += ad.get("label_html", "")
    if self_tag == "auto":
        self_tag = is_self(pl, shop)
    if self_tag is True:
        tag = '<i class="§tag-self">自营</i>'
    elif self_tag is False or self_tag is None:
        tag = ""
    else:
        tag = self_tag
    icons = tag
    if extra_icons:
        icons += '<i class="§tag-coupon">券</i>' if sku % 3 == 0 else ""
        icons += '<i>满减</i>' if sku % 4 == 1 else ""
    title_extra = ad.get("label_html", "") if ad and ad.get("label_where") == "title" else ""
    return T("""<li class="{{cls}}"{{attrs}} data-sku="{{sku}}">
<div class="§goods-img"><a href="{{link}}" target="_blank"><img src="/img/p/{{img}}.svg" alt="{{alt}}"></a>{{img_extra}}</div>
<div class="§goods-price"><em>¥</em><i>{{price}}</i></div>
<div class="§goods-name"><a href="{{link}}" target="_blank" title="{{title}}">{{title_extra}}{{title}}</a></div>
<div class="§goods-commit">已有<strong>{{comments}}</strong>条评价</div>
<div class="§goods-shop"><a href="#" title="{{shop}}">{{shop}}</a></div>
<div class="§goods-icons">{{icons}}</div>
</li>""", cls=cls, attrs=attrs, sku=sku, link=link, img=img, alt=esc(title[:12]), img_extra=img_extra,
             price=price, title=esc(title), title_extra=title_extra, comments=comments, shop=esc(shop), icons=icons)


def search_top(pl, q, cat):
    brands = "".join('<a href="#">%s</a>' % b for b in BRAND_FILTERS[cat])
    return T("""<div class="§crumbs">全部结果 &gt; <b>“{{q}}”</b>　共找到 2,318 件商品</div>
<div class="§filter">
<div class="§filter-row"><span class="§filter-key">品牌：</span>{{brands}}</div>
<div class="§filter-row"><span class="§filter-key">价格：</span><a href="#">0-99</a><a href="#">100-299</a><a href="#">300-599</a><a href="#">600 以上</a></div>
<div class="§filter-row"><span class="§filter-key">高级选项：</span><a href="#">配送地区 ▾</a><a href="#">仅显示有货</a><a href="#">货到付款</a></div>
</div>
<div class="§sortbar"><a class="§cur" href="#">综合</a><a href="#">销量</a><a href="#">评论数</a><a href="#">新品</a><a href="#">价格 ↕</a></div>""",
             q=esc(q), brands=brands)


PAGER = '<div class="§pager"><a href="#">&lt; 上一页</a><b>1</b><a href="#">2</a><a href="#">3</a><a href="#">4</a><span> … </span><a href="#">60</a><a href="#">下一页 &gt;</a></div>'


# --------------------------------------------------------------------------- homepage body
def home_body(pl, banner_link=None, side_html=None):
    cates = "".join("<li><a href=\"#\">%s</a><span>%s</span></li>" % c for c in CATEGORIES)
    news = "".join("<li><a href=\"#\">%s</a></li>" % n for n in NEWS)
    flash = []
    pool = GOODS["kitchen"][:3] + GOODS["earphone"][:2] + GOODS["outdoor"][:5] + GOODS["daily"][:5] + GOODS["tea"][:5]
    for i, (t, p, img, _c) in enumerate(pool[:5]):
        old = "%.2f" % (float(p) * 1.35)
        flash.append('<div class="§tile"><a href="/p/%s/item.html?id=%d"><img src="/img/p/%d.svg" alt=""></a><p>%s</p><p class="§price">¥%s<s>¥%s</s></p></div>' % (pl["dir"], 5000 + i, img, esc(t), p, old))
    rec = []
    for i, (t, p, img, _c) in enumerate(pool[5:15]):
        rec.append('<div class="§tile"><a href="/p/%s/item.html?id=%d"><img src="/img/p/%d.svg" alt=""></a><p>%s</p><p class="§price">¥%s</p></div>' % (pl["dir"], 6000 + i, img, esc(t), p))
    side = side_html or T("""<a href="/p/{{dir}}/promo/landing.html"><img src="/img/banner/side-a.svg" alt="会员日"></a>
<a href="/p/{{dir}}/promo/landing.html"><img src="/img/banner/side-b.svg" alt="新品首发"></a>""", **pl)
    blink = banner_link or "/p/%s/promo/landing.html" % pl["dir"]
    return T("""<div class="§w">
<div class="§hometop">
<ul class="§cate">{{cates}}</ul>
<div class="§slider"><a href="{{blink}}"><img src="/img/banner/{{id}}-main.svg" alt="{{short}}年货节"></a><div class="§dots"><i></i><i></i><i></i><i></i><i></i></div></div>
<div class="§slider-side">{{side}}</div>
<div class="§userbox"><div class="§hi">Hi～欢迎逛{{name}}！</div><div class="§btns"><a href="#">登录</a><a href="#">注册</a></div>
<div class="§news"><h4>{{short}}快报</h4><ul>{{news}}</ul></div></div>
</div>
<div class="§section"><h3>限时秒杀</h3><div class="§tiles">{{flash}}</div></div>
<div class="§section"><h3>为你推荐</h3><div class="§tiles">{{rec}}</div></div>
</div>""", cates=cates, news=news, flash="".join(flash), rec="".join(rec), side=side, blink=blink, **pl)


# --------------------------------------------------------------------------- document
def document(pl, title, body, extra_css="", head_js="", skin="semantic"):
    return T("""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=1280">
<title>{{title}}</title>
<style>
{{css}}
{{extra_css}}
</style>
{{head_js}}
</head>
<body>
{{body}}
</body>
</html>
""", title=esc(title), css=css(pl), extra_css=T(extra_css, theme=pl["theme"]), head_js=head_js, body=body)


def standard_page(pl, title, main_html, foot=None, top_html="", q="蓝牙耳机", extra_css="", after_html=""):
    """top_html goes above the top bar (notice banners); foot is the footer HTML."""
    if foot is None:
        foot = footer(pl)
    body = top_html + topbar(pl) + header(pl, q) + nav(pl) + main_html + foot + after_html
    return document(pl, title, body, extra_css)
