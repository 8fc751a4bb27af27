"""Which capture targets the console may fetch: a console is reachable by others, so it must not become a way to make
the server's browser read loopback, private or link-local addresses (SSRF) unless the installation allows it."""
from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit


class TargetRefused(ValueError):
    pass


def _bad(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return "本机（环回）地址"
    if ip.is_link_local:
        return "链路本地地址"
    if ip.is_private or ip.is_reserved or ip.is_unspecified or ip.is_multicast or not ip.is_global:
        return "内网或保留地址"
    return None


async def check_target(url: str, allow_private: bool) -> None:
    """Raise TargetRefused, with a sentence for the inspector, when the host resolves to a non-public address."""
    if allow_private:
        return
    host = urlsplit(url).hostname or ""
    try:
        infos = await asyncio.to_thread(socket.getaddrinfo, host, None, 0, socket.SOCK_STREAM)
    except OSError:
        raise TargetRefused(f"无法解析主机名 {host}，未取证")
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        kind = _bad(ip)
        if kind:
            raise TargetRefused(f"拒绝取证：{host} 解析为{kind} {ip}。控制台只取证公网地址；如确需取证内网网站，"
                                f"请在配置中设置 allow_private_targets: true 或环境变量 XUNJIAN_ALLOW_PRIVATE_TARGETS=1")
