"""Every fixture page: how it is built and what each of the five checks should say about it."""
from lib import PLATFORMS as P, GOODS as G, T, esc, js_str, is_self, late_html, scroll_html
from layout import (standard_page, footer, home_body, card, search_top, PAGER, document, topbar, header, nav)
from parts import (PRODUCT_CSS, product_body, SHOP_CSS, shop_body, popup_ad, DIALOG_CSS, dialog,
                   NOTICE_CSS, notice_bar, SLOT_CSS, iframe_slot)

PAGES = []
CHECKS = ("license_display", "ad_label", "popup_close", "self_operated_label", "termination_notice")
SHORT = {"lic": "license_display", "ad": "ad_label", "pop": "popup_close", "self": "self_operated_label",
         "term": "termination_notice"}
V, C, NA, INC = "violation", "compliant", "not_applicable", "inconclusive"


def reg(group, name, pid, role, skin, why, html, dodge=None, **over):
    pl = P[pid]
    exp = {
        "license_display": C if role in ("homepage", "shop") else NA,
        "ad_label": NA,
        "popup_close": NA,
        "self_operated_label": C if (role in ("search", "product") and pl["self_operated"]) else NA,
        "termination_notice": NA,
    }
    for k, v in over.items():
        exp[SHORT[k]] = v
    path = "p/%s/%s%s.html" % (pl["dir"], (group + "/") if group else "", name)
    PAGES.append(dict(path=path, platform=pid, role=role, skin=skin, expect=exp, why=why, dodge=dodge,
                      group=group or "index", html=html))


def home(pl, title=None, foot=None, top="", main_extra_before="", main_extra_after="", css="", after=""):
    main = main_extra_before + home_body(pl) + main_extra_after
    return standard_page(pl, title or "%s - 正品低价、品质保障、配送及时、轻松购物！" % pl["name"], main,
                         foot=foot, top_html=top, extra_css=css, after_html=after)


def search_page(pl, q, cat, cards_html, foot=None, css="", before_list="", after_list="", title=None, late_ms=None):
    if late_ms:
        lst = late_html("goods-list", '<ul class="§goods-list">%s</ul>' % cards_html, late_ms,
                        placeholder='<p style="padding:120px 0;text-align:center;color:#999;font-size:14px">正在为您加载商品…</p>',
                        cls="§goods-list")
    else:
        lst = '<ul class="§goods-list">%s</ul>' % cards_html
    main = '<div class="§w §main">' + search_top(pl, q, cat) + before_list + lst + after_list + PAGER + "</div>"
    return standard_page(pl, title or "%s - 商品搜索 - %s" % (q, pl["name"]), main, foot=foot, q=q, extra_css=css)


def cards(pl, cat, shops, ads=None, self_over=None, start=100, n=None, corners=None):
    """shops: list of shop names (one per card). ads: {index: ad dict}. self_over: {index: self_tag}."""
    ads = ads or {}
    self_over = self_over or {}
    items = G[cat]
    out = []
    for i, shop in enumerate(shops[: n or len(shops)]):
        out.append(card(pl, items[i % len(items)], shop, start + i, ad=ads.get(i), self_tag=self_over.get(i, "auto"),
                        corner=(corners or {}).get(i, "")))
    return "".join(out)


# =========================================================================== homepages (registry entries)
def build_index():
    pl = P["xinghe"]
    reg(None, "index", "xinghe", "homepage", "semantic", "平台首页：页脚“营业执照”文字链接 + 电子营业执照亮照图标，其余四项均无可检内容",
        home(pl, foot=footer(pl, lic="link", badge=True)))
    pl = P["qingmu"]
    reg(None, "index", "qingmu", "homepage", "hashed", "平台首页（哈希类名）：页脚“电子营业执照”文字链接",
        home(pl, foot=footer(pl, lic="ezz-text")))
    pl = P["yunjin"]
    reg(None, "index", "yunjin", "homepage", "late", "平台首页：整个页脚 1 秒后由脚本插入，含“证照信息”链接",
        home(pl, foot=late_html("footer-slot", footer(pl, lic="zhengzhao"), 1000, placeholder="")))
    pl = P["chengguo"]
    reg(None, "index", "chengguo", "homepage", "hashed", "平台首页（哈希类名）：页脚以文字公示经营者名称与统一社会信用代码",
        home(pl, foot=footer(pl, lic="text")))
    pl = P["luming"]
    reg(None, "index", "luming", "homepage", "semantic", "平台首页：页脚“工商亮照”链接，页脚有“广告服务”链接（不是广告）",
        home(pl, foot=footer(pl, lic="gongshang", ad_service=True)))


# =========================================================================== license_display
GUIDE_CSS = """
.§guide{background:#fff;margin-top:12px;padding:20px 24px;line-height:26px;font-size:14px;color:#555}
.§guide h3{font-size:20px;color:#333;margin-bottom:10px}
.§guide ol{list-style:decimal;padding-left:22px}
"""


