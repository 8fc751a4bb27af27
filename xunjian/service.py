"""Capture a batch of URLs: capture → judge → seal → store, one line of result per URL.

The CLI, the sweep pipeline and the console all call `capture_batch`, so a page is sealed and judged the same way
wherever the request came from.
"""
from __future__ import annotations

import asyncio
import json
import shutil
import time
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

from checks import Context, guess_role, judge_all, probe_specs
from crawler.browser import BrowserPool
from crawler.capture import Capture, CaptureResult, CaptureSettings, Step
from crawler.probes import build as build_probes
from crawler.urls import BadURL, validate_url

from .annotate import annotate

from .evidence import both_zones, load_or_create_key, new_capture_id, seal, staging_dir
from .settings import Settings
from .store import CaptureRow, FindingRow, history_for, save_capture


def failed_line(url: str, error: str) -> dict[str, Any]:
    return {"url": url, "final_url": None, "status": "failed", "http_status": None, "error": error,
            "capture_id": None, "evidence_dir": None, "findings": [], "timings": {}}


def crashed_line(url: str, e: BaseException) -> dict[str, Any]:
    """A capture that raised: a result to report, never a stopped batch or a crashed server."""
    return failed_line(url, f"取证失败：{str(e).splitlines()[0] if str(e) else type(e).__name__}")


def stored_line(cap: CaptureRow, findings: list[FindingRow]) -> dict[str, Any]:
    """The line `capture` printed, rebuilt from the database (for captures another process ran)."""
    manifest = Path(cap.evidence_dir or "") / "manifest.json"
    reasons = json.loads(manifest.read_text(encoding="utf-8")).get("partial_reasons", []) if cap.evidence_dir and manifest.exists() else []
    return {
        "url": cap.url, "final_url": cap.final_url, "status": cap.status, "http_status": cap.http_status,
        "error": cap.error, "capture_id": cap.id, "evidence_dir": cap.evidence_dir,
        "findings": [f.model_dump(exclude={"id", "capture_id"}) for f in findings], "timings": cap.timings,
        "role": cap.role, "partial": cap.partial, "partial_reasons": reasons,
    }


class Sealer:
    """After the browser: judge, annotate, seal and store one capture. Shared by single captures and sweeps."""

    def __init__(self, settings: Settings, inspector: str | None = None) -> None:
        self.settings = settings
        self.inspector = inspector or settings.inspector
        self.key = load_or_create_key(settings.key_path)

    async def finish(self, url: str, capture_id: str, staging: Path, result: CaptureResult, role: str | None,
                     platform: dict[str, Any] | None, extra_rows: Callable[[dict[str, Any]], list[Any]] | None = None
                     ) -> dict[str, Any]:
        """`extra_rows(line)` gives rows stored in the capture's transaction (a sweep's page row)."""
        store = self.settings.evidence_dir
        try:
            findings: list[dict[str, Any]] = []
            if result.facts is not None:
                t = time.monotonic()
                role = role or guess_role(result.facts, result.final_url or url)
                history = await asyncio.to_thread(history_for, self.settings.database_url, url)
                findings = [f.to_dict() for f in judge_all(result.facts, Context(role=role, platform=platform, history=history))]
                result.files += annotate(staging, findings)
                (staging / "findings.json").write_text(json.dumps(findings, ensure_ascii=False, indent=2), encoding="utf-8")
                result.steps.append(Step("judge", seconds=time.monotonic() - t))
            record = self._manifest_record(url, result, role, platform)
            folder, digest, files = await asyncio.to_thread(seal, store, staging, capture_id, record, self.key)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        line = {
            "url": url, "final_url": result.final_url, "status": result.status, "http_status": result.http_status,
            "error": result.error, "capture_id": capture_id, "evidence_dir": str(folder),
            "findings": findings, "timings": result.timings, "role": role,
            "partial": result.partial, "partial_reasons": result.partial_reasons,
        }
        screenshot = next((f["sha256"] for f in files if f["name"] == "screenshot.png"), None)
        row = CaptureRow(
            id=capture_id, url=url, final_url=result.final_url, status=result.status, partial=result.partial,
            http_status=result.http_status, error=result.error, role=role, platform=(platform or {}).get("id"),
            evidence_dir=str(folder), manifest_sha256=digest, screenshot_sha256=screenshot, inspector=self.inspector,
            started_at=datetime.fromisoformat(result.provenance["start_utc"]),
            ended_at=datetime.fromisoformat(result.provenance["end_utc"]), timings=result.timings,
        )
        rows = [FindingRow(capture_id=capture_id, **f) for f in findings]
        await asyncio.to_thread(save_capture, self.settings.database_url, row, rows, extra_rows(line) if extra_rows else [])
        return line

    def _manifest_record(self, url: str, r: CaptureResult, role: str | None, platform: dict[str, Any] | None) -> dict[str, Any]:
        p = r.provenance
        return {
            "url": url, "final_url": r.final_url, "status": r.status, "http_status": r.http_status, "error": r.error,
            "partial": r.partial, "partial_reasons": r.partial_reasons,
            "steps": [{"name": s.name, "status": s.status, "seconds": round(s.seconds, 3), "detail": s.detail} for s in r.steps],
            "role": role, "platform": (platform or {}).get("id"), "operator": (platform or {}).get("operator"),
            "inspector": self.inspector,
            "start": both_zones(p.get("start_utc")), "end": both_zones(p.get("end_utc")),
            "provenance": {k: v for k, v in p.items() if k not in ("start_utc", "end_utc")},
        }


