"""Server-rendered pages (Chinese UI). Every page needs a login; every form post carries the session's CSRF token."""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from sqlmodel import Session, select
from starlette.background import BackgroundTask

from ..evidence import load_or_create_key, page_title, verify_folder
from ..export import FORMATS, row_of, write
from ..review import OPEN_STATES, ReviewError, decide, violations
from ..store import FindingRow, engine_for
from ..scheduler import sweep_command
from ..sweep import get_sweep, list_sweeps
from . import audit
from .audit import review_detail
from .api import ROLES, login, start_capture
from .app import Filters, checked_form, page_user, render, user_of
from .files import capture_folder, derived, evidence_file

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    """Only a local path: a login link must not send the inspector to another site."""
    return target if target and target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


@router.get("/login")
def login_page(request: Request, next: str = "/") -> Response:
    if user_of(request):
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "login.html", next=safe_next(next), error=None)


@router.post("/login")
async def login_post(request: Request) -> Response:
    form = await checked_form(request)
    nxt = safe_next(form.get("next"))
    try:
        login(request, form.get("username", ""), form.get("password", ""))
    except HTTPException as e:
        return render(request, "login.html", status_code=e.status_code, next=nxt, error=e.detail)
    return RedirectResponse(nxt, status_code=303)


@router.post("/logout")
async def logout(request: Request) -> Response:
    await checked_form(request)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/")
def overview(request: Request) -> Response:
    page_user(request)
    app = request.app
    db = app.state.settings.database_url
    last: dict[str, Any] = {}
    for s in list_sweeps(db):  # newest first
        last.setdefault(s.platform, s)
    open_violations = violations(db, states=OPEN_STATES)
    open_by_check = Counter(v.check for v in open_violations)
    pending = sum(1 for v in open_violations if v.state == "pending")
    return render(request, "overview.html", platforms=app.state.platforms, last=last, open_by_check=open_by_check,
                  pending=pending, running=running_sweeps(request))


@router.get("/capture")
def capture_page(request: Request) -> Response:
    page_user(request)
    return render(request, "capture.html", platforms=request.app.state.platforms, roles=ROLES, error=None, form={})


@router.post("/capture")
async def capture_post(request: Request) -> Response:
    user = page_user(request)
    form = await checked_form(request)
    try:
        cid = await start_capture(request, user, form.get("url", ""), form.get("role") or None,
                                  form.get("platform") or None)
    except HTTPException as e:
        return render(request, "capture.html", status_code=e.status_code, platforms=request.app.state.platforms,
                      roles=ROLES, error=e.detail, form=form)
    return RedirectResponse(f"/captures/{cid}", status_code=303)


@router.get("/captures/{capture_id}")
def capture_detail(capture_id: str, request: Request) -> Response:
    page_user(request)
    app = request.app
    settings = app.state.settings
    line = app.state.jobs.get(capture_id)
    if line is None:
        raise HTTPException(404, f"没有取证 {capture_id}")
    if line["status"] in ("pending", "running"):
        return render(request, "capture_wait.html", line=line)
    manifest, files, problems, title = {}, [], None, None
    if line.get("evidence_dir"):
        folder = capture_folder(settings, capture_id)
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        files = manifest.get("files", [])
        problems = verify_folder(folder, load_or_create_key(settings.key_path).public_key())
        title = page_title(folder)
    with Session(engine_for(settings.database_url)) as session:
        rows = session.exec(select(FindingRow).where(FindingRow.capture_id == capture_id)).all()
    states = {v.finding_id: v for v in violations(settings.database_url, platform=manifest.get("platform"))}
    findings = [{**r.model_dump(), "violation": states.get(r.id)} for r in rows] or line["findings"]
    findings = sorted(findings, key=lambda f: f["verdict"] != "violation")  # what needs review first
    frames = [f["name"] for f in files if f["name"].endswith(".png") and f["name"].startswith(("probe-", "crop-"))]
    names = {f["name"] for f in files}
    return render(request, "capture_detail.html", line=line, manifest=manifest, files=files, problems=problems,
                  findings=findings, frames=frames, names=names, title=title, platform=app.state.platforms.get(manifest.get("platform") or ""))


@router.get("/captures/{capture_id}/files/{name:path}")
def capture_file(capture_id: str, name: str, request: Request) -> Response:
    page_user(request)
    path = evidence_file(request.app.state.settings, capture_id, name)
    inline = path.suffix in (".png", ".json")
    return FileResponse(path, filename=None if inline else path.name,
                        media_type="text/plain; charset=utf-8" if path.suffix in (".html", ".mhtml") else None)


@router.get("/captures/{capture_id}/sheet.pdf")
async def capture_sheet(capture_id: str, request: Request) -> Response:
    user = page_user(request)
    out = await derived(request.app.state.settings, capture_id, "pdf", request.app.state.jobs.pool)
    audit.record(request.app.state.settings.database_url, user["name"], "download", capture_id, "取证单 PDF")
    return FileResponse(out, filename=f"取证单-{capture_id}.pdf")


@router.get("/captures/{capture_id}/capture.wacz")
async def capture_wacz(capture_id: str, request: Request) -> Response:
    user = page_user(request)
    out = await derived(request.app.state.settings, capture_id, "wacz", request.app.state.jobs.pool)
    audit.record(request.app.state.settings.database_url, user["name"], "download", capture_id, "WACZ")
    return FileResponse(out, filename=f"{capture_id}.wacz", media_type="application/wacz")


