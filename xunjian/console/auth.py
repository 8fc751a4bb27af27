"""Console accounts (argon2 hashes), login rate limiting and CSRF tokens."""
from __future__ import annotations

import os
import secrets
import threading
import time
from collections import deque
from datetime import datetime, timezone
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from ..store import UserRow, engine_for

ROLES = ("inspector", "admin")
_hasher = PasswordHasher()
# Verified against when the username is unknown, so a wrong name costs as long as a wrong password.
_DUMMY = _hasher.hash("xunjian-dummy-password")


class UserError(ValueError):
    pass


def add_user(database_url: str, username: str, password: str, role: str) -> UserRow:
    username = username.strip()
    if not username:
        raise UserError("用户名不能为空")
    if role not in ROLES:
        raise UserError(f"角色只能是 {'|'.join(ROLES)}，收到：{role}")
    if len(password) < 8:
        raise UserError("密码至少 8 个字符")
    with Session(engine_for(database_url), expire_on_commit=False) as session:
        if session.exec(select(UserRow).where(UserRow.username == username)).first() is not None:
            raise UserError(f"用户 {username} 已存在")
        row = UserRow(username=username, password_hash=_hasher.hash(password), role=role,
                      created_at=datetime.now(timezone.utc))
        session.add(row)
        session.commit()
    return row


def list_users(database_url: str) -> list[UserRow]:
    with Session(engine_for(database_url)) as session:
        return list(session.exec(select(UserRow).order_by(UserRow.username)).all())


def authenticate(database_url: str, username: str, password: str) -> UserRow | None:
    with Session(engine_for(database_url)) as session:
        row = session.exec(select(UserRow).where(UserRow.username == username)).first()
    try:
        _hasher.verify(row.password_hash if row else _DUMMY, password)
    except (VerificationError, InvalidHashError):
        return None
    return row


class LoginLimiter:
    """At most `limit` failed logins per (username, client address) in `window` seconds; then 429 until they age out."""

    def __init__(self, limit: int = 5, window: float = 60.0) -> None:
        self.limit, self.window = limit, window
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str]) -> deque[float]:
        q = self._failures.setdefault(key, deque())
        while q and q[0] < time.monotonic() - self.window:
            q.popleft()
        return q

    def blocked(self, username: str, ip: str) -> bool:
        with self._lock:
            return len(self._recent((username, ip))) >= self.limit

    def failed(self, username: str, ip: str) -> None:
        with self._lock:
            self._recent((username, ip)).append(time.monotonic())

    def succeeded(self, username: str, ip: str) -> None:
        with self._lock:
            self._failures.pop((username, ip), None)


def session_secret(key_path: Path) -> str:
    """Kept beside the signing key so sessions survive a restart of the console."""
    path = key_path.parent / "console-session.secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:  # created readable by its owner only, from the first byte
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it meanwhile
            pass
        else:
            with os.fdopen(fd, "w", encoding="ascii") as f:
                f.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="ascii").strip()


def csrf_token(session: dict) -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def csrf_ok(session: dict, given: str | None) -> bool:
    expected = session.get("csrf")
    return bool(expected and given and secrets.compare_digest(expected, given))
