"""The Chinese words inspectors read for the project's ids, in one place for the CLI, sheets, exports and console."""
from __future__ import annotations

CHECK_NAMES = {"license_display": "亮照", "ad_label": "广告标识", "popup_close": "弹窗关闭",
               "self_operated_label": "自营标记", "termination_notice": "终止公告"}
VERDICT_LABELS = {"violation": "违法", "compliant": "合规", "not_applicable": "不适用", "inconclusive": "无法判断"}
ROLE_LABELS = {"homepage": "首页", "search": "搜索页", "product": "商品页", "shop": "店铺页"}