def build_license():
    xh, qm, yj, cg, lm = P["xinghe"], P["qingmu"], P["yunjin"], P["chengguo"], P["luming"]
    # ---- compliant
    reg("license", "footer-ok", "xinghe", "homepage", "semantic", "页脚有“营业执照”链接，指向亮照页面 /gov/license-view.html",
        home(xh, foot=footer(xh, lic="link")))
    reg("license", "footer-text-info", "xinghe", "homepage", "semantic", "页脚以文字公示营业执照信息：经营者名称 + 统一社会信用代码 + 住所（无链接）",
        home(xh, foot=footer(xh, lic="text")))
    reg("license", "badge-img-alt", "qingmu", "homepage", "hashed", "页脚仅有电子营业执照亮照图标：<img alt=电子营业执照> 链接到亮照页面，无文字",
        home(qm, foot=footer(qm, lic=None, badge=True)))
    reg("license", "jingying-zhengzhao", "chengguo", "homepage", "hashed", "页脚“经营证照”链接（哈希类名，无语义）",
        home(cg, foot=footer(cg, lic="jingying")))
    reg("license", "footer-late", "yunjin", "homepage", "late", "页脚 1.5 秒后由 setTimeout 注入，含“证照信息”链接：不得误判为缺失",
        home(yj, foot=late_html("footer-slot", footer(yj, lic="zhengzhao"), 1500, placeholder="")))
    reg("license", "footer-on-scroll", "yunjin", "homepage", "late", "页脚只在滚动到视口时（IntersectionObserver）才渲染，含“工商亮照”链接",
        home(yj, foot=scroll_html("footer-sentinel", footer(yj, lic="gongshang"))))
    reg("license", "link-late-2s", "luming", "homepage", "late", "页脚静态，但“电子营业执照”链接 2 秒后才由脚本插入版权行",
        home(lm, foot=footer(lm, lic=None, extra_copy=late_html("lic-late", '<p><a href="/gov/license-view.html?id=luming" target="_blank">电子营业执照</a></p>', 2000, tag="p"))))
    # ---- violations
    reg("license", "none", "xinghe", "homepage", "semantic", "页脚有 ICP 备案、公网安备、增值电信业务经营许可证，但没有营业执照信息或链接",
        home(xh, foot=footer(xh, lic=None)), dodge="完全缺失（只有其他证照，近似项不算）", lic=V)
    reg("license", "hidden-display-none", "xinghe", "homepage", "semantic", "“营业执照”链接在 DOM 中但 display:none",
        home(xh, foot=footer(xh, lic="link", lic_style="display:none")), dodge="display:none", lic=V)
    reg("license", "hidden-visibility", "qingmu", "homepage", "hashed", "“电子营业执照”链接 visibility:hidden（占位但不可见）",
        home(qm, foot=footer(qm, lic="ezz-text", lic_style="visibility:hidden")), dodge="visibility:hidden", lic=V)
    reg("license", "hidden-opacity", "qingmu", "homepage", "hashed", "“营业执照”链接 opacity:0",
        home(qm, foot=footer(qm, lic="link", lic_style="opacity:0")), dodge="opacity:0", lic=V)
    reg("license", "hidden-clip", "chengguo", "homepage", "hashed", "“营业执照”链接被 clip:rect(0 0 0 0) 裁成 1×1 像素（读屏隐藏写法）",
        home(cg, foot=footer(cg, lic="link", lic_style="position:absolute;clip:rect(0 0 0 0);width:1px;height:1px;overflow:hidden;white-space:nowrap")),
        dodge="clip 裁剪", lic=V)
    reg("license", "offscreen", "luming", "homepage", "semantic", "“营业执照”链接 position:absolute; left:-9999px，移出页面可视区域",
        home(lm, foot=footer(lm, lic="link", lic_style="position:absolute;left:-9999px;top:0")), dodge="移出屏幕（off-screen）", lic=V)
    reg("license", "same-colour", "xinghe", "homepage", "semantic", "“营业执照”链接文字颜色与页脚背景同为 #eaeaea",
        home(xh, foot=footer(xh, lic="link", lic_style="color:#eaeaea")), dodge="文字颜色 = 背景颜色", lic=V)
    reg("license", "gradient-background", "qingmu", "homepage", "hashed", "深色渐变页脚上，“营业执照”链接颜色 #26375b 与渐变背景几乎相同（其余页脚文字为浅色）",
        home(qm, foot=footer(qm, lic="link", lic_style="color:#26375b",
                             footer_style="background:linear-gradient(180deg,#1f2d4d 0%,#2b3d66 100%);color:#c9d2e6"),
             css=".§footer a,.§copyright,.§footer-help dt{color:#c9d2e6}.§footer-service{background:#1b2845;border-color:#2b3d66}.§footer-service .§w{color:#e8edf7}"),
        dodge="颜色接近渐变背景", lic=V)
    reg("license", "bg-image", "chengguo", "homepage", "hashed", "页脚背景是木纹 SVG 图片，“经营证照”链接颜色与图片主色几乎相同（CSS 看不出，只有像素能看出）",
        home(cg, foot=footer(cg, lic="jingying", lic_style="color:#8e5d2d",
                             footer_style="background:#8b5a2b url(/img/bg/wood.svg) repeat;color:#f3e6d6"),
             css=".§footer a,.§copyright,.§footer-help dt{color:#f3e6d6}.§footer-service{background:transparent;border-color:#a0703f}.§footer-service .§w{color:#fff}"),
        dodge="颜色接近背景图片", lic=V)
    reg("license", "tiny-6px", "luming", "homepage", "semantic", "“营业执照”链接 font-size:6px，肉眼无法辨认",
        home(lm, foot=footer(lm, lic="link", lic_style="font-size:6px;margin:0 2px")), dodge="极小字号 6px", lic=V)
    guide = """<div class="§w"><div class="§guide"><h3>商家入驻指南</h3>
<p>欢迎优质品牌与商家入驻星河商城。入驻流程：提交资料 → 资质审核 → 签署协议 → 缴纳保证金 → 店铺上线。</p>
<ol><li>入驻商家需上传营业执照（副本）清晰彩色扫描件，且营业执照在有效期内；</li>
<li>法定代表人身份证正反面、银行开户许可证；</li>
<li>品牌商标注册证或品牌授权书；</li>
<li>平台将在 3 个工作日内完成资质审核，审核结果通过短信通知。</li></ol>
<p>入驻后，商家应在店铺首页显著位置持续公示营业执照信息或者其链接标识。</p></div></div>"""
    reg("license", "prose-only", "xinghe", "homepage", "semantic", "首页“商家入驻指南”正文多次提到“营业执照”，但平台自己的营业执照没有公示",
        home(xh, foot=footer(xh, lic=None), main_extra_after=guide, css=GUIDE_CSS), dodge="只在说明文字中出现“营业执照”", lic=V)
    # ---- inconclusive: footer fragment never loads
    broken = """<div class="§footer" id="§footer-frag" style="text-align:center;padding:40px 0;color:#aaa">页脚加载中…</div>
<script>
fetch('/p/yunjin/fragments/footer-v3.json').then(function (r) {
  if (!r.ok) { throw new Error('footer fragment HTTP ' + r.status); }
  return r.json();
}).then(function (d) { document.getElementById('§footer-frag').innerHTML = d.html; })
  .catch(function (e) { console.error('footer load failed', e); });
</script>"""
    reg("license", "footer-fails", "yunjin", "homepage", "late", "页脚由脚本从 /p/yunjin/fragments/footer-v3.json 加载，该文件 404，页脚一直停在“加载中…”：看不到就不能下结论",
        home(yj, foot=broken), dodge=None, lic=INC)
    # ---- shop role
    goods_mh = G["daily"][4:10]
    reg("license", "shop-license-ok", "qingmu", "shop", "hashed", "店铺页：店铺头部有“店铺证照”链接，指向该店铺经营者的亮照页",
        standard_page(qm, "木禾服饰旗舰店 - 青木优选", shop_body(qm, "木禾服饰旗舰店", 5, goods=G["outdoor"][:10],
                      acts_extra='<a href="/gov/license-view.html?id=shop-mhfs" target="_blank">店铺证照</a>'), extra_css=SHOP_CSS))
    reg("license", "shop-zizhi-ok", "luming", "shop", "semantic", "店铺页：店铺名称旁有“资质”图标链接，指向店铺营业执照",
        standard_page(lm, "鹿野数码专营店 - 鹿鸣网", shop_body(lm, "鹿野数码专营店", 10, goods=G["book"][3:12],
                      title_extra=' <a class="§shop-cert" href="/gov/license-view.html?id=shop-lyds" target="_blank" style="font-size:12px;font-weight:normal;color:#005aa0;border:1px solid #9cc3e6;padding:0 6px;border-radius:2px;vertical-align:3px">资质</a>'),
                      extra_css=SHOP_CSS))
    reg("license", "shop-platform-only", "luming", "shop", "semantic", "店铺页：页脚有平台的“营业执照”链接，但店铺自己的营业执照 / 店铺证照在任何地方都没有",
        standard_page(lm, "川泽厨具旗舰店 - 鹿鸣网", shop_body(lm, "川泽厨具旗舰店", 4, goods=G["kitchen"][:10]),
                      foot=footer(lm, lic="link"), extra_css=SHOP_CSS),
        dodge="只有平台执照，店铺执照缺失（看着合规）", lic=V)
    hover = """<span class="§shop-more">店铺信息 ▾<span class="§shop-drop"><a href="/gov/license-view.html?id=shop-sjjf" target="_blank">店铺证照</a><a href="#">售后政策</a><a href="#">联系卖家</a></span></span>"""
    hover_css = SHOP_CSS + """
.§shop-more{position:relative;border:1px solid #ddd;padding:4px 12px;background:#fff;cursor:pointer}
.§shop-drop{display:none;position:absolute;right:0;top:28px;width:120px;background:#fff;border:1px solid #ddd;z-index:5}
.§shop-drop a{display:block;border:0 !important;padding:4px 12px}
.§shop-more:hover .§shop-drop{display:block}"""
    reg("license", "shop-license-hover", "qingmu", "shop", "hashed", "店铺页：“店铺证照”藏在“店铺信息 ▾”下拉菜单里，只有鼠标悬停才出现",
        standard_page(qm, "松间家纺专营店 - 青木优选", shop_body(qm, "松间家纺专营店", 7, goods=G["daily"][:10], acts_extra=hover),
                      extra_css=hover_css),
        dodge="仅悬停可见（hover-only）", lic=V)