def checks_probes() -> dict[str, dict[str, Any]]:
    """The live probes the checks ask for; link checks first, the pop-up probe (which clicks) last."""
    return dict(sorted(probe_specs().items(), key=lambda kv: kv[0] == "popup"))


class Capturer:
    """A warm browser and a sealer, for a batch of single captures."""

    def __init__(self, settings: Settings, capture_settings: CaptureSettings | None = None,
                 inspector: str | None = None, pool: BrowserPool | None = None) -> None:
        self.settings = settings
        self.capture_settings = capture_settings or CaptureSettings()
        self.pool = pool or BrowserPool()
        self.sealer = Sealer(settings, inspector)
        self.probes = build_probes(checks_probes())

    async def close(self) -> None:
        await self.pool.close()

    async def capture_one(self, url: str, role: str | None = None, platform: dict[str, Any] | None = None,
                          gate: asyncio.Semaphore | None = None, capture_id: str | None = None) -> dict[str, Any]:
        """`capture_id` lets a caller (the console) hand out the id before the capture ends."""
        try:
            validate_url(url)
        except BadURL as e:
            return {**failed_line(url, str(e)), "capture_id": capture_id}
        capture_id = capture_id or new_capture_id()
        staging = staging_dir(self.settings.evidence_dir, capture_id)
        try:
            result = await Capture(self.pool, url, staging, self.capture_settings, probes=self.probes, gate=gate).run()
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return await self.sealer.finish(url, capture_id, staging, result, role, platform)


def validate_ok(url: str) -> bool:
    try:
        validate_url(url)
        return True
    except BadURL:
        return False


Target = tuple[str, str | None, dict[str, Any] | None]  # url, role, registry entry


async def capture_batch(capturer: Capturer, targets: list[Target], concurrency: int,
                        on_line: Callable[[dict[str, Any]], None] | None = None) -> list[dict[str, Any]]:
    """Capture concurrently; one failure never stops the others. Lines come in completion order.

    `concurrency` pages work at once (browser steps); while a page only idles (late scripts, late pop-ups) it gives
    its place up, and up to twice as many pages are open, so the waits overlap across the batch."""
    work = asyncio.Semaphore(max(1, concurrency))
    gate = asyncio.Semaphore(max(1, concurrency) * 2)
    lines: list[dict[str, Any]] = []
    if any(validate_ok(t[0]) for t in targets):
        await capturer.pool.get()  # launch once up front, so no capture's timings carry the launch

    async def one(url: str, role: str | None, platform: dict[str, Any] | None) -> None:
        async with gate:
            try:
                line = await capturer.capture_one(url, role, platform, work)
            except Exception as e:  # nothing about one URL may stop the batch
                line = crashed_line(url, e)
        lines.append(line)
        if on_line is not None:
            on_line(line)

    await asyncio.gather(*(one(*t) for t in targets))
    return lines
