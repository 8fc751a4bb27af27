"""Larger page parts: product page, shop page, pop-ups, notices, ad slots."""
from lib import PLATFORMS, GOODS, T, esc, js_str, is_self, late_html
from layout import footer

# =========================================================================== product page
PRODUCT_CSS = """
.§pd{display:flex;background:#fff;padding:20px;gap:24px}
.§pd-gallery img{width:400px;height:400px;border:1px solid #eee}
.§thumbs{display:flex;gap:8px;margin-top:8px}
.§thumbs img{width:58px;height:58px;border:1px solid #eee}
.§pd-info{flex:1}
.§pd-title{font-size:17px;line-height:28px;color:#333;font-weight:bold}
.§pd-badge{display:inline-block;background:#e4393c;color:#fff;font-size:12px;line-height:18px;padding:0 4px;border-radius:2px;margin-right:6px;vertical-align:2px;font-weight:normal}
.§pd-sub{color:#e4393c;margin:6px 0 10px}
.§pd-pricebox{background:#f7f7f7;padding:12px;line-height:30px}
.§pd-pricebox .§k{color:#999;display:inline-block;width:60px}
.§pd-pricebox b{color:#e4393c;font-size:24px}
.§pd-row{padding:8px 12px;line-height:24px}
.§pd-row .§k{color:#999;display:inline-block;width:60px}
.§pd-opts a{display:inline-block;border:1px solid #ccc;padding:2px 10px;margin-right:6px}
.§pd-opts a:first-child{border-color:#e4393c}
.§pd-buy{padding:14px 12px}
.§pd-buy a{display:inline-block;background:#e4393c;color:#fff;font-size:18px;padding:8px 40px;margin-left:12px}
.§pd-shop{width:220px;border:1px solid #eee;padding:14px}
.§pd-shop .§sn{font-size:14px;font-weight:bold;margin-bottom:8px;color:#333}
.§pd-shop .§score{color:#999;line-height:22px}
.§pd-shop .§score b{color:#e4393c;font-weight:normal}
.§pd-shop .§acts{margin-top:10px}
.§pd-shop .§acts a{display:inline-block;border:1px solid #ddd;padding:2px 10px;margin-right:4px}
.§pd-detail{background:#fff;margin-top:12px}
.§pd-tabs{display:flex;background:#f7f7f7;border-bottom:1px solid #e4393c}
.§pd-tabs a{padding:10px 24px;font-size:14px}
.§pd-tabs a:first-child{background:#e4393c;color:#fff}
.§pd-params{display:flex;flex-wrap:wrap;padding:16px 20px;color:#666;line-height:26px}
.§pd-params li{width:33%}
.§pd-img{text-align:center;padding:10px}
.§pd-img img{width:750px;height:360px}
.§pd-legal{padding:16px 20px;color:#999;line-height:22px;border-top:1px dashed #eee}
.§pd-legal h4{color:#666;font-size:14px;margin-bottom:6px}
"""


