"""Google Ads API settings from a google-ads.yaml file and/or environment variables.

Keys follow the official library (developer_token, client_id, client_secret, refresh_token,
login_customer_id, endpoint) so an existing google-ads.yaml works unchanged; environment
variables GOOGLE_ADS_<KEY> override the file. The accounts to pull come from `customer_ids` in
the file, CIVICPULSE_GOOGLE_ADS_CUSTOMER_IDS (comma-separated) or the command line.

Secrets are wrapped in `Secret`, whose repr/str never shows the value, so a logged or printed
config cannot leak them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]

from ingest.google_ads_api.errors import GoogleAdsConfigError

ENV_PREFIX = "GOOGLE_ADS_"
CUSTOMER_IDS_ENV = "CIVICPULSE_GOOGLE_ADS_CUSTOMER_IDS"
CONFIG_PATH_ENV = "GOOGLE_ADS_CONFIGURATION_FILE_PATH"  # the library's own variable
SECRET_KEYS = ("developer_token", "client_id", "client_secret", "refresh_token")
PLAIN_KEYS = ("login_customer_id", "endpoint")
_CUSTOMER_ID = re.compile(r"^\d{10}$")


class Secret:
    """A string that does not print itself. Call `reveal()` only where the library needs it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True)
class GoogleAdsConfig:
    developer_token: Secret
    client_id: Secret
    client_secret: Secret
    refresh_token: Secret
    login_customer_id: str | None
    customer_ids: tuple[str, ...]
    endpoint: str | None = None

    def library_dict(self) -> dict[str, Any]:
        """The dict `GoogleAdsClient.load_from_dict` takes (contains the secrets: do not log)."""
        config: dict[str, Any] = {
            "developer_token": self.developer_token.reveal(),
            "client_id": self.client_id.reveal(),
            "client_secret": self.client_secret.reveal(),
            "refresh_token": self.refresh_token.reveal(),
            "use_proto_plus": True,
        }
        if self.login_customer_id:
            config["login_customer_id"] = self.login_customer_id
        if self.endpoint:
            config["endpoint"] = self.endpoint
        return config


def normalise_customer_id(value: object, key: str = "customer id") -> str:
    """'123-456-7890' or 1234567890 → '1234567890'; anything else is refused by name."""
    text = str(value).strip().replace("-", "")
    if not _CUSTOMER_ID.match(text):
        raise GoogleAdsConfigError(
            f"google-ads configuration: {key} {str(value)!r} is not a customer id "
            "(10 digits, dashes allowed: 123-456-7890)"
        )
    return text


def load_config(
    path: Path | None = None,
    environ: Mapping[str, str] | None = None,
    customer_ids: Iterable[str] = (),
) -> GoogleAdsConfig:
    """Read `path` (or GOOGLE_ADS_CONFIGURATION_FILE_PATH), let the environment override it,
    and let explicit `customer_ids` override both. Every missing key is named in one error."""
    env = dict(os.environ if environ is None else environ)
    file_path = path or (Path(env[CONFIG_PATH_ENV]) if env.get(CONFIG_PATH_ENV) else None)
    values = _read_yaml(file_path) if file_path else {}
    for key in (*SECRET_KEYS, *PLAIN_KEYS):
        if env.get(ENV_PREFIX + key.upper()):
            values[key] = env[ENV_PREFIX + key.upper()]
    where = f"{file_path} or " if file_path else "google-ads.yaml (--config) or "
    missing = [key for key in SECRET_KEYS if not str(values.get(key) or "").strip()]
    if missing:
        names = ", ".join(f"{k!r} ({ENV_PREFIX}{k.upper()})" for k in missing)
        raise GoogleAdsConfigError(
            f"google-ads configuration: missing {names}; set it in {where}the environment"
        )
    ids = _customer_ids(customer_ids, env, values)
    if not ids:
        raise GoogleAdsConfigError(
            "google-ads configuration: missing 'customer_ids' — give --customer-id, "
            f"{CUSTOMER_IDS_ENV}=1234567890,… or customer_ids: in {where.removesuffix(' or ')}"
        )
    login = values.get("login_customer_id")
    return GoogleAdsConfig(
        developer_token=Secret(str(values["developer_token"]).strip()),
        client_id=Secret(str(values["client_id"]).strip()),
        client_secret=Secret(str(values["client_secret"]).strip()),
        refresh_token=Secret(str(values["refresh_token"]).strip()),
        login_customer_id=normalise_customer_id(login, "login_customer_id") if login else None,
        customer_ids=ids,
        endpoint=str(values["endpoint"]).strip() if values.get("endpoint") else None,
    )


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GoogleAdsConfigError(f"google-ads configuration: {path} does not exist") from None
    except yaml.MarkedYAMLError as error:
        # str(error) quotes the offending line, which may hold a secret: give only the place.
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"
        raise GoogleAdsConfigError(
            f"google-ads configuration: {path} is not valid YAML ({error.problem}, {where})"
        ) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        reason = type(error).__name__
        raise GoogleAdsConfigError(
            f"google-ads configuration: cannot read {path}: {reason}"
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise GoogleAdsConfigError(
            f"google-ads configuration: {path} must be a mapping of keys (developer_token: …)"
        )
    return {str(k): v for k, v in data.items()}


def _customer_ids(
    explicit: Iterable[str], env: Mapping[str, str], values: Mapping[str, Any]
) -> tuple[str, ...]:
    raw: list[object] = list(explicit)
    if not raw and env.get(CUSTOMER_IDS_ENV):
        raw.extend(env[CUSTOMER_IDS_ENV].split(","))
    if not raw:
        listed = values.get("customer_ids") or []
        raw.extend(listed if isinstance(listed, list) else str(listed).split(","))
    ids = [normalise_customer_id(value) for value in raw if str(value).strip()]
    return tuple(dict.fromkeys(ids))  # a repeated id would load its rows twice