def filters_of(request: Request, state: str = "pending") -> Filters:
    """The review list defaults to what awaits review; the export, like the CLI's, to everything not dismissed."""
    q = request.query_params
    return Filters(q.get("platform"), q.get("check"), q.get("state") or state, q.get("since"))


@router.get("/findings")
def findings_page(request: Request) -> Response:
    page_user(request)
    f = filters_of(request)
    app = request.app
    found = violations(app.state.settings.database_url, f.platform, f.check, f.since, f.states)
    return render(request, "findings.html", found=found, f=f, platforms=app.state.platforms,
                  back="/findings?" + urlencode(f.query()), error=request.query_params.get("error"))


@router.post("/findings/{finding_id}/review")
async def review_post(finding_id: int, request: Request) -> Response:
    user = page_user(request)
    form = await checked_form(request)
    back = safe_next(form.get("back"))
    db = request.app.state.settings.database_url
    state, reason = form.get("state", ""), form.get("reason") or None
    try:
        decide(db, [finding_id], state, user["name"], reason)
    except ReviewError as e:
        sep = "&" if "?" in back else "?"
        return RedirectResponse(f"{back}{sep}{urlencode({'error': str(e)})}", status_code=303)
    audit.record(db, user["name"], "review", f"线索 {finding_id}", review_detail(state, reason))
    return RedirectResponse(back, status_code=303)


@router.get("/export")
def export_page(request: Request) -> Response:
    page_user(request)
    f = filters_of(request, "open")
    app = request.app
    count = len(violations(app.state.settings.database_url, f.platform, f.check, f.since, f.states))
    return render(request, "export.html", f=f, count=count, platforms=app.state.platforms)


@router.post("/export")
async def export_post(request: Request) -> Response:
    user = page_user(request)
    form = await checked_form(request)
    f = Filters(form.get("platform"), form.get("check"), form.get("state"), form.get("since"))
    fmt = form.get("format", "xlsx")
    app = request.app
    settings = app.state.settings
    rows = [row_of(v, app.state.platforms)
            for v in violations(settings.database_url, f.platform, f.check, f.since, f.states)]
    tmp = Path(tempfile.mkdtemp(prefix="xunjian-export-"))
    cleanup = BackgroundTask(shutil.rmtree, tmp, ignore_errors=True)
    if fmt == "bundle":
        from ..bundle import build_bundle

        if not rows:
            raise HTTPException(422, "当前筛选条件下没有违法线索，无法生成证据包")
        out = tmp / "case-bundle.zip"
        try:
            await build_bundle(settings, rows, out, app.state.jobs.pool)
        except FileNotFoundError as e:
            raise HTTPException(422, str(e))
        audit.record(settings.database_url, user["name"], "bundle", f.describe(), f"{len(rows)} 条")
        return FileResponse(out, filename="案件证据包.zip", background=cleanup)
    if fmt not in FORMATS:
        raise HTTPException(422, f"导出格式只能是 {'|'.join(FORMATS)} 或 bundle")
    out = write(rows, fmt, tmp / f"violations.{fmt}")
    audit.record(settings.database_url, user["name"], "export", f.describe(), f"{fmt.upper()}，{len(rows)} 条")
    return FileResponse(out, filename=f"违法线索.{fmt}", background=cleanup)


def running_sweeps(request: Request) -> dict[str, subprocess.Popen]:
    procs: dict[str, subprocess.Popen] = request.app.state.sweeps
    for pid in [p for p, proc in procs.items() if proc.poll() is not None]:
        del procs[pid]
    return procs


@router.get("/sweeps")
def sweeps_page(request: Request) -> Response:
    page_user(request)
    app = request.app
    return render(request, "sweeps.html", sweeps=list_sweeps(app.state.settings.database_url),
                  platforms=app.state.platforms, running=running_sweeps(request))


@router.get("/sweeps/{sweep_id}")
def sweep_page(sweep_id: str, request: Request) -> Response:
    page_user(request)
    s = get_sweep(request.app.state.settings.database_url, sweep_id)
    if s is None:
        raise HTTPException(404, f"找不到巡检记录：{sweep_id}")
    return render(request, "sweep.html", s=s, platforms=request.app.state.platforms)


@router.post("/sweeps/run")
async def sweep_run(request: Request) -> Response:
    """立即巡检: the same `xunjian sweep` the scheduler starts, as a child process."""
    user = page_user(request)
    form = await checked_form(request)
    app = request.app
    pid = form.get("platform", "")
    if pid not in app.state.platforms or app.state.registry is None:
        raise HTTPException(422, f"平台登记中没有 id 为 {pid} 的平台")
    running = running_sweeps(request)
    if pid not in running:
        cmd = sweep_command(app.state.registry, pid, "--inspector", user["name"])
        running[pid] = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        audit.record(app.state.settings.database_url, user["name"], "sweep", pid)
    return RedirectResponse("/sweeps", status_code=303)


@router.get("/audit")
def audit_page(request: Request) -> Response:
    page_user(request, admin=True)
    return render(request, "audit.html", rows=audit.recent(request.app.state.settings.database_url),
                  labels=audit.ACTION_LABELS)