def product_body(pl, item, shop, title_badge=None, shop_badge=None, boilerplate=True, crumbs="手机 / 数码 &gt; 影音娱乐 &gt; 蓝牙耳机"):
    title, price, img, comments = item
    tb = title_badge or ""
    sb = shop_badge or ""
    legal = ""
    if boilerplate:
        legal = T("""<div class="§pd-legal"><h4>售后保障</h4>
<p>厂家服务：本产品全国联保，享受三包服务，质保期为一年。</p>
<p>发票说明：{{short}}自营商品由{{name}}开具发票；第三方商家商品由商家依法开具发票，请在下单时选择发票类型。</p>
<p>权利声明：{{name}}上的所有商品信息、客户评价、商品咨询、网友讨论等内容，是{{name}}重要的经营资源，未经许可，禁止非法转载使用。</p>
<p>价格说明：划线价格为商品的专柜价、吊牌价、正品零售价、厂商指导价或该商品的曾经展示过的销售价等，并非原价，仅供参考。</p>
</div>""", **pl)
    return T("""<div class="§w">
<div class="§crumbs">{{crumbs}} &gt; {{short_title}}</div>
<div class="§pd">
<div class="§pd-gallery"><img src="/img/p/{{img}}.svg" alt="{{alt}}"><div class="§thumbs"><img src="/img/p/{{img}}.svg" alt=""><img src="/img/p/{{img}}.svg" alt=""><img src="/img/p/{{img}}.svg" alt=""><img src="/img/p/{{img}}.svg" alt=""><img src="/img/p/{{img}}.svg" alt=""></div></div>
<div class="§pd-info">
<h1 class="§pd-title">{{tb}}{{title}}</h1>
<p class="§pd-sub">【冬季焕新】下单立减 30 元，至高享 12 期免息</p>
<div class="§pd-pricebox"><span class="§k">价　　格</span><em>¥</em><b>{{price}}</b>　<a href="#">降价通知</a><br><span class="§k">促　　销</span>满 299 减 30　|　购买最高送 300 积分</div>
<div class="§pd-row"><span class="§k">配 送 至</span>北京 朝阳区 三环以内　<b style="color:#e4393c">有货</b>　23:10 前下单，预计明天送达</div>
<div class="§pd-row"><span class="§k">服　　务</span>由 <a href="#">{{shop}}</a> 发货，并提供售后服务。</div>
<div class="§pd-row §pd-opts"><span class="§k">选择颜色</span><a href="#">曜石黑</a><a href="#">云雾白</a><a href="#">松石绿</a></div>
<div class="§pd-buy">数量 <input type="number" value="1" style="width:50px"> <a href="#">加入购物车</a></div>
</div>
<div class="§pd-shop"><div class="§sn">{{sb}}{{shop}}</div>
<div class="§score">商品评价 <b>9.6</b> 高<br>物流履约 <b>9.7</b> 高<br>售后服务 <b>9.5</b> 高</div>
<div class="§acts"><a href="#">进店逛逛</a><a href="#">关注店铺</a></div></div>
</div>
<div class="§pd-detail">
<div class="§pd-tabs"><a href="#">商品介绍</a><a href="#">规格与包装</a><a href="#">售后保障</a><a href="#">商品评价({{comments}})</a></div>
<ul class="§pd-params"><li>商品名称：{{short_title}}</li><li>商品编号：100{{img}}8821</li><li>商品毛重：0.35kg</li><li>连接方式：蓝牙 5.3</li><li>续航时间：30 小时</li><li>防水等级：IPX5</li></ul>
<div class="§pd-img"><img src="/img/p/{{img}}.svg" alt=""></div>
{{legal_html}}
</div>
</div>""", crumbs=crumbs, short_title=esc(title[:14]), img=img, alt=esc(title[:12]), tb=tb, title=esc(title),
             price=price, shop=esc(shop), sb=sb, comments=comments, legal_html=legal, **pl)


# =========================================================================== shop page
SHOP_CSS = """
.§shop-head{background:#fff;border-bottom:1px solid #eee}
.§shop-head .§w{display:flex;align-items:center;height:90px;gap:16px}
.§shop-logo{width:60px;height:60px;border-radius:6px}
.§shop-title{font-size:20px;color:#333;font-weight:bold}
.§shop-score{color:#999;margin-left:20px;line-height:20px}
.§shop-score b{color:#e4393c;font-weight:normal;margin-right:8px}
.§shop-acts{margin-left:auto;display:flex;gap:8px;align-items:center}
.§shop-acts a{border:1px solid #ddd;padding:4px 12px;color:#333;background:#fff}
.§shop-acts .§fav{background:{{theme}};color:#fff;border-color:{{theme}}}
.§shop-banner img{width:100%;height:200px;display:block}
.§shop-nav{background:#333}
.§shop-nav .§w{display:flex;height:40px;line-height:40px}
.§shop-nav a{color:#fff;font-size:14px;margin-right:36px}
"""