# =========================================================================== ad_label
AD_CSS = """
.§ad-tag{position:absolute;right:0;bottom:0;background:rgba(0,0,0,.35);color:#fff;font-size:12px;line-height:16px;padding:0 4px}
.§ad-mark{position:absolute;left:0;top:0;width:30px;height:16px}
"""
XH_SHOPS = ["星河自营", "墨岩数码专营店", "澜屿电器星河自营旗舰店", "栖木家居旗舰店", "星河超市", "晴川户外专营店",
            "甘棠生活馆", "澜屿电器官方旗舰店", "墨岩数码星河自营旗舰店", "朔风运动旗舰店", "星河自营", "甘棠生活馆",
            "墨岩数码专营店", "栖木家居旗舰店", "星河超市", "晴川户外专营店"]
QM_SHOPS = ["木禾服饰旗舰店", "松间家纺专营店", "半夏美妆官方店", "南枝鞋履", "原野茶舍", "木禾服饰旗舰店",
            "半夏美妆官方店", "原野茶舍", "松间家纺专营店", "南枝鞋履", "半夏美妆官方店", "原野茶舍",
            "木禾服饰旗舰店", "南枝鞋履", "松间家纺专营店", "原野茶舍"]
LM_SHOPS = ["鹿野数码专营店", "白塔图书", "川泽厨具旗舰店", "月湾宠物生活馆", "听松香氛", "鹿野数码专营店",
            "白塔图书", "川泽厨具旗舰店", "听松香氛", "月湾宠物生活馆", "鹿野数码专营店", "白塔图书",
            "川泽厨具旗舰店", "听松香氛", "白塔图书", "鹿野数码专营店"]
CG_SHOPS = ["橙果直营店", "雾岚茶业旗舰店", "青砾文具店", "橙果自营母婴馆", "溪禾母婴专营店", "朔北粮油旗舰店",
            "橙果自营生鲜", "雾岚茶业旗舰店", "青砾文具店", "溪禾母婴专营店", "橙果直营店", "朔北粮油旗舰店",
            "雾岚茶业旗舰店", "橙果自营母婴馆", "青砾文具店", "溪禾母婴专营店"]
YJ_SHOPS = ["云锦自营", "竹影茶具专营店", "蓉城小食铺", "云锦优品馆", "青衣江特产店", "岷山户外旗舰店",
            "竹影茶具专营店", "云锦自营", "蓉城小食铺", "青衣江特产店", "岷山户外旗舰店", "云锦优品馆",
            "竹影茶具专营店", "蓉城小食铺", "青衣江特产店", "云锦自营"]


def span_label(text, style=""):
    st = (' style="%s"' % style) if style else ""
    return '<span class="§ad-tag"%s>%s</span>' % (st, text)


