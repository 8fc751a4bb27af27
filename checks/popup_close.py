"""Pop-up ads must close with one click on a clear close mark, and stay closed. Judged from the live probe's record."""
from __future__ import annotations

import re
from typing import Any

from .base import Context, Finding
from .page import contrast, element_ref

ID = "popup_close"
BASIS = ("《广告法》第四十四条（显著标明关闭标志，确保一键关闭）；《互联网广告管理办法》第十条；重庆规范 第二十四条")

NOT_AD = re.compile(r"登录|登陆|注册|密码|验证码|手机号|账号|扫码登录|cookie|Cookie|COOKIE|隐私政策|隐私保护|个人信息|同意并继续|"
                    r"年满\s*18|未成年|年龄|选择(所在)?(城市|地区)|切换(城市|地区)|配送至|收货地址|语言|Language|安全验证|滑块")
AD_SIGNS = re.compile(r"广告|优惠|领取|领券|红包|限时|特价|秒杀|折|立减|满\d+减|券|抢购|立即购买|马上抢|新人|礼包|福利|大促|"
                      r"狂欢|爆款|低至|免费领|¥|￥|元|下载APP|打开APP|活动|会员|专享")
AD_HREF = re.compile(r"aclk|adclick|/click\?|[?&](adid|ad_id)=|/ads?/|/adserver|promo|activity|campaign", re.I)


def is_ad(ov: dict[str, Any]) -> tuple[bool | None, str]:
    text = ov.get("text", "")
    signs = AD_SIGNS.findall(text)
    ad_links = [l["href"] for l in ov.get("links", []) if AD_HREF.search(l["href"])]
    if NOT_AD.search(text) and not ad_links and len(signs) < 2:
        return False, "登录、Cookie、年龄或地区等对话框，不是广告"
    if signs or ad_links or ov.get("iframes"):
        return True, "含推销内容" if signs else "含广告链接或广告框架"
    if ov.get("images") and ov.get("links"):
        return True, "图片链接弹窗"
    return None, "弹窗内容无法判断是否为广告（无文字、无链接）"


class PopupClose:
    id, basis = ID, BASIS
    roles = ("homepage", "search", "product", "shop")
    probes = {"popup": {}}

    def judge(self, facts: dict[str, Any], context: Context) -> list[Finding]:
        probe = facts.get("probes", {}).get("popup")
        if probe is None:
            return [Finding(ID, "inconclusive", "未能运行弹窗探测（页面无响应或取证中断），无法判断", BASIS)]
        findings = []
        frames = probe.get("frames", [])
        for n, ov in enumerate(probe.get("overlays", []), 1):
            ad, why = is_ad(ov)
            if ad is False:
                continue
            if ad is None and not ov.get("has_mask"):
                continue  # a small floating box with nothing promotional: page furniture, not a pop-up ad
            label = f"弹窗广告“{ov.get('text', '')[:20] or '图片'}”"
            box = ov["content_box"]
            if ad is None:
                findings.append(Finding(ID, "inconclusive", f"页面有遮罩弹窗，但{why}", BASIS,
                                        elements=[element_ref(box, ov.get("text", ""), coords="viewport")],
                                        evidence=[f for f in frames if f.startswith(f"probe-popup-{n}-")]))
                continue
            verdict, reason = self.verdict(ov, label, context.rules)
            own_frames = [f for f in frames if f.startswith(f"probe-popup-{n}-")]
            findings.append(Finding(ID, verdict, reason, BASIS,
                                    elements=[element_ref(box, ov.get("text", ""), coords="viewport", frame=own_frames[:1])]
                                    + ([element_ref(ov["clicked"]["box"], ov["clicked"]["text"] or "关闭标志", coords="viewport")]
                                       if ov.get("clicked") else []),
                                    evidence=own_frames))
        if not findings:
            return [Finding(ID, "not_applicable", "页面未出现弹窗广告", BASIS)]
        return findings

    @staticmethod
    def verdict(ov: dict[str, Any], label: str, rules: dict[str, Any]) -> tuple[str, str]:
        clicked = ov.get("clicked")
        marks = ov.get("marks", [])
        if clicked is None:
            if any(m.get("countdown") for m in marks):
                return "violation", f"{label}没有关闭标志，只有倒计时（“{next(m['text'] for m in marks if m.get('countdown'))}”）"
            if ov.get("mask_closes"):
                return "violation", f"{label}没有关闭标志，只能点击遮罩关闭"
            return "violation", f"{label}没有可识别的关闭标志，无法一键关闭"
        if clicked.get("countdown"):
            return "violation", f"{label}须等待倒计时后才能关闭（“{clicked['text']}”）"
        if ov.get("shown_ms") is not None and clicked.get("shown_ms") is not None and \
                (delay := (clicked["shown_ms"] - ov["shown_ms"]) / 1000) > rules["max_close_mark_delay_s"]:
            return "violation", f"{label}出现约 {delay:.1f} 秒后才出现关闭标志，不能立即一键关闭"
        problems = []
        w, h = clicked["box"][2], clicked["box"][3]
        if not clicked.get("shown") or clicked.get("opacity", 1) < rules["min_opacity"]:
            problems.append("关闭标志不可见")
        if not clicked.get("in_viewport"):
            problems.append("关闭标志位于屏幕可视范围之外")
        if min(w, h) < rules["min_close_mark_px"]:
            problems.append(f"关闭标志仅 {w:g}×{h:g}px，难以发现")
        if clicked.get("px") and contrast(clicked["px"]["fg"], clicked["px"]["bg"]) < rules["min_contrast"]:
            problems.append("关闭标志与背景几乎同色")
        if problems:
            return "violation", f"{label}的关闭标志不明显：{'、'.join(problems)}"
        if ov.get("error"):
            return "inconclusive", f"{label}关闭探测出错（{ov['error']}），无法判断"
        if ov.get("new_pages"):
            return "violation", f"点击{label}的关闭标志反而打开了新页面（{ov['new_pages'][0].get('url', '')[:60]}），关闭标志是假的"
        if ov.get("navigated_to"):
            return "violation", f"点击{label}的关闭标志反而跳转到了 {ov['navigated_to'][0][:60]}，关闭标志是假的"
        after = ov.get("after", {})
        if ov.get("dialogs") or (after.get("overlay_visible") and after.get("new_overlays")) or \
                any(re.search(r"确定|确认|是否|真的要", t) for t in after.get("new_overlays", [])):
            return "violation", f"{label}点击关闭后还要再次确认，不能一键关闭"
        if after.get("overlay_visible"):
            return "violation", f"点击{label}的关闭标志一次后弹窗仍未关闭"
        back = ov.get("end", {}).get("reappeared_after_s")
        if back is not None:
            return "violation", f"{label}关闭后 {back:g} 秒内再次弹出"
        return "compliant", f"{label}有明显的关闭标志，一次点击即关闭，且未再弹出"


CHECK = PopupClose()
