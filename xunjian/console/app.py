"""The console's FastAPI application: settings, sessions, security headers, templates, and the routers."""
from __future__ import annotations

import threading
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any, AsyncIterator

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from checks import CHECK_IDS

from ..evidence import shanghai_text
from ..labels import CHECK_NAMES, ROLE_LABELS, VERDICT_LABELS
from ..review import STATE_FILTERS, STATE_LABELS, states_for
from ..settings import Settings
from .auth import LoginLimiter, csrf_ok, csrf_token, session_secret
from .jobs import CaptureJobs

HERE = Path(__file__).resolve().parent


class LoginRequired(Exception):
    """Raised by page handlers; turned into a redirect to the login page."""

    def __init__(self, next_path: str) -> None:
        self.next_path = next_path


def templates() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True))
    env.filters["shanghai"] = lambda dt, fmt="%Y-%m-%d %H:%M": shanghai_text(dt, fmt)
    env.globals.update(CHECK_NAMES=CHECK_NAMES, CHECK_IDS=CHECK_IDS, STATE_LABELS=STATE_LABELS,
                       VERDICT_LABELS=VERDICT_LABELS, ROLE_LABELS=ROLE_LABELS, STATE_FILTERS=STATE_FILTERS)
    return env


def user_of(request: Request) -> dict[str, str] | None:
    return request.session.get("user")


def page_user(request: Request, admin: bool = False) -> dict[str, str]:
    user = user_of(request)
    if user is None:
        raise LoginRequired(request.url.path)
    if admin and user["role"] != "admin":
        raise HTTPException(403, "只有管理员可以查看此页")
    return user


def api_user(request: Request) -> dict[str, str]:
    user = user_of(request)
    if user is None:
        raise HTTPException(401, "未登录")
    return user


async def checked_form(request: Request) -> dict[str, str]:
    """The posted form, after its CSRF token has been checked against the session's."""
    form = await request.form()
    if not csrf_ok(request.session, str(form.get("csrf") or "")):
        raise HTTPException(403, "表单已失效（CSRF 校验失败），请刷新页面后重试")
    return {k: str(v) for k, v in form.items()}


def render(request: Request, name: str, status_code: int = 200, **ctx: Any) -> HTMLResponse:
    env: Environment = request.app.state.templates
    html = env.get_template(name).render(request=request, user=user_of(request), csrf=csrf_token(request.session),
                                         path=request.url.path, **ctx)
    return HTMLResponse(html, status_code=status_code)


class Filters:
    """The violation list's filters, as given on the page, in the export form and to the API."""

    def __init__(self, platform: str | None = None, check: str | None = None, state: str | None = None,
                 since: str | None = None) -> None:
        self.platform = platform or None
        self.check = check if check in CHECK_IDS else None
        self.state = state if state in STATE_FILTERS else "pending"
        try:
            self.since = date.fromisoformat(since) if since else None
        except ValueError:
            self.since = None

    @property
    def states(self) -> set[str]:
        return states_for(self.state)

    def query(self) -> dict[str, str]:
        return {k: v for k, v in (("platform", self.platform), ("check", self.check), ("state", self.state),
                                  ("since", self.since.isoformat() if self.since else None)) if v}

    def describe(self) -> str:
        """For the audit log, in the inspector's words."""
        parts = [f"平台 {self.platform}" if self.platform else "全部平台",
                 f"检查项 {CHECK_NAMES.get(self.check, self.check)}" if self.check else "全部检查项",
                 f"状态 {STATE_FILTERS[self.state]}"] + ([f"{self.since} 以来"] if self.since else [])
        return "，".join(parts)


def create_app(settings: Settings, platforms: dict[str, dict[str, Any]], registry: Path | None,
               scheduler: bool = False) -> FastAPI:
    from . import api, pages

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if scheduler and registry is not None and platforms:
            from ..scheduler import Scheduler
            sched = Scheduler(platforms, registry, settings.database_url)
            threading.Thread(target=sched.run, name="xunjian-scheduler", daemon=True).start()
        yield
        await app.state.jobs.close()

    app = FastAPI(title="巡检控制台 API", description="电子商务平台合规检查与电子数据取证：登录、取证、违法线索、导出。",
                  lifespan=lifespan)
    app.state.settings = settings
    app.state.platforms = platforms
    app.state.registry = registry
    app.state.jobs = CaptureJobs(settings)
    app.state.limiter = LoginLimiter()
    app.state.templates = templates()
    app.state.sweeps = {}

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        if not request.url.path.startswith(("/docs", "/openapi.json")):  # Swagger UI loads its own scripts
            response.headers["Content-Security-Policy"] = (
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    app.add_middleware(SessionMiddleware, secret_key=session_secret(settings.key_path), session_cookie="xunjian_session",
                       max_age=12 * 3600, same_site="strict", https_only=False)

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, exc: LoginRequired) -> RedirectResponse:
        return RedirectResponse(f"/login?next={exc.next_path}", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Any:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return render(request, "error.html", status_code=exc.status_code, message=exc.detail, code=exc.status_code)

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    return app