def build_ads():
    xh, qm, yj, cg, lm = P["xinghe"], P["qingmu"], P["yunjin"], P["chengguo"], P["luming"]

    def ad(adid, label, **kw):
        d = dict(adid=adid, label_html=label)
        d.update(kw)
        return d

    # ---- compliant
    ads = {1: ad(88231, span_label("广告"), cls="§ad-item", data_ad=True), 6: ad(88232, span_label("广告"), cls="§ad-item", data_ad=True)}
    reg("ads", "search-label-ok", "xinghe", "search", "semantic", "搜索页两个竞价商品（ad-item + /click?adid=）各自在图片角上标“广告”；自营标记也都正确",
        search_page(xh, "蓝牙耳机", "earphone", cards(xh, "earphone", XH_SHOPS, ads=ads), css=AD_CSS), ad=C)
    pseudo_css = AD_CSS + ".§adcard .§goods-img::after{content:'广告';position:absolute;right:0;bottom:0;background:rgba(0,0,0,.35);color:#fff;font-size:12px;line-height:16px;padding:0 4px}"
    ads = {0: ad(52001, "", cls="§adcard", mode="aclk"), 4: ad(52002, "", cls="§adcard", mode="aclk"), 9: ad(52003, "", cls="§adcard", mode="aclk")}
    reg("ads", "search-pseudo-after", "qingmu", "search", "hashed", "哈希类名；广告卡片只靠 /aclk 链接和 data-adid 识别；“广告”由 ::after content 画在图片角上",
        search_page(qm, "冲锋衣", "outdoor", cards(qm, "outdoor", QM_SHOPS, ads=ads), css=pseudo_css), ad=C)
    img_lab = '<img class="§ad-mark" src="/img/label/ad.svg" alt="广告">'
    ads = {2: ad(61001, img_lab, cls="§sponsored"), 7: ad(61002, img_lab, cls="§sponsored")}
    reg("ads", "search-img-alt", "luming", "search", "semantic", "广告卡片（class=sponsored + /click）的标记是一张图片，alt=\"广告\"，图片本身也画着“广告”",
        search_page(lm, "机械键盘", "book", cards(lm, "book", LM_SHOPS, ads=ads), css=AD_CSS), ad=C)
    reg("ads", "iframe-corner-ok", "luming", "search", "semantic", "结果上方是来自 localhost 广告服务器的跨域 iframe 广告位，父页面在 iframe 右下角叠加“广告”角标",
        search_page(lm, "图书", "book", cards(lm, "book", LM_SHOPS[:12]), css=AD_CSS + SLOT_CSS,
                    before_list=iframe_slot("slot-top", 7701, '<span class="§slot-tag">广告</span>')), ad=C)
    ads = {1: ad(33011, span_label("广告"), cls="§promo-slot"), 8: ad(33012, span_label("广告"), cls="§promo-slot")}
    reg("ads", "search-late-ok", "yunjin", "search", "late", "结果列表 1.2 秒后由脚本插入；两个推广位卡片（promo-slot + data-adid）都带“广告”角标",
        search_page(yj, "茶叶", "tea", cards(yj, "tea", YJ_SHOPS, ads=ads), css=AD_CSS, late_ms=1200), ad=C)
    banner = """<div class="§w"><div class="§ad-banner" style="position:relative;margin-top:10px;height:100px">
<a href="/aclk?adid=90017&amp;target=%2Fp%2Fxingheshop%2Fpromo%2Flanding.html" data-adid="90017"><img src="/img/ad/wide-kitchen.svg" alt="澜屿厨电节" style="width:1190px;height:100px;display:block"></a>
<span class="§ad-tag">广告</span></div></div>"""
    reg("ads", "home-banner-ok", "xinghe", "homepage", "semantic", "首页通栏广告（/aclk 链接 + data-adid）右下角有“广告”角标；页脚有营业执照",
        home(xh, main_extra_after=banner, css=AD_CSS), ad=C)
    # ---- violations
    ads = {2: ad(41001, "", data=True), 5: ad(41002, "", data=True), 11: ad(41003, "", data=True)}
    reg("ads", "search-no-label", "qingmu", "search", "hashed", "三个竞价卡片（/click + data-adid，哈希类名）完全没有任何标记",
        search_page(qm, "洗面奶", "daily", cards(qm, "daily", QM_SHOPS, ads=ads), css=AD_CSS), dodge="无标记", ad=V)
    ads = {0: ad(41101, span_label("推广")), 6: ad(41102, span_label("推广"))}
    reg("ads", "search-tuiguang", "qingmu", "search", "hashed", "竞价卡片角标写“推广”而不是“广告”",
        search_page(qm, "茶叶", "tea", cards(qm, "tea", QM_SHOPS, ads=ads), css=AD_CSS), dodge="“推广”代替“广告”", ad=V)
    ads = {1: ad(41201, span_label("AD"), mode="aclk"), 9: ad(41202, span_label("AD"), mode="aclk")}
    reg("ads", "search-AD", "chengguo", "search", "hashed", "竞价卡片角标写英文“AD”；自营卡片的自营标记正确",
        search_page(cg, "纸尿裤", "daily", cards(cg, "daily", CG_SHOPS, ads=ads), css=AD_CSS), dodge="“AD”代替“广告”", ad=V)
    ads = {3: ad(41301, span_label("赞助"), cls="§sponsored"), 8: ad(41302, span_label("Sponsored"), cls="§sponsored")}
    reg("ads", "search-zanzhu-sponsored", "luming", "search", "semantic", "一个广告卡片标“赞助”，另一个标“Sponsored”，都不是“广告”",
        search_page(lm, "阅读器", "book", cards(lm, "book", LM_SHOPS, ads=ads), css=AD_CSS), dodge="“赞助”/“Sponsored”代替“广告”", ad=V)
    hover_css = AD_CSS + ".§sponsored .§ad-tag{opacity:0;transition:opacity .2s}.§sponsored:hover .§ad-tag{opacity:1}"
    ads = {0: ad(41401, span_label("广告"), cls="§sponsored"), 5: ad(41402, span_label("广告"), cls="§sponsored")}
    reg("ads", "search-hover-only", "luming", "search", "semantic", "“广告”角标平时 opacity:0，只有鼠标悬停卡片时才显示",
        search_page(lm, "鼠标", "book", cards(lm, "book", LM_SHOPS, ads=ads), css=hover_css), dodge="仅悬停可见", ad=V)
    ads = {2: ad(41501, span_label("广告", "display:none"), cls="§ad-item", data_ad=True), 7: ad(41502, span_label("广告", "display:none"), cls="§ad-item", data_ad=True)}
    reg("ads", "search-label-hidden", "xinghe", "search", "semantic", "“广告”角标在 DOM 中但 display:none",
        search_page(xh, "空气炸锅", "kitchen", cards(xh, "kitchen", XH_SHOPS, ads=ads), css=AD_CSS), dodge="display:none", ad=V)
    faint = '<span style="color:#f1f1f1;font-size:12px;margin-right:4px">广告</span>'
    ads = {1: ad(41601, faint, label_where="title"), 10: ad(41602, faint, label_where="title")}
    reg("ads", "search-label-faint", "qingmu", "search", "hashed", "标题前的“广告”二字颜色 #f1f1f1，白底上几乎看不见",
        search_page(qm, "香薰", "daily", cards(qm, "daily", QM_SHOPS, ads=ads), css=AD_CSS), dodge="颜色过淡（对比度≈1.1）", ad=V)
    tiny = '<span style="font-size:6px;color:#999;margin-right:2px">广告</span>'
    ads = {4: ad(41701, tiny, label_where="title", cls="§sponsored"), 9: ad(41702, tiny, label_where="title", cls="§sponsored")}
    reg("ads", "search-label-6px", "luming", "search", "semantic", "标题前的“广告”字号 6px",
        search_page(lm, "笔记本", "book", cards(lm, "book", LM_SHOPS, ads=ads), css=AD_CSS), dodge="极小字号 6px", ad=V)
    ads = {0: ad(41801, span_label("广告"), cls="§ad-item", data_ad=True), 5: ad(41802, span_label("广告"), cls="§ad-item", data_ad=True),
           10: ad(41803, "", cls="§ad-item", data_ad=True)}
    reg("ads", "search-label-some", "xinghe", "search", "semantic", "三个广告卡片中只有两个有“广告”角标，第三个（第 11 张卡片）没有：每个广告都要有自己的标记",
        search_page(xh, "冲锋衣", "outdoor", cards(xh, "outdoor", XH_SHOPS, ads=ads), css=AD_CSS), dodge="部分广告无标记", ad=V)
    far = '<span style="float:right;color:#999">广告</span>'
    ads = {6: ad(41901, "", mode="aclk"), 9: ad(41902, "", mode="aclk")}
    qm_far_top = search_top(qm, "茶具", "tea").replace('<a href="#">价格 ↕</a></div>', '<a href="#">价格 ↕</a>%s</div>' % far)
    main = '<div class="§w §main">' + qm_far_top + '<ul class="§goods-list">' + cards(qm, "tea", QM_SHOPS, ads=ads) + "</ul>" + PAGER + "</div>"
    reg("ads", "search-label-far", "qingmu", "search", "hashed", "排序栏最右端有一个孤立的“广告”字样，离第二、三行的两个广告卡片很远，不属于任何卡片",
        standard_page(qm, "茶具 - 商品搜索 - 青木优选", main, q="茶具", extra_css=AD_CSS), dodge="标记远离广告卡片", ad=V)
    ads = {3: ad(42001, "", cls="§sponsored")}
    lm_cards = cards(lm, "kitchen", LM_SHOPS, ads=ads, corners={2: '<span class="§ad-tag">广告</span>'})
    assert lm_cards.count("§ad-tag") == 1
    reg("ads", "search-label-wrong-item", "luming", "search", "semantic", "“广告”角标贴在自然结果（第 3 张）上，真正的广告卡片（第 4 张，/click + sponsored）没有标记",
        search_page(lm, "厨具", "kitchen", lm_cards, css=AD_CSS), dodge="标记贴在别的商品上", ad=V)
    reg("ads", "iframe-no-label", "luming", "search", "semantic", "跨域 iframe 广告位（localhost 广告服务器）没有任何“广告”角标",
        search_page(lm, "宠物用品", "daily", cards(lm, "daily", LM_SHOPS[:12]), css=AD_CSS + SLOT_CSS,
                    before_list=iframe_slot("slot-top", 7702)), dodge="iframe 广告位无标记", ad=V)
    ads = {2: ad(42101, "", mode="aclk"), 8: ad(42102, "", mode="aclk")}
    reg("ads", "search-sitewide-statement", "chengguo", "search", "hashed", "两个竞价卡片无标记；页脚有全站声明“本网站…均属于‘广告’”，这不是逐项标注",
        search_page(cg, "大米", "kitchen", cards(cg, "kitchen", CG_SHOPS, ads=ads), css=AD_CSS, foot=footer(cg, statement=True)),
        dodge="只有全站声明（看着合规）", ad=V)
    ads = {0: ad(42201, "", cls="§promo-slot"), 6: ad(42202, "", cls="§promo-slot")}
    reg("ads", "search-late-nolabel", "yunjin", "search", "late", "结果 1.5 秒后插入，其中两个推广位卡片（promo-slot + data-adid + /click）没有标记",
        search_page(yj, "牛肉干", "tea", cards(yj, "tea", YJ_SHOPS, ads=ads), css=AD_CSS, late_ms=1500), dodge="延迟加载且无标记", ad=V)
    # ---- decoys: no ads at all
    bb_shops = ["众标广告器材店", "星河超市", "立方广告展具专营店", "甘棠生活馆", "众标广告器材店", "星河超市",
                "立方广告展具专营店", "墨岩数码专营店", "甘棠生活馆", "众标广告器材店"]
    reg("ads", "search-no-ads-guanggao-words", "xinghe", "search", "semantic", "没有任何广告；商品标题“广告牌支架/广告扇/广告伞”、店名“众标广告器材店”、页脚“广告服务”都只是文字",
        search_page(xh, "广告牌", "billboard", cards(xh, "billboard", bb_shops), css=AD_CSS, foot=footer(xh, ad_service=True)))
    reg("ads", "search-no-ads-statement", "qingmu", "search", "hashed", "没有任何广告，只有页脚的全站“广告”声明",
        search_page(qm, "家纺", "daily", cards(qm, "daily", QM_SHOPS), css=AD_CSS, foot=footer(qm, statement=True)))


