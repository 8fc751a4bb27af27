"""A Redis frontier shared by sweep workers on many machines: scrapy-redis's scheduler with a queue that leases what
it hands out and a dupefilter scoped to one sweep.

A page a worker took leaves Redis only when its evidence is stored (`ack`). While the worker lives it renews its
leases; a worker that was killed stops renewing, its leases run out and the next `pop` anywhere puts the pages back.
Requests travel as JSON, not pickle: a shared Redis must not be able to run code in the workers.

Keys: {key}:pending (list of ids), {key}:data (hash id -> request), {key}:leases (zset id -> deadline, Redis time),
xunjian:sweep:{id}:seen (URLs admitted to the sweep), xunjian:sweep:{id}:open (admitted, not yet acknowledged).
"""
from __future__ import annotations

import json
import logging
from typing import Any

import redis
from scrapy import Request, Spider
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import Base
from urllib.parse import urldefrag

log = logging.getLogger(__name__)
FRONTIER_KEY = "xunjian:frontier"

_NOW = "local t = redis.call('TIME') local now = tonumber(t[1]) + tonumber(t[2]) / 1e6 "
PUSH = """
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 1 then
  redis.call('RPUSH', KEYS[1], ARGV[1]) redis.call('INCR', KEYS[3]) return 1 end
return 0"""
POP = _NOW + """
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now)) do
  redis.call('ZREM', KEYS[3], id) redis.call('LPUSH', KEYS[1], id) end
while true do
  local id = redis.call('LPOP', KEYS[1])
  if not id then return false end
  local data = redis.call('HGET', KEYS[2], id)
  if data then redis.call('ZADD', KEYS[3], now + tonumber(ARGV[1]), id) return {id, data} end
end"""
ACK = """
if redis.call('HDEL', KEYS[2], ARGV[1]) == 1 then
  redis.call('ZREM', KEYS[3], ARGV[1]) redis.call('LREM', KEYS[1], 0, ARGV[1]) redis.call('DECR', KEYS[4]) return 1 end
return 0"""
RENEW = _NOW + """
local n = 0
for i = 2, #ARGV do n = n + redis.call('ZADD', KEYS[1], 'XX', 'CH', now + tonumber(ARGV[1]), ARGV[i]) end
return n"""
ADMIT = """
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 0 end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('SADD', KEYS[1], ARGV[1]) return 1"""


def sweep_key(sweep_id: str, what: str) -> str:
    return f"xunjian:sweep:{sweep_id}:{what}"


def frontier_id(request: Request) -> str:
    return f"{request.meta['sweep_id']} {urldefrag(request.url)[0]}"


class JsonRequests:
    """Serializer for scrapy-redis: a request dict as JSON (bodies and headers as latin-1 text)."""

    @staticmethod
    def dumps(obj: dict[str, Any]) -> str:
        obj = dict(obj, body=(obj.get("body") or b"").decode("latin-1"),
                   headers={k.decode("latin-1") if isinstance(k, bytes) else k:
                            [v.decode("latin-1") if isinstance(v, bytes) else v for v in vs]
                            for k, vs in (obj.get("headers") or {}).items()})
        return json.dumps(obj, ensure_ascii=False)

    @staticmethod
    def loads(text: str | bytes) -> dict[str, Any]:
        obj = json.loads(text)
        obj["body"] = obj.get("body", "").encode("latin-1")
        return obj


