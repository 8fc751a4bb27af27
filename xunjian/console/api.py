"""The JSON API under /api/ (OpenAPI at /docs): the same actions as the pages, for scripts."""
from __future__ import annotations

from typing import Any, Literal, Optional

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel

from crawler.urls import BadURL, validate_url

from ..export import row_of
from ..labels import ROLE_LABELS
from ..review import ReviewError, decide, violations
from . import audit
from .audit import review_detail
from .app import Filters, api_user
from .auth import authenticate
from .targets import TargetRefused, check_target

router = APIRouter(prefix="/api", tags=["api"])
ROLES = tuple(ROLE_LABELS)


class LoginIn(BaseModel):
    username: str
    password: str


class CaptureIn(BaseModel):
    url: str
    role: Optional[Literal["homepage", "search", "product", "shop"]] = None
    platform: Optional[str] = None


class ReviewIn(BaseModel):
    state: Literal["confirmed", "dismissed"]
    reason: Optional[str] = None


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "?"


def login(request: Request, username: str, password: str) -> dict[str, str]:
    """Shared by the login form and the API: rate limit, argon2 check, fresh session."""
    app, ip = request.app, client_ip(request)
    if app.state.limiter.blocked(username, ip):
        raise HTTPException(429, "登录失败次数过多，请一分钟后再试")
    row = authenticate(app.state.settings.database_url, username, password)
    if row is None:
        app.state.limiter.failed(username, ip)
        audit.record(app.state.settings.database_url, username, "login_failed", ip)
        raise HTTPException(401, "用户名或密码错误")
    app.state.limiter.succeeded(username, ip)
    request.session.clear()  # no session fixation: a new session (and CSRF token) per login
    request.session["user"] = {"name": row.username, "role": row.role}
    audit.record(app.state.settings.database_url, row.username, "login", ip)
    return request.session["user"]


@router.post("/login", summary="登录，返回会话 cookie")
def api_login(body: LoginIn, request: Request) -> dict[str, Any]:
    return {"user": login(request, body.username, body.password)}


@router.post("/logout", summary="退出登录")
def api_logout(request: Request) -> dict[str, Any]:
    request.session.clear()
    return {"ok": True}


async def start_capture(request: Request, user: dict[str, str], url: str, role: str | None,
                        platform: str | None) -> str:
    """Validate, refuse private targets, start in the background; the id is known at once."""
    app = request.app
    try:
        url = validate_url(url)
    except BadURL as e:
        raise HTTPException(422, str(e))
    if role is not None and role not in ROLES:
        raise HTTPException(422, f"页面类型只能是 {'|'.join(ROLES)}")
    entry = None
    if platform:
        entry = app.state.platforms.get(platform)
        if entry is None:
            raise HTTPException(422, f"平台登记中没有 id 为 {platform} 的平台")
    try:
        await check_target(url, app.state.settings.allow_private_targets)
    except TargetRefused as e:
        raise HTTPException(422, str(e))
    capture_id = app.state.jobs.start(url, role, entry, user["name"])
    audit.record(app.state.settings.database_url, user["name"], "capture", capture_id, url)
    return capture_id


@router.post("/captures", status_code=202, summary="开始取证（后台进行），返回取证编号")
async def api_capture(body: CaptureIn, request: Request, user: dict = Depends(api_user)) -> dict[str, str]:
    return {"capture_id": await start_capture(request, user, body.url, body.role, body.platform)}


@router.get("/captures/{capture_id}", summary="取证结果（与命令行 --json 输出相同；进行中为 pending/running）")
def api_capture_get(capture_id: str, request: Request, user: dict = Depends(api_user)) -> dict[str, Any]:
    line = request.app.state.jobs.get(capture_id)
    if line is None:
        raise HTTPException(404, f"没有取证 {capture_id}")
    return line


@router.get("/findings", summary="违法线索（与导出相同的字段）")
def api_findings(request: Request, platform: Optional[str] = None, check: Optional[str] = None,
                 state: str = Query("pending", description="pending|confirmed|dismissed|open|all"),
                 since: Optional[str] = Query(None, description="YYYY-MM-DD"),
                 user: dict = Depends(api_user)) -> list[dict[str, Any]]:
    f = Filters(platform, check, state, since)
    app = request.app
    found = violations(app.state.settings.database_url, f.platform, f.check, f.since, f.states)
    return [{**row_of(v, app.state.platforms), "state": v.state} for v in found]


@router.post("/findings/{finding_id}/review", summary="确认或排除违法线索")
def api_review(finding_id: int, body: ReviewIn, request: Request, user: dict = Depends(api_user)) -> dict[str, Any]:
    db = request.app.state.settings.database_url
    try:
        decide(db, [finding_id], body.state, user["name"], body.reason)
    except ReviewError as e:
        raise HTTPException(422, str(e))
    audit.record(db, user["name"], "review", f"线索 {finding_id}", review_detail(body.state, body.reason))
    return {"finding_id": finding_id, "state": body.state}