def shop_body(pl, shop, logo_img, acts_extra="", goods=(), title_extra=""):
    tiles = []
    for i, (t, p, img, _c) in enumerate(goods):
        tiles.append('<div class="§tile"><a href="/p/%s/item.html?id=%d"><img src="/img/p/%d.svg" alt=""></a><p>%s</p><p class="§price">¥%s</p></div>' % (pl["dir"], 7100 + i, img, esc(t), p))
    return T("""<div class="§shop-head"><div class="§w">
<img class="§shop-logo" src="/img/p/{{logo}}.svg" alt="">
<div><div class="§shop-title">{{shop}}{{title_extra}}</div><div style="color:#999">关注人数 12.6 万　开店时长 6 年</div></div>
<div class="§shop-score">描述 <b>4.9</b>服务 <b>4.8</b>物流 <b>4.8</b></div>
<div class="§shop-acts"><a class="§fav" href="#">＋ 关注店铺</a><a href="#">联系客服</a>{{acts}}</div>
</div></div>
<div class="§shop-banner"><img src="/img/banner/shop-wide.svg" alt="{{shop}}"></div>
<div class="§shop-nav"><div class="§w"><a href="#">店铺首页</a><a href="#">全部商品</a><a href="#">新品上架</a><a href="#">热销榜单</a><a href="#">店铺动态</a><a href="#">会员中心</a></div></div>
<div class="§w"><div class="§section"><h3>店铺热销</h3><div class="§tiles">{{tiles}}</div></div></div>""",
             logo=logo_img, shop=esc(shop), title_extra=title_extra, acts=acts_extra, tiles="".join(tiles))


# =========================================================================== pop-ups
POPUP_CSS = """
#§pop{position:fixed;left:0;top:0;right:0;bottom:0;background:rgba(0,0,0,.6);z-index:99999;display:flex;align-items:center;justify-content:center}
.§pop-box{position:relative;width:380px}
.§pop-creative{width:380px;height:460px;display:block;border-radius:14px}
.§pop-tag{position:absolute;left:10px;top:10px;font-size:12px;line-height:18px;padding:0 6px;border-radius:3px;background:rgba(0,0,0,.45);color:#fff}
.§pop-cta{position:absolute;left:90px;bottom:36px;width:200px;height:46px;border-radius:23px;background:#ffd95a;color:#b3140f;font-size:20px;font-weight:bold;text-align:center;line-height:46px}
"""

