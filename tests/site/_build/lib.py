"""Building blocks for the xunjian fixture site (tests/site).

Everything here is fictional: platforms, operators, shops, brands, licence numbers,
ICP / 公网安备 numbers. Class and id names are written with a "§" prefix
(e.g. class="§footer"); the skin decides what they become:
  semantic / late -> the plain name ("footer")
  hashed          -> CSS-in-JS style tokens ("sc-AbCdEf css-1x9f2k"), no meaning left.
"""
import fnmatch
import hashlib
import html
import json
import re

# --------------------------------------------------------------------------- platforms
PLATFORMS = {
    "xinghe": dict(
        dir="xingheshop", name="星河商城", short="星河", operator="星河云购电子商务有限公司",
        uscc="91330106MA2H7XK41P", icp="浙ICP备19038812号-1", gongan="浙公网安备 33010602011234号",
        b2="浙B2-20190417", addr="浙江省杭州市西湖区文三路 88 号星河大厦 12 层", legal="周明远",
        founded="2016年03月18日", capital="5000万元人民币", authority="杭州市西湖区市场监督管理局",
        theme="#5b3cc4", theme2="#efeafc", since=2016,
        self_operated=["星河自营", "星河超市", "*星河自营旗舰店"], notice_days=None,
    ),
    "qingmu": dict(
        dir="qingmu", name="青木优选", short="青木", operator="青木优选网络科技（苏州）有限公司",
        uscc="91320594MA1X3PQ27C", icp="苏ICP备20041177号-2", gongan="苏公网安备 32059002003381号",
        b2="苏B2-20200356", addr="江苏省苏州市工业园区星湖街 328 号 7 幢", legal="沈若溪",
        founded="2018年09月02日", capital="2000万元人民币", authority="苏州工业园区市场监督管理局",
        theme="#2f9d62", theme2="#e8f6ee", since=2018,
        self_operated=None, notice_days=None,
    ),
    "yunjin": dict(
        dir="yunjin", name="云锦购", short="云锦", operator="云锦数字商贸（成都）有限公司",
        uscc="91510100MA6CJ8WR5D", icp="蜀ICP备18027765号-3", gongan="川公网安备 51019002001846号",
        b2="川B2-20180219", addr="四川省成都市高新区天府大道中段 1366 号 5 栋", legal="罗子衿",
        founded="2017年06月11日", capital="3000万元人民币", authority="成都高新技术产业开发区市场监督管理局",
        theme="#c8161d", theme2="#fdecec", since=2017,
        self_operated=["云锦自营", "云锦优品馆"], notice_days=90,
    ),
    "chengguo": dict(
        dir="chengguo", name="橙果集市", short="橙果", operator="橙果互联网信息服务（武汉）有限公司",
        uscc="91420100MA4K2NT83E", icp="鄂ICP备21008834号-1", gongan="鄂公网安备 42010202002217号",
        b2="鄂B2-20210088", addr="湖北省武汉市东湖新技术开发区光谷大道 77 号", legal="韩知秋",
        founded="2019年12月20日", capital="1000万元人民币", authority="武汉东湖新技术开发区市场监督管理局",
        theme="#ff6a00", theme2="#fff1e6", since=2019,
        self_operated=["橙果直营店", "橙果自营*"], notice_days=None,
    ),
    "luming": dict(
        dir="luming", name="鹿鸣网", short="鹿鸣", operator="鹿鸣电子商务（厦门）有限公司",
        uscc="91350200MA8RX6UK0W", icp="闽ICP备17026653号-1", gongan="闽公网安备 35020302034410号",
        b2="闽B2-20170531", addr="福建省厦门市思明区观音山路 19 号 21 层", legal="林听澜",
        founded="2015年08月08日", capital="8000万元人民币", authority="厦门市思明区市场监督管理局",
        theme="#7a4a1e", theme2="#f6efe7", since=2015,
        self_operated=None, notice_days=None,
    ),
}
for _k, _p in PLATFORMS.items():
    _p["id"] = _k
    assert len(_p["uscc"]) == 18, _p["uscc"]