# =========================================================================== popup_close
def popup_page(pl, adid, delay, kind, behaviour="remove", head=None, label="广告"):
    js, pcss = popup_ad(pl, adid, delay, kind, behaviour, head=head, label=label)
    return home(pl, css=pcss, after=js)


def build_popups():
    xh, qm, yj, cg, lm = P["xinghe"], P["qingmu"], P["yunjin"], P["chengguo"], P["luming"]
    pa = dict(ad=C)  # every pop-up ad carries its own 广告 tag
    # ---- compliant
    reg("popup", "close-x-text", "xinghe", "homepage", "semantic", "1 秒后弹出红包广告，右上角白色圆形“×”，点一次即永久移除",
        popup_page(xh, 5501, 1000, "x-text"), pop=C, **pa)
    reg("popup", "close-button-text", "qingmu", "homepage", "hashed", "加载即弹出（0 秒）的广告，下方有“关闭”文字按钮，点一次移除",
        popup_page(qm, 5502, 0, "btn-text"), pop=C, **pa)
    reg("popup", "close-img-icon", "luming", "homepage", "semantic", "2 秒后弹出，关闭标志是弹窗下方的圆形 × 图标 <img>（alt 为空），点一次移除",
        popup_page(lm, 5503, 2000, "img"), pop=C, **pa)
    reg("popup", "close-svg-3s", "yunjin", "homepage", "late", "3 秒后才弹出，关闭标志是右上角内联 <svg> 画的 ×（无文字、无 aria）",
        popup_page(yj, 5504, 3000, "svg"), pop=C, **pa)
    reg("popup", "close-css-glyph", "chengguo", "homepage", "hashed", "关闭标志是空 <i>，× 由 ::before/::after 两根旋转细条画出，位于弹窗下方",
        popup_page(cg, 5505, 1500, "glyph-bars"), pop=C, **pa)
    reg("popup", "close-pseudo-content", "chengguo", "homepage", "hashed", "关闭标志是空 <span>，× 由 ::after{content:'✕'} 生成，位于弹窗右上角内侧",
        popup_page(cg, 5506, 800, "glyph-content"), pop=C, **pa)
    reg("popup", "close-aria-label", "qingmu", "homepage", "hashed", "关闭按钮是空 <button aria-label=\"关闭\">，× 是背景 data-URI SVG",
        popup_page(qm, 5507, 1200, "aria"), pop=C, **pa)
    # ---- violations
    reg("popup", "no-close", "xinghe", "homepage", "semantic", "1 秒后弹出广告，没有任何关闭标志，点遮罩也关不掉",
        popup_page(xh, 5601, 1000, "none", "navigate"), dodge="无关闭标志", pop=V, **pa)
    reg("popup", "countdown-close", "luming", "homepage", "semantic", "0.5 秒后弹出，右上角“5 秒后可关闭”倒计时，倒计时结束才出现 ×",
        popup_page(lm, 5602, 500, "countdown", "countdown"), dodge="倒计时后才能关闭", pop=V, **pa)
    reg("popup", "countdown-short", "qingmu", "homepage", "hashed", "加载即弹出，“2 秒后可关闭”；× 一开始就在页面里但隐藏，倒计时结束才显示——探测时倒计时早已结束",
        popup_page(qm, 5614, 0, "countdown-hidden", "countdown-reveal"), dodge="倒计时后才能关闭", pop=V, **pa)
    reg("popup", "fake-close-navigates", "qingmu", "homepage", "hashed", "右上角的“×”其实是指向广告落地页的链接（/click?adid=），点了就跳转",
        popup_page(qm, 5603, 1000, "x-text", "navigate"), dodge="虚假关闭标志：点击跳转广告", pop=V, **pa)
    reg("popup", "fake-close-newtab", "xinghe", "homepage", "semantic", "点“×”后弹窗消失，但同时 window.open 在新标签页打开广告",
        popup_page(xh, 5604, 1000, "x-text", "newtab"), dodge="虚假关闭标志：打开新标签页", pop=V, **pa)
    reg("popup", "confirm-close", "chengguo", "homepage", "hashed", "点“×”后弹出“确定关闭吗？”二次确认，第一次点击不能关闭",
        popup_page(cg, 5605, 1000, "x-text", "confirm"), dodge="需二次确认", pop=V, **pa)
    reg("popup", "reappears", "yunjin", "homepage", "late", "2 秒后弹出，点“×”能关掉，但 1.5 秒后又弹出来",
        popup_page(yj, 5606, 2000, "x-text", "reappear"), dodge="关闭后再次弹出", pop=V, **pa)
    reg("popup", "mask-only", "luming", "homepage", "semantic", "弹窗没有关闭标志，只有点击深色遮罩才关闭",
        popup_page(lm, 5607, 1000, "none", "mask"), dodge="只能点遮罩关闭", pop=V, **pa)
    reg("popup", "close-invisible", "xinghe", "homepage", "semantic", "“×”颜色与弹窗顶部背景同为 #fff8f0，看不见",
        popup_page(xh, 5608, 1000, "invisible", head="新人专享福利"), dodge="关闭标志与背景同色", pop=V, **pa)
    reg("popup", "close-tiny", "qingmu", "homepage", "hashed", "“×”只有 4×4 像素（font-size:4px）",
        popup_page(qm, 5609, 1000, "tiny"), dodge="关闭标志极小（4px）", pop=V, **pa)
    reg("popup", "close-offscreen", "chengguo", "homepage", "hashed", "“×”是 position:fixed; top/right:-80px，位于视口之外",
        popup_page(cg, 5610, 1000, "offscreen"), dodge="关闭标志在视口外", pop=V, **pa)
    # ---- decoys (not pop-up ads)
    login = T("""<div class="§dlg-box"><span class="§dlg-x" id="§dlg-x">×</span><h2>欢迎登录{{name}}</h2>
<div class="§dlg-tabs"><b>密码登录</b><span>扫码登录</span></div>
<input type="text" placeholder="用户名 / 邮箱 / 已验证手机"><input type="password" placeholder="密码">
<button class="§dlg-ok" type="button">登　录</button>
<div class="§dlg-links"><a href="#">忘记密码</a><a href="#">免费注册</a></div></div>""", **xh)
    reg("popup", "login-dialog", "xinghe", "homepage", "semantic", "1 秒后弹出登录对话框（带 ×）：不是广告，不归弹窗广告规则管",
        home(xh, css=DIALOG_CSS, after=dialog(login, 1000, "document.getElementById('§dlg-x').addEventListener('click', close);")))
    cookie = """<div class="§dlg-box" style="width:760px;position:absolute;bottom:30px"><h2>隐私政策与 Cookie 使用说明</h2>
<p class="§dlg-text">我们使用 Cookie 及类似技术来保障账户安全、记住您的偏好并改进服务。继续浏览即表示您同意《隐私政策》。您可以在“设置”中随时更改选择。</p>
<button class="§dlg-ok" type="button" id="§dlg-yes">同意并继续</button><button class="§dlg-ok §dlg-alt" type="button" id="§dlg-no">仅使用必要 Cookie</button></div>"""
    reg("popup", "cookie-consent", "qingmu", "homepage", "hashed", "带遮罩的 Cookie 同意对话框：不是广告",
        home(qm, css=DIALOG_CSS, after=dialog(cookie, 600, "document.getElementById('§dlg-yes').addEventListener('click', close);document.getElementById('§dlg-no').addEventListener('click', close);")))
    age = """<div class="§dlg-box"><h2>温馨提示</h2>
<p class="§dlg-text">您即将进入“酒水馆”。根据《中华人民共和国未成年人保护法》，我们不向未成年人销售酒类商品。请确认您已年满 18 周岁。</p>
<button class="§dlg-ok" type="button" id="§dlg-yes">我已年满 18 周岁</button><button class="§dlg-ok §dlg-alt" type="button" id="§dlg-no">离开</button></div>"""
    reg("popup", "age-check", "luming", "homepage", "semantic", "年龄确认对话框（无广告内容，无 ×）：不是广告",
        home(lm, css=DIALOG_CSS, after=dialog(age, 800, "document.getElementById('§dlg-yes').addEventListener('click', close);document.getElementById('§dlg-no').addEventListener('click', close);")))
    inline = """<div class="§w"><div style="position:relative;margin-top:10px;height:100px">
<a href="/aclk?adid=90311&amp;target=%2Fp%2Fyunjin%2Fpromo%2Flanding.html" data-adid="90311" class="§inline-ad"><img src="/img/ad/wide-tea.svg" alt="新茶季" style="width:1190px;height:100px;display:block"></a>
<span class="§ad-tag">广告</span></div></div>"""
    reg("popup", "inline-banner", "yunjin", "homepage", "late", "1.2 秒后在页面流中插入一条通栏广告（不是浮层，不遮挡），带“广告”角标：弹窗规则不适用",
        home(yj, main_extra_before="", css=AD_CSS, after="",
             main_extra_after=late_html("inline-ad-slot", inline, 1200)), ad=C)