CLOSE_KINDS = {
    # kind: (html, css)
    "x-text": ('<a id="§pop-close" class="§pop-x" href="javascript:void(0)">×</a>',
               ".§pop-x{position:absolute;right:-16px;top:-16px;width:36px;height:36px;border-radius:50%;background:#fff;color:#333;font-size:28px;line-height:34px;text-align:center;box-shadow:0 0 6px rgba(0,0,0,.4)}"),
    "btn-text": ('<div class="§pop-foot"><button id="§pop-close" class="§pop-btn" type="button">关闭</button></div>',
                 ".§pop-foot{text-align:center;margin-top:16px}.§pop-btn{background:rgba(255,255,255,.15);border:1px solid #fff;color:#fff;font-size:15px;padding:6px 32px;border-radius:18px;cursor:pointer}"),
    "img": ('<div class="§pop-foot"><img id="§pop-close" class="§pop-ico" src="/img/ui/close-circle.svg" alt=""></div>',
            ".§pop-foot{text-align:center;margin-top:18px}.§pop-ico{width:40px;height:40px;cursor:pointer}"),
    "svg": ('<span id="§pop-close" class="§pop-svg" role="button"><svg width="34" height="34" viewBox="0 0 34 34"><circle cx="17" cy="17" r="16" fill="rgba(0,0,0,.45)" stroke="#fff" stroke-width="1.5"/><path d="M11 11L23 23M23 11L11 23" stroke="#fff" stroke-width="2.6" stroke-linecap="round"/></svg></span>',
            ".§pop-svg{position:absolute;right:-14px;top:-14px;width:34px;height:34px;cursor:pointer;display:block}"),
    "glyph-bars": ('<div class="§pop-foot"><i id="§pop-close" class="§pop-bars"></i></div>',
                   ".§pop-foot{display:flex;justify-content:center;margin-top:18px}"
                   ".§pop-bars{display:block;position:relative;width:38px;height:38px;border:2px solid #fff;border-radius:50%;cursor:pointer}"
                   ".§pop-bars::before,.§pop-bars::after{content:'';position:absolute;left:8px;top:16px;width:18px;height:2px;background:#fff}"
                   ".§pop-bars::before{transform:rotate(45deg)}.§pop-bars::after{transform:rotate(-45deg)}"),
    "glyph-content": ('<span id="§pop-close" class="§pop-gc"></span>',
                      ".§pop-gc{position:absolute;right:10px;top:10px;width:30px;height:30px;border-radius:50%;background:rgba(0,0,0,.4);cursor:pointer;text-align:center}"
                      ".§pop-gc::after{content:'\\2715';color:#fff;font-size:16px;line-height:30px}"),
    "aria": ('<button id="§pop-close" class="§pop-aria" type="button" aria-label="关闭"></button>',
             ".§pop-aria{position:absolute;right:10px;top:36px;width:30px;height:30px;border:0;border-radius:50%;cursor:pointer;"
             "background:rgba(0,0,0,.45) url(\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='30' height='30'%3E%3Cpath d='M10 10L20 20M20 10L10 20' stroke='white' stroke-width='2.4'/%3E%3C/svg%3E\") center no-repeat}"),
    # ---- faulty close marks
    "invisible": ('<a id="§pop-close" class="§pop-x" href="javascript:void(0)">×</a>',
                  ".§pop-x{position:absolute;right:12px;top:10px;width:24px;height:24px;color:#fff8f0;font-size:22px;line-height:24px;text-align:center;background:transparent}"
                  ".§pop-head{height:46px;background:#fff8f0;border-radius:14px 14px 0 0;text-align:center;line-height:46px;font-size:16px;color:#b3140f;font-weight:bold}"
                  ".§pop-creative{border-radius:0 0 14px 14px}"),
    "tiny": ('<a id="§pop-close" class="§pop-x" href="javascript:void(0)">×</a>',
             ".§pop-x{position:absolute;right:6px;top:6px;width:4px;height:4px;font-size:4px;line-height:4px;color:#999;overflow:hidden}"),
    "offscreen": ('<a id="§pop-close" class="§pop-x" href="javascript:void(0)">×</a>',
                  ".§pop-x{position:fixed;right:-80px;top:-80px;width:36px;height:36px;border-radius:50%;background:#fff;color:#333;font-size:28px;line-height:34px;text-align:center}"),
    "none": ("", ""),
    "countdown": ('<span id="§pop-count" class="§pop-count">5 秒后可关闭</span>',
                  ".§pop-count{position:absolute;right:10px;top:10px;font-size:12px;line-height:22px;padding:0 10px;border-radius:11px;background:rgba(0,0,0,.45);color:#fff}"
                  ".§pop-x{position:absolute;right:-16px;top:-16px;width:36px;height:36px;border-radius:50%;background:#fff;color:#333;font-size:28px;line-height:34px;text-align:center}"),
    # The × is in the markup from the start but hidden; a 2-second countdown reveals it by a style change.
    "countdown-hidden": ('<span id="§pop-count" class="§pop-count">2 秒后可关闭</span><a id="§pop-close" class="§pop-x" href="javascript:void(0)" style="display:none">×</a>',
                         ".§pop-count{position:absolute;right:10px;top:10px;font-size:12px;line-height:22px;padding:0 10px;border-radius:11px;background:rgba(0,0,0,.45);color:#fff}"
                         ".§pop-x{position:absolute;right:-16px;top:-16px;width:36px;height:36px;border-radius:50%;background:#fff;color:#333;font-size:28px;line-height:34px;text-align:center}"),
}

CONFIRM_CSS = (".§pop-confirm{position:absolute;left:40px;right:40px;top:150px;background:#fff;border-radius:10px;padding:22px 16px;text-align:center;box-shadow:0 4px 20px rgba(0,0,0,.4)}"
               ".§pop-confirm p{font-size:16px;color:#333;margin-bottom:14px}.§pop-confirm button{font-size:14px;padding:6px 18px;margin:0 6px;border-radius:16px;border:1px solid #e4393c;background:#fff;color:#e4393c;cursor:pointer}"
               ".§pop-confirm button.§pri{background:#e4393c;color:#fff}")


