"""The platform registry (config/platforms.yaml), validated strictly: a typo is an error naming the key."""
from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from croniter import croniter

from crawler.urls import BadURL, validate_url

DEFAULT_REGISTRY = Path("config/platforms.yaml")
PLATFORM_KEYS = {
    "id": str, "name": str, "operator": str, "homepage": str, "self_operated": (dict, type(None)),
    "search_url": str, "keywords": list, "product_pattern": str, "shop_pattern": str, "max_pages": int,
    "schedule": str, "notice_days": int,
}
REQUIRED = ("id", "name", "operator", "homepage")


class RegistryError(ValueError):
    pass


def load_registry(path: str | Path) -> dict[str, dict[str, Any]]:
    """Platforms by id."""
    p = Path(path)
    if not p.exists():
        raise RegistryError(f"找不到平台登记文件：{p}")
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        raise RegistryError(f"{p}: YAML 格式错误：{e}") from None
    if not isinstance(data, dict) or set(data) != {"platforms"} or not isinstance(data["platforms"], list):
        extra = sorted(set(data) - {"platforms"}) if isinstance(data, dict) else []
        raise RegistryError(f"{p}: 顶层只能有 platforms 列表" + (f"（未知键：{', '.join(extra)}）" if extra else ""))
    out: dict[str, dict[str, Any]] = {}
    for n, entry in enumerate(data["platforms"], 1):
        where = f"{p}: 第{n}个平台"
        if not isinstance(entry, dict):
            raise RegistryError(f"{where}应为键值映射")
        if "id" in entry:
            where += f"（{entry['id']}）"
        unknown = sorted(set(entry) - set(PLATFORM_KEYS))
        if unknown:
            raise RegistryError(f"{where}: 未知键 {', '.join(unknown)}")
        for key in REQUIRED:
            if not entry.get(key):
                raise RegistryError(f"{where}: 缺少必填键 {key}")
        for key, value in entry.items():
            if not isinstance(value, PLATFORM_KEYS[key]) or isinstance(value, bool):
                raise RegistryError(f"{where}: 键 {key} 的类型不对（{type(value).__name__}）")
        try:
            validate_url(entry["homepage"])
            if "search_url" in entry:
                validate_url(entry["search_url"].replace("{q}", "q"))
        except BadURL as e:
            raise RegistryError(f"{where}: {e}") from None
        so = entry.get("self_operated")
        if isinstance(so, dict):
            if set(so) != {"sellers"} or not isinstance(so["sellers"], list) or not all(isinstance(s, str) and s for s in so["sellers"]):
                bad = sorted(set(so) - {"sellers"})
                raise RegistryError(f"{where}: self_operated 只能含 sellers 字符串列表" + (f"（未知键：{', '.join(bad)}）" if bad else ""))
        if "schedule" in entry and not croniter.is_valid(entry["schedule"]):
            raise RegistryError(f"{where}: schedule 不是有效的 cron 表达式：{entry['schedule']!r}（例：\"0 2 * * *\"）")
        if entry.get("notice_days", 30) <= 0:
            raise RegistryError(f"{where}: notice_days 必须为正整数")
        if entry["id"] in out:
            raise RegistryError(f"{where}: id {entry['id']} 重复")
        entry.setdefault("self_operated", None)
        entry.setdefault("notice_days", 30)
        out[entry["id"]] = entry
    return out


def platform_for_url(platforms: dict[str, dict[str, Any]], url: str) -> dict[str, Any] | None:
    """The registry entry the URL belongs to: the longest homepage folder it lies under, else a unique host match."""
    by_folder = [(len(base), e) for e in platforms.values()
                 if url.startswith(base := e["homepage"].rsplit("/", 1)[0] + "/")]
    if by_folder:
        return max(by_folder, key=lambda t: t[0])[1]
    try:
        host = urlsplit(url).netloc.lower()
    except ValueError:
        return None
    same_host = [e for e in platforms.values() if urlsplit(e["homepage"]).netloc.lower() == host]
    return same_host[0] if len(same_host) == 1 else None


def is_homepage(entry: dict[str, Any], url: str) -> bool:
    strip = lambda u: u.split("#")[0].rstrip("/")  # noqa: E731
    return strip(url) == strip(entry["homepage"])
