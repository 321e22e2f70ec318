"""Settings from the environment. Every path derives from CIVICPULSE_HOME."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass

from warehouse.paths import HomePaths

SAMPLE_MUNICIPALITY_CODE = "990019"  # みどり市, the fictional sample city (prefecture 99)


class SettingsError(ValueError):
    pass


def check_municipality_code(code: str) -> str:
    """全国地方公共団体コード: 5 digits and a check digit (weights 6..2, mod 11)."""
    if len(code) != 6 or not code.isdigit():
        raise SettingsError(
            f"CIVICPULSE_MUNICIPALITY_CODE={code!r}: expected 6 digits (全国地方公共団体コード)"
        )
    total = sum(int(d) * w for d, w in zip(code[:5], (6, 5, 4, 3, 2), strict=True))
    expected = (11 - total % 11) % 10
    if int(code[5]) != expected:
        raise SettingsError(
            f"CIVICPULSE_MUNICIPALITY_CODE={code!r}: check digit should be {expected}"
        )
    return code


@dataclass(frozen=True)
class Settings:
    paths: HomePaths
    municipality_code: str
    reject_threshold: float
    pseudonym_key: str

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        paths = HomePaths.from_env(env)
        code = check_municipality_code(
            env.get("CIVICPULSE_MUNICIPALITY_CODE", SAMPLE_MUNICIPALITY_CODE)
        )
        threshold = float(env.get("CIVICPULSE_REJECT_THRESHOLD", "0.01"))
        key = env.get("CIVICPULSE_PSEUDONYM_KEY") or _home_secret(paths)
        return cls(paths, code, threshold, key)


def _home_secret(paths: HomePaths) -> str:
    """A per-installation secret kept in CIVICPULSE_HOME (mode 0600), made on first use."""
    path = paths.home / "secrets" / "pseudonym.key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
