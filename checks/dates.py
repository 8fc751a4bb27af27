"""Chinese dates in notice text: 2026年1月7日, 二〇二六年一月七日, 2026-01-07, 2026/1/7, 1月7日 (no year)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
          "七": 7, "八": 8, "九": 9}
CN = "〇零○Ｏ一二两三四五六七八九十"


def cn_number(s: str) -> int:
    """Chinese numerals up to 99 (十二, 二十三, 三十一), or digit by digit for years (二〇二六)."""
    if s.isdigit():
        return int(s)
    if "十" not in s:
        n = 0
        for ch in s:
            n = n * 10 + DIGITS[ch]
        return n
    tens, _, ones = s.partition("十")
    return (DIGITS[tens] if tens else 1) * 10 + (DIGITS[ones] if ones else 0)


@dataclass
class FoundDate:
    year: int | None
    month: int
    day: int
    start: int
    end: int
    text: str

    def resolve(self, year: int) -> date | None:
        try:
            return date(self.year or year, self.month, self.day)
        except ValueError:
            return None


PATTERNS = [
    re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]?"),
    re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"),
    re.compile(rf"(?P<y>[{CN}]{{4}})\s*年\s*(?P<m>[{CN}]{{1,3}})\s*月\s*(?P<d>[{CN}]{{1,3}})\s*[日号]"),
    re.compile(r"(?<![\d年])(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]"),
    re.compile(rf"(?<![{CN}年])(?P<m>[{CN}]{{1,3}})\s*月\s*(?P<d>[{CN}]{{1,3}})\s*[日号]"),
]


def find_dates(text: str) -> list[FoundDate]:
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for rx in PATTERNS:
        for m in rx.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            try:
                y = cn_number(m.group("y")) if "y" in rx.groupindex else None
                mo, d = cn_number(m.group("m")), cn_number(m.group("d"))
            except KeyError:
                continue
            if not (1 <= mo <= 12 and 1 <= d <= 31) or (y is not None and not 1990 <= y <= 2100):
                continue
            found.append(FoundDate(y, mo, d, m.start(), m.end(), m.group(0)))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda f: f.start)
