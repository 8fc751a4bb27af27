"""Public-only captures: every request the page makes (the document, its redirects, subresources) is held by CDP
Fetch until its host is known to resolve to a public address; requests to loopback, private or link-local
addresses are refused and recorded. A console reachable by others must not let its browser read internal services,
not even through a public page that redirects or embeds them."""
from __future__ import annotations

import asyncio
import ipaddress
import socket
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import CDPSession

IP = ipaddress.IPv4Address | ipaddress.IPv6Address


def non_public(ip: IP) -> str | None:
    """What kind of non-public address this is, in the words an inspector reads; None when public."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return "本机（环回）地址"
    if ip.is_link_local:
        return "链路本地地址"
    if ip.is_private or ip.is_reserved or ip.is_unspecified or ip.is_multicast or not ip.is_global:
        return "内网或保留地址"
    return None


async def resolve(host: str) -> list[IP]:
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    infos = await asyncio.to_thread(socket.getaddrinfo, host, None, 0, socket.SOCK_STREAM)
    return [ipaddress.ip_address(str(i[4][0]).split("%", 1)[0]) for i in infos]


def refusal_of(host: str, addresses: list[IP]) -> str | None:
    """Why a host may not be fetched (its first non-public address), or None."""
    for ip in addresses:
        kind = non_public(ip)
        if kind:
            return f"{host} 解析为{kind} {ip}"
    return None


async def refusal(host: str) -> str | None:
    """As refusal_of, resolving the host first. Unresolvable hosts pass: the browser then fails on them itself."""
    try:
        return refusal_of(host, await resolve(host))
    except OSError:
        return None


class PublicOnlyGuard:
    def __init__(self, session: CDPSession) -> None:
        self.session = session
        self.blocked: list[dict[str, Any]] = []
        self._hosts: dict[str, str | None] = {}

    async def start(self) -> None:
        self.session.on("Fetch.requestPaused", lambda p: asyncio.ensure_future(self._decide(p)))
        await self.session.send("Fetch.enable", {"patterns": [{"urlPattern": "*", "requestStage": "Request"}]})

    async def _decide(self, p: dict[str, Any]) -> None:
        url = p["request"]["url"]
        host = urlsplit(url).hostname or ""
        if host not in self._hosts:
            self._hosts[host] = await refusal(host)
        why = self._hosts[host]
        try:
            if why is None:
                await self.session.send("Fetch.continueRequest", {"requestId": p["requestId"]})
            else:
                self.blocked.append({"url": url[:500], "reason": why, "resource_type": p.get("resourceType")})
                await self.session.send("Fetch.failRequest", {"requestId": p["requestId"], "errorReason": "AccessDenied"})
        except Exception:
            pass  # the page or its context closed meanwhile
