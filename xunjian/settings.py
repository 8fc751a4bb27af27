"""Where things live: embedded defaults, overridden by config/xunjian.yaml, overridden by the environment."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

KNOWN_KEYS = {"evidence_dir", "database_url", "key_path", "inspector", "allow_private_targets"}


class ConfigError(ValueError):
    pass


@dataclass
class Settings:
    evidence_dir: Path
    database_url: str
    key_path: Path
    inspector: str | None = None
    allow_private_targets: bool = False

    @classmethod
    def load(cls, config_file: str | os.PathLike | None = None) -> "Settings":
        path = Path(config_file or os.environ.get("XUNJIAN_CONFIG", "config/xunjian.yaml"))
        data: dict = {}
        if path.exists():
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            if not isinstance(data, dict):
                raise ConfigError(f"{path}: 顶层应为键值映射")
            unknown = sorted(set(data) - KNOWN_KEYS)
            if unknown:
                raise ConfigError(f"{path}: 未知配置项 {', '.join(unknown)}（可用：{', '.join(sorted(KNOWN_KEYS))}）")
        env = os.environ
        evidence = Path(env.get("XUNJIAN_EVIDENCE") or data.get("evidence_dir") or "snapshots")
        db = env.get("DATABASE_URL") or data.get("database_url") or "sqlite:///var/xunjian.db"
        key = Path(env.get("XUNJIAN_KEY") or data.get("key_path") or Path.home() / ".config" / "xunjian" / "signing-key.pem")
        allow = env.get("XUNJIAN_ALLOW_PRIVATE_TARGETS") == "1" or bool(data.get("allow_private_targets", False))
        return cls(evidence_dir=evidence.resolve(), database_url=db, key_path=key.expanduser().resolve(),
                   inspector=env.get("XUNJIAN_INSPECTOR") or data.get("inspector"), allow_private_targets=allow)