class Frontier:
    """The Redis side of the frontier, for workers (through LeasedQueue), the sweep command and tests alike."""

    def __init__(self, server: redis.Redis, key: str = FRONTIER_KEY, lease_seconds: float = 120.0) -> None:
        self.server, self.key, self.lease_seconds = server, key, lease_seconds
        self.pending, self.data, self.leases = f"{key}:pending", f"{key}:data", f"{key}:leases"
        self.held: set[str] = set()  # ids this process leased and has not acknowledged
        self._push, self._pop, self._ack = (server.register_script(s) for s in (PUSH, POP, ACK))
        self._renew, self._admit = server.register_script(RENEW), server.register_script(ADMIT)

    @classmethod
    def from_url(cls, url: str, **kwargs: Any) -> "Frontier":
        return cls(redis.Redis.from_url(url), **kwargs)

    def admit(self, sweep_id: str, url: str, budget: int) -> bool:
        """True once per URL and sweep, while fewer than `budget` pages were admitted."""
        return bool(self._admit(keys=[sweep_key(sweep_id, "seen")], args=[urldefrag(url)[0], budget]))

    def push(self, fid: str, sweep_id: str, encoded: str) -> None:
        self._push(keys=[self.pending, self.data, sweep_key(sweep_id, "open")], args=[fid, encoded])

    def pop(self) -> tuple[str, str] | None:
        got = self._pop(keys=[self.pending, self.data, self.leases], args=[self.lease_seconds])
        if not got:
            return None
        fid, data = (v.decode() if isinstance(v, bytes) else v for v in got)
        self.held.add(fid)
        return fid, data

    def ack(self, fid: str) -> bool:
        self.held.discard(fid)
        return bool(self._ack(keys=[self.pending, self.data, self.leases, sweep_key(fid.split(" ", 1)[0], "open")],
                              args=[fid]))

    def renew(self) -> int:
        """Push back the deadline of every lease this process holds (a heartbeat)."""
        if not self.held:
            return 0
        return int(self._renew(keys=[self.leases], args=[self.lease_seconds, *sorted(self.held)]))

    def open_pages(self, sweep_id: str) -> int:
        return int(self.server.get(sweep_key(sweep_id, "open")) or 0)

    def pending_count(self) -> int:
        return int(self.server.llen(self.pending))

    def leased_count(self) -> int:
        return int(self.server.zcard(self.leases))


class LeasedQueue(Base):
    """scrapy-redis queue (SCHEDULER_QUEUE_CLASS) over the Frontier; the spider gets `spider.frontier` to ack."""

    def __init__(self, server: redis.Redis, spider: Spider, key: str, serializer: Any = None) -> None:
        super().__init__(server, spider, key, serializer=JsonRequests)
        lease = spider.settings.getfloat("XUNJIAN_LEASE_SECONDS", 120.0) if getattr(spider, "settings", None) else 120.0
        self.frontier = Frontier(server, self.key, lease)
        spider.frontier = self.frontier

    def __len__(self) -> int:
        return self.frontier.pending_count()

    def push(self, request: Request) -> None:
        self.frontier.push(frontier_id(request), request.meta["sweep_id"], self._encode_request(request))

    def pop(self, timeout: int = 0) -> Request | None:
        got = self.frontier.pop()
        if got is None:
            return None
        fid, data = got
        request = self._decode_request(data)
        request.meta["frontier_id"] = fid
        return request

    def clear(self) -> None:
        self.server.delete(self.frontier.pending, self.frontier.data, self.frontier.leases)


class RedisSweepDupeFilter(RFPDupeFilter):
    """A URL enters a sweep once across all workers, and only while the sweep's page budget lasts."""

    def __init__(self, server: redis.Redis, key: str, debug: bool = False) -> None:
        super().__init__(server, key, debug)
        self.frontier = Frontier(server)

    def request_seen(self, request: Request) -> bool:
        return not self.frontier.admit(request.meta["sweep_id"], request.url, request.meta["max_pages"])

    def clear(self) -> None:
        pass  # admissions belong to their sweeps, not to one worker's run


class FrontierKeeper:
    """Scrapy extension for workers: renews this worker's leases, and keeps an idle worker waiting for pages (or,
    with XUNJIAN_EXIT_WHEN_IDLE, lets it stop once nothing is pending or leased anywhere)."""

    def __init__(self, crawler: Any) -> None:
        from scrapy import signals

        self.crawler = crawler
        self.exit_when_idle = crawler.settings.getbool("XUNJIAN_EXIT_WHEN_IDLE")
        self.interval = crawler.settings.getfloat("XUNJIAN_LEASE_SECONDS", 120.0) / 4
        self.loop: Any = None
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.idle, signal=signals.spider_idle)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> "FrontierKeeper":
        return cls(crawler)

    def opened(self, spider: Spider) -> None:
        from twisted.internet import task

        self.loop = task.LoopingCall(self.renew, spider)
        self.loop.start(self.interval, now=False)

    @staticmethod
    def renew(spider: Spider) -> None:
        try:
            spider.frontier.renew()
        except redis.RedisError as e:  # a blip; the next heartbeat comes well before the lease runs out
            log.warning("lease renewal failed: %s", e)

    def idle(self, spider: Spider) -> None:
        from scrapy.exceptions import DontCloseSpider

        frontier: Frontier = spider.frontier
        if not (self.exit_when_idle and frontier.pending_count() == 0 and frontier.leased_count() == 0):
            raise DontCloseSpider

    def closed(self, spider: Spider) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