def popup_ad(pl, adid, delay_ms, close_kind, behaviour="remove", label="广告", creative=None, head=None):
    """Script + CSS for a pop-up ad overlay. Returns (html, css)."""
    close_html, close_css = CLOSE_KINDS[close_kind]
    target = "/p/%s/promo/landing.html" % pl["dir"]
    adurl = "/click?adid=%s&target=%s" % (adid, target.replace("/", "%2F"))
    creative = creative or "/img/ad/popup-%s.svg" % pl["id"]
    if behaviour == "navigate":
        close_html = close_html.replace('href="javascript:void(0)"', 'href="%s"' % adurl.replace("&", "&amp;"))
    tag = '<span class="§pop-tag">%s</span>' % label if label else ""
    head_html = '<div class="§pop-head">%s</div>' % head if head else ""
    inner = T("""<div class="§pop-box" data-adid="{{adid}}">{{head}}<a href="{{adurl}}" target="_blank"><img class="§pop-creative" src="{{creative}}" alt="新人专享红包"><span class="§pop-cta">立即领取</span></a>{{tag}}{{close}}</div>""",
              adid=adid, adurl=adurl.replace("&", "&amp;"), creative=creative, tag=tag, close=close_html, head=head_html)
    wire = {
        "remove": "var c=document.getElementById('§pop-close'); c.addEventListener('click', function(e){ e.preventDefault(); m.parentNode.removeChild(m); });",
        "navigate": "/* the close mark is a link to the ad */",
        "newtab": "var c=document.getElementById('§pop-close'); c.addEventListener('click', function(e){ e.preventDefault(); window.open(AD, '_blank'); m.parentNode.removeChild(m); });",
        "confirm": """var c=document.getElementById('§pop-close'); c.addEventListener('click', function(e){ e.preventDefault();
  if (document.getElementById('§pop-confirm')) return;
  var d=document.createElement('div'); d.id='§pop-confirm'; d.className='§pop-confirm';
  d.innerHTML='<p>确定关闭吗？关闭后将错过 888 元新人红包</p><button type="button" id="§pop-yes">确定关闭</button><button type="button" class="§pri" id="§pop-no">继续领取</button>';
  m.querySelector('.§pop-box').appendChild(d);
  document.getElementById('§pop-yes').addEventListener('click', function(){ m.parentNode.removeChild(m); });
  document.getElementById('§pop-no').addEventListener('click', function(){ window.location.href = AD; });
});""",
        "reappear": "var c=document.getElementById('§pop-close'); c.addEventListener('click', function(e){ e.preventDefault(); m.parentNode.removeChild(m); setTimeout(show, 1500); });",
        "mask": "m.addEventListener('click', function(e){ if (e.target === m) { m.parentNode.removeChild(m); } });",
        "countdown": """var n=5, cd=document.getElementById('§pop-count');
var t=setInterval(function(){ n--; if (n>0) { cd.textContent = n + ' 秒后可关闭'; return; }
  clearInterval(t); cd.parentNode.removeChild(cd);
  var x=document.createElement('a'); x.id='§pop-close'; x.className='§pop-x'; x.href='javascript:void(0)'; x.textContent='×';
  m.querySelector('.§pop-box').appendChild(x);
  x.addEventListener('click', function(e){ e.preventDefault(); m.parentNode.removeChild(m); });
}, 1000);""",
        "countdown-reveal": """var n=2, cd=document.getElementById('§pop-count'), x=document.getElementById('§pop-close');
x.addEventListener('click', function(e){ e.preventDefault(); m.parentNode.removeChild(m); });
var t=setInterval(function(){ n--; if (n>0) { cd.textContent = n + ' 秒后可关闭'; return; }
  clearInterval(t); cd.style.display='none'; x.style.display='block';
}, 1000);""",
    }[behaviour]
    js = T("""<script>
(function () {
  var AD = {{ad}};
  var HTML = {{html}};
  function show() {
    var m = document.createElement('div');
    m.id = '§pop';
    m.innerHTML = HTML;
    document.body.appendChild(m);
    {{wire}}
  }
  setTimeout(show, {{delay}});
})();
</script>""", ad=js_str(adurl), html=js_str(inner), wire=wire, delay=delay_ms)
    extra = CONFIRM_CSS if behaviour == "confirm" else ""
    return js, POPUP_CSS + close_css + extra