# Shop licences shown on the licence lighting page (/gov/license-view.html?id=...)
SHOP_LICENCES = {
    "shop-mhfs": dict(name="苏州木禾服饰有限公司", uscc="91320505MA25R8KX6L", legal="陆青禾",
                      addr="江苏省苏州市高新区竹园路 16 号", founded="2020年05月06日", capital="200万元人民币",
                      authority="苏州高新区市场监督管理局"),
    "shop-lyds": dict(name="厦门鹿野数码科技有限公司", uscc="91350203MA33W7LQ8F", legal="黄予安",
                      addr="福建省厦门市思明区软件园二期望海路 10 号", founded="2019年11月21日", capital="100万元人民币",
                      authority="厦门市思明区市场监督管理局"),
    "shop-cjcj": dict(name="阳江川泽厨具有限公司", uscc="91441702MA54NX2H3R", legal="梁川泽",
                      addr="广东省阳江市江城区五金刀具产业园 3 号", founded="2018年04月12日", capital="500万元人民币",
                      authority="阳江市江城区市场监督管理局"),
    "shop-sjjf": dict(name="南通松间家纺有限公司", uscc="91320612MA1WQ3D50K", legal="施松间",
                      addr="江苏省南通市通州区川姜镇家纺城 B 区 208 号", founded="2017年07月30日", capital="300万元人民币",
                      authority="南通市通州区市场监督管理局"),
}


def is_self(pl, shop):
    pats = pl["self_operated"] or []
    return any(fnmatch.fnmatchcase(shop, p) for p in pats)


# --------------------------------------------------------------------------- skins
def _h(s, n=6, alphabet="0123456789abcdefghijklmnopqrstuvwxyz"):
    d = int(hashlib.sha1(s.encode()).hexdigest(), 16)
    out = ""
    for _ in range(n):
        d, r = divmod(d, len(alphabet))
        out += alphabet[r]
    return out


_SC_ALPHA = "abcdefghijklmnopqrstuvwxyzABCEFGHKLMNPQRSUVWXYZ"  # no D/J/T/O/I: avoids "JD", "TB"-like and 0/O-1/I confusion


def apply_skin(doc, skin, salt):
    if skin in ("semantic", "late"):
        return doc.replace("§", "")
    assert skin == "hashed"
    mapping = {}

    def tok(m):
        name = m.group(1)
        if name not in mapping:
            mapping[name] = "css-" + _h(salt + ":" + name)
        return mapping[name]

    doc = re.sub(r"§([a-zA-Z][a-zA-Z0-9_-]*)", tok, doc)

    # styled-components look: prepend a component token to each hashed class list
    def sc(m):
        q1, val, q2 = m.group(1), m.group(2), m.group(3)
        toks = val.split()
        if toks and all(t.startswith("css-") for t in toks):
            val = "sc-" + _h("sc:" + salt + toks[0], 6, _SC_ALPHA) + " " + val
        return "class=" + q1 + val + q2

    doc = re.sub(r'class=(\\?")([^"\\]*)(\\?")', sc, doc)
    leftover = re.findall(r'class=\\?"([^"\\]*)', doc)
    for v in leftover:
        for t in v.split():
            assert t.startswith(("css-", "sc-")), ("semantic class leaked into hashed page", t)
    return doc


# --------------------------------------------------------------------------- helpers
def T(s, **kw):
    """Replace {{key}} tokens (keeps CSS/JS braces intact)."""
    for k, v in kw.items():
        s = s.replace("{{" + k + "}}", str(v))
    assert "{{" not in s, re.findall(r"\{\{\w+\}\}", s)
    return s


def js_str(s):
    return json.dumps(s, ensure_ascii=False).replace("</", "<\\/")


esc = html.escape