# =========================================================================== self_operated_label
def build_self():
    xh, qm, yj, cg, lm = P["xinghe"], P["qingmu"], P["yunjin"], P["chengguo"], P["luming"]
    # shop lists (index -> shop); 星河超市 is at 4 and 14
    reg("self", "search-ok", "xinghe", "search", "semantic", "自营店（星河自营 / 星河超市 / *星河自营旗舰店）的卡片都有“自营”标，第三方卡片都没有",
        search_page(xh, "蓝牙耳机", "earphone", cards(xh, "earphone", XH_SHOPS)), self=C)
    reg("self", "search-missing", "xinghe", "search", "semantic", "“星河超市”（注册表中的自营店）的两张卡片没有“自营”标",
        search_page(xh, "纸巾", "daily", cards(xh, "daily", XH_SHOPS, self_over={4: False, 14: False})),
        dodge="自营商品缺标记", self=V)
    reg("self", "search-thirdparty-labelled", "xinghe", "search", "semantic", "第三方店“澜屿电器官方旗舰店”的卡片也挂了“自营”标（与自营旗舰店同品牌）",
        search_page(xh, "空气炸锅", "kitchen", cards(xh, "kitchen", XH_SHOPS, self_over={7: True})),
        dodge="第三方商品冒用自营标记", self=V)
    hid = '<i class="§tag-self" style="visibility:hidden">自营</i>'
    reg("self", "search-label-hidden", "xinghe", "search", "semantic", "“星河超市”卡片的“自营”标 visibility:hidden（其余自营卡片正常）",
        search_page(xh, "洗衣液", "daily", cards(xh, "daily", XH_SHOPS, self_over={4: hid, 14: hid})),
        dodge="visibility:hidden", self=V)
    glob_shops = ["澜屿电器星河自营旗舰店", "澜屿电器官方旗舰店", "墨岩数码星河自营旗舰店", "墨岩数码专营店", "栖木家居旗舰店",
                  "澜屿电器星河自营旗舰店", "晴川户外专营店", "墨岩数码星河自营旗舰店", "澜屿电器官方旗舰店", "甘棠生活馆",
                  "墨岩数码专营店", "澜屿电器星河自营旗舰店"]
    reg("self", "search-glob", "xinghe", "search", "semantic", "只有通配符“*星河自营旗舰店”匹配的自营店（带标）和同品牌第三方店（不带标）：需要按 glob 匹配",
        search_page(xh, "澜屿", "kitchen", cards(xh, "kitchen", glob_shops)), self=C)
    hover_css = ".§goods-item .§tag-self{opacity:0}.§goods-item:hover .§tag-self{opacity:1}"
    reg("self", "search-hover-only", "xinghe", "search", "semantic", "所有“自营”标平时 opacity:0，只有悬停卡片时才出现",
        search_page(xh, "耳机", "earphone", cards(xh, "earphone", XH_SHOPS), css=hover_css),
        dodge="仅悬停可见", self=V)
    badge = '<span class="§pd-badge">自营</span>'
    reg("self", "product-self-ok", "xinghe", "product", "semantic", "商品页卖家“星河超市”（自营），标题前和店铺名旁都有“自营”标",
        standard_page(xh, "墨岩 Q3 真无线蓝牙耳机 - 星河商城", product_body(xh, G["earphone"][0], "星河超市", title_badge=badge, shop_badge=badge),
                      extra_css=PRODUCT_CSS), self=C)
    reg("self", "product-thirdparty-boilerplate", "xinghe", "product", "semantic", "第三方卖家“墨岩数码专营店”的商品页，没有自营标；“自营”只出现在售后保障的发票说明套话里",
        standard_page(xh, "墨岩 Q5 Pro 旗舰降噪耳机 - 星河商城", product_body(xh, G["earphone"][5], "墨岩数码专营店"),
                      extra_css=PRODUCT_CSS), self=C)
    reg("self", "product-self-missing", "xinghe", "product", "semantic", "卖家“星河超市”（自营）的商品页没有“自营”标，只有发票说明套话里有“自营”二字",
        standard_page(xh, "澜屿 空气炸锅 5.5L - 星河商城", product_body(xh, G["kitchen"][0], "星河超市", crumbs="家用电器 &gt; 厨房小电 &gt; 空气炸锅"),
                      extra_css=PRODUCT_CSS), dodge="自营商品页缺标记（套话中的“自营”不算）", self=V)
    pseudo = ".§selfcard .§goods-name a::before{content:'自营';display:inline-block;background:#ff6a00;color:#fff;font-size:12px;line-height:16px;padding:0 3px;margin-right:4px;border-radius:2px}"
    cg_cards = []
    for i, shop in enumerate(CG_SHOPS):
        c = card(cg, G["daily"][i % 12], shop, 300 + i, self_tag=False)
        if is_self(cg, shop):
            c = c.replace('class="§goods-item"', 'class="§goods-item §selfcard"', 1)
        cg_cards.append(c)
    reg("self", "search-pseudo-ok", "chengguo", "search", "hashed", "哈希类名；“自营”由 ::before content 画在标题前；“橙果直营店”（精确名）和“橙果自营*”（通配）都带标",
        search_page(cg, "湿巾", "daily", "".join(cg_cards), css=pseudo), self=C)
    img_tag = '<img src="/img/label/self.svg" alt="自营" style="height:16px;vertical-align:-3px;margin-right:4px">'
    reg("self", "search-img-label", "chengguo", "search", "hashed", "“自营”标是一张图片（alt=\"自营\"，图片上也画着“自营”）",
        search_page(cg, "茶叶", "tea", cards(cg, "tea", CG_SHOPS, self_over={i: img_tag for i, s in enumerate(CG_SHOPS) if is_self(cg, s)})),
        self=C)
    faint = '<i class="§tag-self" style="background:#fff;color:#fbfbfb;border-color:#fff">自营</i>'
    reg("self", "search-faint-label", "chengguo", "search", "hashed", "“橙果直营店”卡片的“自营”标白底上 #fbfbfb 字，几乎看不见",
        search_page(cg, "大米", "kitchen", cards(cg, "kitchen", CG_SHOPS, self_over={0: faint, 10: faint})),
        dodge="颜色过淡", self=V)
    reg("self", "product-thirdparty-labelled", "chengguo", "product", "hashed", "第三方卖家“雾岚茶业旗舰店”的商品页标题前挂了“自营”标",
        standard_page(cg, "雾岚 明前龙井 - 橙果集市", product_body(cg, G["tea"][0], "雾岚茶业旗舰店", title_badge=badge, crumbs="食品 / 生鲜 &gt; 茶叶 &gt; 绿茶"),
                      extra_css=PRODUCT_CSS), dodge="第三方商品页冒用自营标记", self=V)
    reg("self", "search-late-ok", "yunjin", "search", "late", "结果 1.2 秒后插入；自营店“云锦自营”“云锦优品馆”的卡片都带“自营”标",
        search_page(yj, "茶叶", "tea", cards(yj, "tea", YJ_SHOPS), late_ms=1200), self=C)
    reg("self", "search-late-missing", "yunjin", "search", "late", "结果 1.8 秒后插入；第 4 张（自营店“云锦优品馆”）卡片没有“自营”标",
        search_page(yj, "火锅底料", "tea", cards(yj, "tea", YJ_SHOPS, self_over={3: False}), late_ms=1800),
        dodge="延迟加载且自营缺标记", self=V)
    qm_cards = cards(qm, "outdoor", QM_SHOPS, self_over={i: '<i class="§tag-self">官方</i>' for i in (0, 5, 12)})
    reg("self", "search-null", "qingmu", "search", "hashed", "平台在注册表里 self_operated: null（无自营业务）：自营规则不适用",
        search_page(qm, "户外", "outdoor", qm_cards))
    reg("self", "product-null", "luming", "product", "semantic", "无自营业务平台（self_operated: null）的商品页",
        standard_page(lm, "鹿野 电子书阅读器 - 鹿鸣网", product_body(lm, G["book"][3], "鹿野数码专营店", crumbs="数码 &gt; 电子书", boilerplate=False),
                      extra_css=PRODUCT_CSS))


