"""Dashboard users: names, roles and scrypt password hashes in CIVICPULSE_HOME/users.toml.

The file is written by ``civicpulse users`` (atomically, mode 0600) and read by the dashboard
on every login and, through a small mtime cache, on every request, so removing a user or
changing a role takes effect at once. Format (TOML, read back with ``tomllib``)::

    [users."hanako"]
    role = "analyst"
    city = "990019"
    password_hash = "scrypt$32768$8$1$<salt b64>$<key b64>"
    created_at = "2025-04-01T09:00:00+00:00"

``city`` (全国地方公共団体コード) binds a user to one municipality: every page, export and SQL query
of theirs reads that city's own snapshot. Empty means the installation's municipality. The
``prefecture`` and ``admin`` roles are not bound: they see every city and may switch between them.

No plaintext password is ever stored or logged.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import os
import re
import secrets
import threading
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROLES: tuple[str, ...] = ("executive", "pr_staff", "analyst", "prefecture", "admin")
SQL_ROLES: frozenset[str] = frozenset({"analyst", "prefecture", "admin"})
# Roles that see every municipality on a shared (共同利用) platform; the others see one city.
CROSS_CITY_ROLES: frozenset[str] = frozenset({"prefecture", "admin"})
CITY_PATTERN = re.compile(r"^[0-9]{6}$")
MIN_PASSWORD_LENGTH = 12
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")

# scrypt cost (the same as werkzeug's default): about 50 ms and 32 MiB per hash.
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
_KEY_BYTES = 32
_SALT_BYTES = 16
_MAXMEM = 64 * 1024 * 1024


class UserError(ValueError):
    """A user operation was refused; the message says why and what is accepted."""


@dataclass(frozen=True)
class User:
    name: str
    role: str
    password_hash: str = ""
    created_at: str = ""
    city: str = ""  # the municipality the user belongs to ("" = the installation's own)

    @property
    def can_use_sql(self) -> bool:
        return self.role in SQL_ROLES

    @property
    def sees_every_city(self) -> bool:
        return self.role in CROSS_CITY_ROLES

    @property
    def fingerprint(self) -> str:
        """A short digest of the password hash: kept in the session so that a new password
        (or a re-created user) ends every older session."""
        return hashlib.sha256(self.password_hash.encode()).hexdigest()[:16]


def check_name(name: str) -> str:
    if not NAME_PATTERN.match(name):
        raise UserError(
            f"user name {name!r} is not allowed: use 1-64 ASCII letters, digits, '.', '_' or '-' "
            "(starting with a letter or digit)"
        )
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise UserError(f"role {role!r} is not known; choose one of {', '.join(ROLES)}")
    return role


def check_city(city: str) -> str:
    if city and not CITY_PATTERN.match(city):
        raise UserError(
            f"city {city!r} must be a 6-digit municipality code (全国地方公共団体コード)"
        )
    return city


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if password != password.strip() or "\n" in password:
        raise UserError("the password must not start or end with spaces or contain line breaks")
    return password


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def hash_password(password: str, *, n: int = SCRYPT_N) -> str:
    """'scrypt$N$r$p$salt$key' (base64 salt and key). The cost travels with the hash, so it can
    be raised later without invalidating older hashes (tests use a small ``n``)."""
    salt = secrets.token_bytes(_SALT_BYTES)
    key = hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=n,
        r=SCRYPT_R,
        p=SCRYPT_P,
        maxmem=_MAXMEM,
        dklen=_KEY_BYTES,
    )
    return f"scrypt${n}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches ``stored``; constant-time comparison of the keys."""
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key)
        actual = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=_MAXMEM,
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


# Verified against when the user does not exist, so both cases take the same time.
_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


def _toml_string(value: str) -> str:
    # A JSON string with ASCII escapes is a valid TOML basic string.
    return json.dumps(value, ensure_ascii=True)


def dumps(users: dict[str, User]) -> str:
    lines = [
        "# civicpulse dashboard users: managed by `civicpulse users`; do not edit by hand.",
        "",
    ]
    for name in sorted(users):
        user = users[name]
        lines += [
            f"[users.{_toml_string(name)}]",
            f"role = {_toml_string(user.role)}",
            f"city = {_toml_string(user.city)}",
            f"password_hash = {_toml_string(user.password_hash)}",
            f"created_at = {_toml_string(user.created_at)}",
            "",
        ]
    return "\n".join(lines)


def loads(text: str) -> dict[str, User]:
    data = tomllib.loads(text)
    users: dict[str, User] = {}
    for name, entry in (data.get("users") or {}).items():
        if not isinstance(entry, dict):
            continue
        role, hashed = entry.get("role"), entry.get("password_hash")
        city = str(entry.get("city", ""))
        if (
            isinstance(role, str)
            and role in ROLES
            and isinstance(hashed, str)
            and (not city or CITY_PATTERN.match(city))
        ):
            users[name] = User(name, role, hashed, str(entry.get("created_at", "")), city)
    return users


class UserStore:
    """users.toml: read (cached by modification time) and written atomically with mode 0600."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._cache: tuple[tuple[int, int], dict[str, User]] | None = None

    def load(self) -> dict[str, User]:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return {}
        stamp = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if self._cache is not None and self._cache[0] == stamp:
                return dict(self._cache[1])
            try:
                users = loads(self.path.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise UserError(f"cannot read {self.path}: {exc}") from exc
            self._cache = (stamp, users)
            return dict(users)

    def get(self, name: str) -> User | None:
        return self.load().get(name)

    def authenticate(self, name: str, password: str) -> User | None:
        """The user when name and password match, else None (same work either way)."""
        user = self.get(name) if NAME_PATTERN.match(name) else None
        ok = verify_password(password, user.password_hash if user else _DUMMY_HASH)
        return user if (user is not None and ok) else None

    def add(
        self, name: str, role: str, password: str, *, replace: bool = False, city: str = ""
    ) -> User:
        check_name(name)
        check_role(role)
        check_city(city)
        check_password(password)
        users = self.load()
        if name in users and not replace:
            raise UserError(f"user {name!r} exists; remove it first or choose another name")
        created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        user = User(name, role, hash_password(password), created, city)
        users[name] = user
        self._write(users)
        return user

    def remove(self, name: str) -> None:
        users = self.load()
        if name not in users:
            raise UserError(f"no user {name!r}; `civicpulse users list` shows who exists")
        del users[name]
        self._write(users)

    def _write(self, users: dict[str, User]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{secrets.token_hex(4)}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(dumps(users))
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        with self._lock:
            self._cache = None
