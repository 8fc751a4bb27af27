"""Captures started from the console: run in the server's event loop, polled by the page and the API."""
from __future__ import annotations

import asyncio
from typing import Any

from sqlmodel import Session, select

from crawler.browser import BrowserPool
from crawler.capture import CaptureSettings

from ..evidence import new_capture_id
from ..service import Capturer, crashed_line, failed_line, stored_line
from ..settings import Settings
from ..store import CaptureRow, FindingRow, engine_for

MAX_PARALLEL = 4


class CaptureJobs:
    """One warm browser for everything the console does in Chromium (captures, PDF sheets, bundles); the CLI's line
    for each capture, keyed by capture id."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pool = BrowserPool()
        self.lines: dict[str, dict[str, Any]] = {}
        self.tasks: set[asyncio.Task] = set()
        self._capturers: dict[str, Capturer] = {}  # per inspector: the sealer records who took it
        self._gate: asyncio.Semaphore | None = None

    def start(self, url: str, role: str | None, platform: dict[str, Any] | None, inspector: str) -> str:
        capture_id = new_capture_id()
        self.lines[capture_id] = {**failed_line(url, None), "status": "pending", "capture_id": capture_id, "role": role}
        task = asyncio.get_running_loop().create_task(self._run(capture_id, url, role, platform, inspector))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return capture_id

    async def _run(self, capture_id: str, url: str, role: str | None, platform: dict[str, Any] | None,
                   inspector: str) -> None:
        self._gate = self._gate or asyncio.Semaphore(MAX_PARALLEL)
        self.lines[capture_id]["status"] = "running"
        try:
            line = await self.capturer(inspector).capture_one(url, role, platform, self._gate, capture_id=capture_id)
        except Exception as e:
            line = {**crashed_line(url, e), "capture_id": capture_id}
        self.lines[capture_id] = line

    def capturer(self, inspector: str) -> Capturer:
        if inspector not in self._capturers:
            # Public-only unless the installation allows private targets: redirects and embedded requests included.
            self._capturers[inspector] = Capturer(
                self.settings, CaptureSettings(public_only=not self.settings.allow_private_targets), inspector, self.pool)
        return self._capturers[inspector]

    def get(self, capture_id: str) -> dict[str, Any] | None:
        if capture_id in self.lines:
            return self.lines[capture_id]
        return load_line(self.settings, capture_id)

    async def close(self) -> None:
        for t in list(self.tasks):
            t.cancel()
        await self.pool.close()


def load_line(settings: Settings, capture_id: str) -> dict[str, Any] | None:
    with Session(engine_for(settings.database_url)) as session:
        row = session.get(CaptureRow, capture_id)
        if row is None:
            return None
        return stored_line(row, list(session.exec(select(FindingRow).where(FindingRow.capture_id == capture_id)).all()))