# =========================================================================== termination_notice
REL_JS = """<script>
(function () {
  var d = new Date(); d.setDate(d.getDate() + {{days}});
  document.getElementById('§{{id}}').textContent = d.getFullYear() + '年' + (d.getMonth() + 1) + '月' + d.getDate() + '日';
})();
</script>"""


def stop_text(pl, stop, pub=None, pub_label="公告日期"):
    s = ("<b>【停止运营公告】</b>尊敬的用户：因公司经营战略调整，%s（运营主体：%s）将于<b>%s</b>起停止提供网络交易平台服务，"
         "届时将关闭商品浏览、下单与支付功能。请您尽快处理未完成的订单、售后及账户余额。给您带来不便，敬请谅解。" % (pl["name"], pl["operator"], stop))
    if pub:
        s += '　<span class="§date">%s：%s</span>' % (pub_label, pub)
    return s + '　<a href="#">查看详情 &gt;</a>'


def build_notices():
    xh, qm, yj, cg, lm = P["xinghe"], P["qingmu"], P["yunjin"], P["chengguo"], P["luming"]

    def nh(pl, top, **kw):
        return home(pl, top=top, css=NOTICE_CSS + kw.pop("css", ""), **kw)

    reg("notice", "stop-ok-banner", "xinghe", "homepage", "semantic", "顶部公告：公告日期 2026年1月7日，停止服务 2026年3月1日，提前 53 天 ≥ 30",
        nh(xh, notice_bar(stop_text(xh, "2026年3月1日", "2026年1月7日"))), term=C)
    reg("notice", "stop-short-iso", "xinghe", "homepage", "semantic", "发布日期 2026-01-07，停止服务 2026-01-20，只提前 13 天 < 30",
        nh(xh, notice_bar(stop_text(xh, "2026-01-20", "2026-01-07", "发布日期"))), dodge="公示期不足（ISO 日期）", term=V)
    reg("notice", "stop-chinese-numerals", "qingmu", "homepage", "hashed", "汉字日期：公告日期 二〇二六年一月七日，停止 二〇二六年一月二十日，13 天 < 30",
        nh(qm, notice_bar(stop_text(qm, "二〇二六年一月二十日", "二〇二六年一月七日"))), dodge="公示期不足（汉字数字日期）", term=V)
    reg("notice", "stop-slash-30days", "qingmu", "homepage", "hashed", "斜杠日期：发布 2026/1/7，停止 2026/2/6，正好 30 天（边界，合规）",
        nh(qm, notice_bar(stop_text(qm, "2026/2/6", "2026/1/7", "发布时间"))), term=C)
    reg("notice", "stop-no-year-short", "luming", "homepage", "semantic", "公告日期 2025年12月5日，停止日期只写“12月31日”（同年），26 天 < 30",
        nh(lm, notice_bar(stop_text(lm, "12月31日", "2025年12月5日"))), dodge="公示期不足（停止日期无年份）", term=V)
    reg("notice", "stop-no-year-rollover", "luming", "homepage", "semantic", "公告日期 2025年12月10日，停止日期“1月31日”无年份，应理解为次年 2026-01-31，52 天 ≥ 30",
        nh(lm, notice_bar(stop_text(lm, "1月31日", "2025年12月10日"))), term=C)
    reg("notice", "stop-60days-90rule", "yunjin", "homepage", "late", "注册表 notice_days: 90；公告 2026年1月5日，停止 2026年3月6日，60 天 < 90",
        nh(yj, notice_bar(stop_text(yj, "2026年3月6日", "2026年1月5日"))), dodge="公示期不足 90 天（2014 指引）", term=V)
    reg("notice", "stop-100days-late", "yunjin", "homepage", "late", "notice_days: 90；公告条 1.5 秒后由脚本插入；公告 2026年1月5日，停止 2026年4月15日，100 天 ≥ 90",
        nh(yj, late_html("notice-slot", notice_bar(stop_text(yj, "2026年4月15日", "2026年1月5日")), 1500)), term=C)
    marquee_css = """.§mq{background:#fff3f0;border-bottom:1px solid #f5c6bb;height:34px;overflow:hidden;position:relative;font-size:14px;line-height:34px;color:#a8320f}
.§mq-label{position:absolute;left:0;top:0;z-index:2;background:#ff6a00;color:#fff;padding:0 12px}
.§mq-track{position:absolute;left:110px;white-space:nowrap;animation:§mq-run 40s linear infinite}
@keyframes §mq-run{from{transform:translateX(0)}to{transform:translateX(-100%)}}"""
    mq = ('<div class="§mq"><span class="§mq-label">平台公告</span><div class="§mq-track">'
          "橙果集市停止服务公告：橙果集市将于 2026-02-15 起停止平台全部交易服务，请用户及时处理订单与余额（发布日期 2026-02-01）"
          "　　　　温馨提示：请认准官方客服渠道，谨防诈骗。</div></div>")
    reg("notice", "marquee-short", "chengguo", "homepage", "hashed", "滚动跑马灯公告：发布 2026-02-01，停止 2026-02-15，14 天 < 30",
        nh(cg, mq, css=marquee_css), dodge="公示期不足（跑马灯）", term=V)
    reg("notice", "late-bar-ok", "luming", "homepage", "late", "公告条 1.5 秒后插入页顶：公告日期 2026年1月10日，停止 2026年4月1日，81 天 ≥ 30",
        nh(lm, late_html("notice-slot", notice_bar(stop_text(lm, "2026年4月1日", "2026年1月10日")), 1500)), term=C)
    trap = stop_text(xh, "2026年1月31日", "2026年1月7日").replace(
        "给您带来不便", "停止服务后，用户仍可于 2026年4月30日 前登录申请账户余额退款及个人数据导出。给您带来不便")
    reg("notice", "max-date-trap", "xinghe", "homepage", "semantic", "公告 2026年1月7日，停止 2026年1月31日（24 天 < 30）；文中另有“2026年4月30日前申请退款”，不是停止日期",
        nh(xh, notice_bar(trap)), dodge="多个日期混淆（最晚日期不是停止日期）", term=V)
    box_css = """.§ann{background:#fff;margin-top:12px;padding:16px 20px}
.§ann h3{font-size:18px;border-left:4px solid #ff6a00;padding-left:10px;margin-bottom:10px}
.§ann li{display:flex;justify-content:space-between;line-height:30px;border-bottom:1px dashed #eee;font-size:14px}
.§ann li span{color:#999}
.§ann .§ann-body{font-size:14px;line-height:24px;color:#444;background:#fff8f2;padding:10px 12px;margin:6px 0 8px}"""
    box = ("""<div class="§w"><div class="§ann"><h3>平台公告</h3><ul>
<li><a href="#"><b>橙果集市关于停止平台服务的公告</b></a><span>2026-01-06</span></li></ul>
<div class="§ann-body">橙果集市将于 2026年3月31日 24 时起停止全部网络交易平台服务，并关闭商家后台和用户下单功能。请商家与消费者妥善处理在途订单、售后和保证金。</div>
<ul><li><a href="#">关于 2026 年春节期间物流配送安排的说明</a><span>2026-01-02</span></li>
<li><a href="#">关于调整部分类目保证金标准的通知</a><span>2025-12-20</span></li></ul></div></div>""")
    reg("notice", "announce-box-ok", "chengguo", "homepage", "hashed", "首页“平台公告”栏：标题旁日期 2026-01-06，正文停止日期 2026年3月31日，84 天 ≥ 30",
        home(cg, main_extra_before=box, css=box_css), term=C)
    # ---- dates written by JS relative to today (no publish date: first capture is the publication)
    rel = lambda pl, days: notice_bar(stop_text(pl, '<span id="§stopdate"></span>') + T(REL_JS, days=days, id="stopdate"))
    reg("notice", "relative-10d", "xinghe", "homepage", "semantic", "无发布日期；停止日期由脚本写成“今天 + 10 天”：首次看到即视为发布，10 < 30",
        nh(xh, rel(xh, 10)), dodge="无发布日期，停止日期临近", term=V)
    reg("notice", "relative-60d", "qingmu", "homepage", "hashed", "无发布日期；停止日期 = 今天 + 60 天，60 ≥ 30",
        nh(qm, rel(qm, 60)), term=C)
    reg("notice", "relative-60d-90rule", "yunjin", "homepage", "late", "notice_days: 90；无发布日期；停止日期 = 今天 + 60 天，60 < 90",
        nh(yj, rel(yj, 60)), dodge="无发布日期，不足 90 天", term=V)
    # ---- decoys
    promo = notice_bar("<b>【活动公告】</b>星河年货节全场满 299 减 50，活动将于 2026年1月20日 24:00 结束，结束后优惠券自动失效，未使用的满减资格不予保留。"
                       '　<span class="§date">发布日期：2026年1月7日</span>')
    reg("notice", "promo-ending", "xinghe", "homepage", "semantic", "公告是“年货节活动将于 2026年1月20日结束”：活动结束不是平台停止服务",
        nh(xh, promo))
    clear = notice_bar("<b>【商家治理公告】</b>为净化经营环境，青木优选将于 2026年2月1日起清退部分长期未经营及违规商家，相关店铺将停止服务并关闭。"
                       "平台其他服务不受影响。" '　<span class="§date">公告日期：2026年1月20日</span>')
    reg("notice", "merchant-clearance", "qingmu", "homepage", "hashed", "“平台将清退部分商家，相关店铺将停止服务”：不是平台本身停止服务",
        nh(qm, clear))
    coupon = notice_bar("<b>【温馨提醒】</b>您账户中的 3 张优惠券将于 2026年1月31日 过期，请尽快使用。"
                        '　<span class="§date">2026年1月24日</span>')
    reg("notice", "coupon-expiring", "luming", "homepage", "semantic", "“优惠券将于 2026年1月31日过期”提醒：不是停止服务",
        nh(lm, coupon))
    upgrade = notice_bar("<b>【系统升级公告】</b>橙果二手频道将于 2026年1月15日 00:00 至 06:00 暂停服务进行系统升级，升级完成后自动恢复，主站购物不受影响。"
                         '　<span class="§date">公告日期：2026年1月12日</span>')
    reg("notice", "channel-upgrade", "chengguo", "homepage", "hashed", "“二手频道暂停服务升级 6 小时”：频道维护，不是平台停止服务",
        nh(cg, upgrade))


def build_all():
    build_index()
    build_license()
    build_ads()
    build_popups()
    build_self()
    build_notices()
    return PAGES
