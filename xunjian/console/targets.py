"""Which capture targets the console may fetch: a console is reachable by others, so it must not become a way to make
the server's browser read loopback, private or link-local addresses (SSRF) unless the installation allows it."""
from __future__ import annotations

from urllib.parse import urlsplit

from crawler.guard import refusal_of, resolve


class TargetRefused(ValueError):
    pass


async def check_target(url: str, allow_private: bool) -> None:
    """Raise TargetRefused, with a sentence for the inspector, when the host resolves to a non-public address. (The
    capture itself then runs public-only too, so redirects and embedded requests cannot reach inside either.)"""
    if allow_private:
        return
    host = urlsplit(url).hostname or ""
    try:
        why = refusal_of(host, await resolve(host))
    except OSError:
        raise TargetRefused(f"无法解析主机名 {host}，未取证")
    if why:
        raise TargetRefused(f"拒绝取证：{why}。控制台只取证公网地址；如确需取证内网网站，"
                            f"请在配置中设置 allow_private_targets: true 或环境变量 XUNJIAN_ALLOW_PRIVATE_TARGETS=1")