def late_html(slot_id, inner, ms, placeholder="", tag="div", cls=""):
    """A placeholder that a timer replaces with `inner` after `ms` milliseconds."""
    return T("""<{{tag}} id="§{{id}}"{{cls}}>{{ph}}</{{tag}}>
<script>
setTimeout(function () {
  var el = document.getElementById('§{{id}}');
  if (el) { el.outerHTML = {{html}}; }
}, {{ms}});
</script>""", tag=tag, id=slot_id, ph=placeholder, html=js_str(inner), ms=ms,
             cls=(' class="%s"' % cls) if cls else "")


def scroll_html(slot_id, inner, placeholder="加载中…"):
    """A sentinel that is replaced by `inner` only once it is scrolled into view."""
    return T("""<div id="§{{id}}" style="height:60px;line-height:60px;text-align:center;color:#bbb;font-size:12px">{{ph}}</div>
<script>
(function () {
  var el = document.getElementById('§{{id}}');
  var io = new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      if (e.isIntersecting) {
        io.disconnect();
        setTimeout(function () { el.outerHTML = {{html}}; }, 300);
      }
    });
  });
  io.observe(el);
})();
</script>""", id=slot_id, ph=placeholder, html=js_str(inner))


# --------------------------------------------------------------------------- catalogue
# (title, price, image no., comments)
GOODS = {
    "earphone": [
        ("墨岩 Q3 真无线蓝牙耳机 主动降噪 长续航 入耳式运动耳机", "299.00", 1, "2万+"),
        ("澜屿 AirLite 半入耳蓝牙耳机 通话降噪 超低延迟游戏耳机", "159.00", 1, "5000+"),
        ("栖木 Pods S 开放式骨传导耳机 跑步不掉 IP68 防水", "469.00", 2, "1万+"),
        ("晴川 BT-60 头戴式无线耳机 可折叠 电脑网课耳麦", "229.00", 2, "3000+"),
        ("朔风 Sport 挂耳式运动蓝牙耳机 防汗 双耳立体声", "89.90", 1, "8000+"),
        ("墨岩 Q5 Pro 旗舰降噪耳机 空间音频 无线充电盒", "699.00", 2, "1万+"),
        ("甘棠 迷你睡眠耳机 侧睡不压耳 超小隐形", "119.00", 1, "2000+"),
        ("澜屿 Neo 有线耳机 Type-C 接口 带麦线控", "39.90", 2, "10万+"),
        ("青砾 儿童蓝牙耳机 85dB 护耳限音 头戴式", "139.00", 2, "600+"),
        ("雾岚 颈挂式蓝牙耳机 磁吸 运动跑步 超长待机", "79.00", 1, "4000+"),
        ("墨岩 Q3 青春版 真无线耳机 半入耳 轻巧", "149.00", 1, "3万+"),
        ("栖木 Open Ear 气传导耳机 不入耳 舒适佩戴", "329.00", 2, "900+"),
    ],
    "kitchen": [
        ("澜屿 空气炸锅 5.5L 大容量 可视窗口 无油低脂", "329.00", 3, "5万+"),
        ("川泽 304 不锈钢炒锅 32cm 无涂层 少油烟 燃气电磁炉通用", "259.00", 4, "2万+"),
        ("澜屿 智能电饭煲 4L 球釜内胆 预约定时", "399.00", 3, "3万+"),
        ("甘棠 陶瓷刀具套装 五件套 抗菌砧板", "128.00", 4, "6000+"),
        ("栖木 竹制厨房置物架 台面调料收纳架", "69.90", 4, "1万+"),
        ("朔北 东北五常大米 10kg 当季新米", "109.00", 9, "20万+"),
        ("澜屿 破壁料理机 静音 家用豆浆机 1.75L", "549.00", 3, "8000+"),
        ("雾岚 电热水壶 1.7L 304 内胆 自动断电", "79.00", 3, "4万+"),
        ("川泽 不粘煎锅 28cm 麦饭石色 平底锅", "139.00", 4, "1万+"),
        ("甘棠 玻璃保鲜盒 10件套 微波炉可用", "89.00", 4, "7000+"),
        ("澜屿 多功能料理锅 电火锅 一体 5L", "259.00", 3, "9000+"),
        ("朔北 压榨一级花生油 5L 家庭装", "99.90", 9, "6万+"),
    ],
    "outdoor": [
        ("晴川 三合一冲锋衣 男女款 防水防风 可拆卸抓绒内胆", "599.00", 5, "1万+"),
        ("朔风 轻量登山鞋 防滑耐磨 低帮徒步鞋", "399.00", 11, "8000+"),
        ("晴川 户外双肩包 40L 防泼水 登山包", "259.00", 5, "5000+"),
        ("岷山 碳素登山杖 超轻 三节伸缩", "129.00", 5, "3000+"),
        ("朔风 速干T恤 男款 运动短袖 冰感透气", "79.00", 5, "2万+"),
        ("晴川 自动帐篷 3-4 人 速开 防雨 露营", "469.00", 5, "2000+"),
        ("岷山 户外保温壶 1L 316 不锈钢 大容量", "139.00", 6, "9000+"),
        ("朔风 防晒衣 UPF50+ 轻薄透气 皮肤衣", "159.00", 5, "3万+"),
        ("晴川 羽绒睡袋 -10℃ 露营加厚", "329.00", 5, "1000+"),
        ("岷山 折叠露营椅 月亮椅 铝合金", "119.00", 5, "6000+"),
        ("朔风 运动速干裤 男 弹力 户外徒步", "149.00", 5, "7000+"),
        ("晴川 头灯 强光 USB 充电 防水", "59.00", 6, "1万+"),
    ],
    "daily": [
        ("溪禾 婴儿湿巾 80抽×10包 手口可用", "59.90", 7, "10万+"),
        ("甘棠 抽纸 3层120抽×24包 整箱", "45.90", 7, "50万+"),
        ("雾岚 洗衣液 2kg×3瓶 持久留香 机洗手洗", "79.00", 6, "20万+"),
        ("溪禾 婴儿纸尿裤 L码 52片 超薄透气", "119.00", 7, "3万+"),
        ("半夏 氨基酸洗面奶 120g 温和清洁", "69.00", 6, "8万+"),
        ("听松 香薰蜡烛 礼盒 木质调 220g", "88.00", 6, "4000+"),
        ("甘棠 厨房纸巾 4卷 吸油吸水", "19.90", 7, "9万+"),
        ("雾岚 洗洁精 1.5kg×2 瓶 食品级", "29.90", 6, "7万+"),
        ("半夏 保湿面霜 50g 修护屏障", "159.00", 6, "2万+"),
        ("溪禾 儿童牙膏 60g×2 支 含氟防蛀", "39.90", 6, "1万+"),
        ("月湾 猫砂 豆腐猫砂 6L×4包", "69.00", 7, "6万+"),
        ("听松 车载香薰 出风口 淡香", "49.00", 6, "5000+"),
    ],
    "tea": [
        ("雾岚 明前龙井 绿茶 250g 礼盒装", "268.00", 8, "6000+"),
        ("原野 云南古树普洱 熟茶饼 357g", "198.00", 8, "3000+"),
        ("竹影 手工粗陶茶具套装 一壶四杯", "159.00", 8, "2000+"),
        ("雾岚 正山小种 红茶 罐装 150g", "139.00", 8, "4000+"),
        ("原野 福鼎白茶 寿眉 紧压茶饼 300g", "229.00", 8, "1500+"),
        ("竹影 玻璃公道杯 耐热 带滤网", "39.00", 8, "8000+"),
        ("雾岚 茉莉花茶 100g 浓香型", "59.00", 8, "1万+"),
        ("蓉城 麻辣牛肉干 200g 四川特产", "49.90", 9, "3万+"),
        ("青衣江 峨眉雪芽 绿茶 礼盒 200g", "299.00", 8, "900+"),
        ("蓉城 火锅底料 牛油 500g×2", "39.90", 9, "6万+"),
        ("原野 大红袍 岩茶 罐装 125g", "178.00", 8, "2500+"),
        ("竹影 旅行茶具 便携快客杯", "69.00", 8, "5000+"),
    ],
    "book": [
        ("《城市与山野》精装 随笔集 白塔文库", "58.00", 12, "1万+"),
        ("儿童百科全书 全 10 册 注音版", "129.00", 12, "5万+"),
        ("《从零开始学摄影》第 3 版 彩印", "79.00", 12, "8000+"),
        ("鹿野 电子书阅读器 7 英寸 墨水屏", "899.00", 10, "6000+"),
        ("白塔 手账本 A5 点阵 皮面", "39.90", 12, "2万+"),
        ("青砾 中性笔 0.5mm 黑色 12 支装", "16.90", 12, "30万+"),
        ("《家常菜 1000 例》 全彩图解", "45.00", 12, "3万+"),
        ("鹿野 机械键盘 87 键 茶轴 有线", "259.00", 10, "1万+"),
        ("青砾 学生书包 护脊减负 大容量", "169.00", 5, "7000+"),
        ("鹿野 无线鼠标 静音 办公", "59.00", 10, "4万+"),
        ("白塔 台历 2027 年 创意桌面摆件", "29.90", 12, "5000+"),
        ("鹿野 桌面显示器支架 单臂 升降", "199.00", 10, "3000+"),
    ],
    "billboard": [
        ("户外广告牌支架 铝合金 双面展示架 可折叠", "168.00", 12, "900+"),
        ("手持广告扇 定制印字 开业宣传 100 把", "85.00", 12, "2000+"),
        ("广告伞 大号太阳伞 定制 logo 庭院遮阳", "239.00", 5, "600+"),
        ("A 字型广告展板 黑板 店铺门口 立式", "69.00", 12, "3000+"),
        ("易拉宝 80×200 广告展架 含画面设计", "59.00", 12, "1万+"),
        ("LED 电子广告屏 门头 走字屏 室内", "399.00", 10, "800+"),
        ("亚克力桌牌 广告台卡 A4 三角立牌", "12.90", 12, "5000+"),
        ("广告气球 印字 开业 100 只装", "29.90", 7, "4000+"),
        ("磁吸广告贴 车身 可移除", "49.00", 12, "700+"),
        ("灯箱广告布 喷绘 定制 防水", "35.00", 12, "1500+"),
    ],
}