DIALOG_CSS = """
#§dlg{position:fixed;left:0;top:0;right:0;bottom:0;background:rgba(0,0,0,.5);z-index:99999;display:flex;align-items:center;justify-content:center}
.§dlg-box{position:relative;width:400px;background:#fff;border-radius:8px;padding:26px 30px;box-shadow:0 6px 30px rgba(0,0,0,.3)}
.§dlg-box h2{font-size:20px;color:#333;margin-bottom:16px;text-align:center}
.§dlg-x{position:absolute;right:12px;top:8px;font-size:24px;color:#999;cursor:pointer}
.§dlg-tabs{display:flex;justify-content:center;gap:40px;font-size:15px;margin-bottom:16px}
.§dlg-tabs b{color:{{theme}};border-bottom:2px solid {{theme}}}
.§dlg-box input{display:block;width:100%;height:40px;border:1px solid #ddd;margin-bottom:12px;padding:0 10px;font-size:14px}
.§dlg-ok{display:block;width:100%;height:42px;border:0;background:{{theme}};color:#fff;font-size:16px;border-radius:4px;cursor:pointer}
.§dlg-alt{background:#fff;color:#666;border:1px solid #ccc;margin-top:10px}
.§dlg-links{display:flex;justify-content:space-between;margin-top:12px;color:#999}
.§dlg-text{font-size:14px;line-height:24px;color:#555;margin-bottom:18px}
"""


def dialog(inner, delay_ms, wire_js):
    return T("""<script>
(function () {
  var HTML = {{html}};
  setTimeout(function () {
    var m = document.createElement('div');
    m.id = '§dlg';
    m.innerHTML = HTML;
    document.body.appendChild(m);
    function close() { m.parentNode.removeChild(m); }
    {{wire}}
  }, {{delay}});
})();
</script>""", html=js_str(inner), delay=delay_ms, wire=wire_js)


# =========================================================================== notices
NOTICE_CSS = """
.§notice{background:#fff8e6;border-bottom:1px solid #f3d8a0;color:#7a4b00;font-size:14px;line-height:22px;padding:10px 0}
.§notice b{color:#c00}
.§notice .§w{display:flex;gap:10px;align-items:flex-start}
.§notice .§ico{flex:none;width:20px;height:20px;border-radius:50%;background:#f5a623;color:#fff;text-align:center;line-height:20px;font-weight:bold}
.§notice .§date{color:#9b7a3c;white-space:nowrap}
.§notice a{color:#005aa0}
"""


def notice_bar(text_html, cls="§notice"):
    return '<div class="%s"><div class="§w"><span class="§ico">!</span><div>%s</div></div></div>' % (cls, text_html)


# =========================================================================== iframe ad slot
SLOT_CSS = """
.§slot{position:relative;width:1190px;height:110px;margin-bottom:10px;background:#fff}
.§slot iframe{display:block;width:1190px;height:110px;border:0}
.§slot-tag{position:absolute;right:0;bottom:0;background:rgba(0,0,0,.4);color:#fff;font-size:12px;line-height:18px;padding:0 6px}
"""


def iframe_slot(slot_id, adid, label_html=""):
    return T("""<div class="§slot">
<iframe id="§{{sid}}" title="" scrolling="no" frameborder="0"></iframe>{{label}}
</div>
<script>document.getElementById('§{{sid}}').src = 'http://localhost:' + location.port + '/adserver/slot-1190x110.html?adid={{adid}}';</script>""",
             sid=slot_id, adid=adid, label=label_html)
