"""What counts as a capturable URL."""
from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


class BadURL(ValueError):
    pass


def validate_url(raw: str) -> str:
    """Return the URL if it is a well-formed http(s) URL; raise BadURL with a sentence naming the problem."""
    url = raw.strip()
    if not url:
        raise BadURL("URL为空")
    if any(ord(c) < 32 or c == " " for c in url):
        raise BadURL(f"URL格式错误（含空白或控制字符）：{raw!r}")
    try:
        parts = urlsplit(url)
    except ValueError as e:
        raise BadURL(f"URL格式错误（{e}）：{raw!r}") from None
    try:
        port = parts.port
    except ValueError:
        raise BadURL(f"URL端口无效（应为 1–65535 的数字）：{raw!r}") from None
    scheme = parts.scheme.lower()
    if not scheme:
        raise BadURL(f"URL缺少协议（应以 http:// 或 https:// 开头）：{raw!r}")
    if scheme not in ("http", "https"):
        raise BadURL(f"不支持的URL协议“{scheme}:”，只能取证 http 或 https 网页：{raw!r}")
    host = parts.hostname or ""
    if not host or host.startswith(".") or ".." in host or any(c in host for c in "<>\"'{}|\\^`"):
        raise BadURL(f"URL缺少有效的主机名：{raw!r}")
    if port == 0:
        raise BadURL(f"URL端口无效：{raw!r}")
    return urlunsplit((scheme, parts.netloc, parts.path or "/", parts.query, parts.fragment))
