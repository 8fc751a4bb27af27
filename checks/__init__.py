"""The compliance checks: pure judgements over page facts (no browser, no database)."""
from __future__ import annotations

from typing import Any

from . import ad_label, license_display, popup_close, self_operated_label, termination_notice
from .base import CHECK_IDS, VERDICTS, Check, Context, Finding
from .roles import guess_role

CHECKS: list[Check] = [license_display.CHECK, ad_label.CHECK, popup_close.CHECK, self_operated_label.CHECK,
                       termination_notice.CHECK]
assert tuple(c.id for c in CHECKS) == CHECK_IDS


def judge_all(facts: dict[str, Any], context: Context) -> list[Finding]:
    """Every check on one page; each decides itself whether the page is its business."""
    findings: list[Finding] = []
    for check in CHECKS:
        findings.extend(check.judge(facts, context))
    return findings


def probe_specs() -> dict[str, dict[str, Any]]:
    specs: dict[str, dict[str, Any]] = {}
    for check in CHECKS:
        specs.update(check.probes)
    return specs


__all__ = ["CHECKS", "CHECK_IDS", "VERDICTS", "Context", "Finding", "judge_all", "probe_specs", "guess_role"]
