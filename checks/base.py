"""What a check is (axe-core style: an id, its legal basis, the roles it applies to, a pure judge)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from .page import load_rules

DEFAULT_RULES = load_rules()

CHECK_IDS = ("license_display", "ad_label", "popup_close", "self_operated_label", "termination_notice")
VERDICTS = ("violation", "compliant", "not_applicable", "inconclusive")


@dataclass
class Finding:
    check: str
    verdict: str
    reason: str
    basis: str
    elements: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.check not in CHECK_IDS:
            raise ValueError(f"unknown check id {self.check!r}")
        if self.verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {self.verdict!r}")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Context:
    """What a judge may know besides the page: its role, its platform's registry entry, the thresholds, and what
    earlier captures saw (e.g. when a notice was first seen)."""
    role: str | None = None
    platform: dict[str, Any] | None = None
    history: dict[str, Any] = field(default_factory=dict)
    rules: dict[str, Any] = field(default_factory=lambda: dict(DEFAULT_RULES))


class Check(Protocol):
    id: str
    basis: str
    roles: tuple[str, ...]
    probes: dict[str, dict[str, Any]]  # live observations the crawler must make for this check

    def judge(self, facts: dict[str, Any], context: Context) -> list[Finding]: ...