BRAND_FILTERS = {
    "earphone": ["墨岩", "澜屿", "栖木", "晴川", "朔风", "甘棠"],
    "kitchen": ["澜屿", "川泽", "甘棠", "栖木", "朔北", "雾岚"],
    "outdoor": ["晴川", "朔风", "岷山"],
    "daily": ["溪禾", "甘棠", "雾岚", "半夏", "听松", "月湾"],
    "tea": ["雾岚", "原野", "竹影", "蓉城", "青衣江"],
    "book": ["白塔", "鹿野", "青砾"],
    "billboard": ["展艺", "众标", "立方"],
}

CATEGORIES = [
    ("家用电器", "电视 / 空调 / 洗衣机"), ("手机 / 数码", "耳机 / 相机 / 智能设备"),
    ("电脑 / 办公", "笔记本 / 键盘 / 打印机"), ("家居 / 厨具", "锅具 / 收纳 / 家纺"),
    ("男装 / 女装", "外套 / 衬衫 / 针织"), ("美妆 / 个护", "面部护肤 / 洗发"),
    ("母婴 / 玩具", "纸尿裤 / 奶粉 / 童装"), ("运动 / 户外", "冲锋衣 / 登山鞋 / 帐篷"),
    ("食品 / 生鲜", "大米 / 茶叶 / 水果"), ("图书 / 文具", "童书 / 小说 / 笔记本"),
]

NEWS = [
    "[公告] 关于 2027 年春节期间物流配送安排的说明",
    "[特惠] 家电以旧换新补贴规则说明",
    "[公告] 平台消费者权益保护服务升级",
    "[热议] 冬季户外装备怎么选？",
    "[公告] 谨防冒充客服诈骗的提醒",
]
