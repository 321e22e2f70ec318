"""Settings from google-ads.yaml and the environment; secrets never shown."""

from __future__ import annotations

from pathlib import Path

import google.ads.googleads.config as library_config
import pytest

from ingest.google_ads_api.config import GoogleAdsConfig, load_config
from ingest.google_ads_api.errors import GoogleAdsConfigError

SECRETS = {
    "developer_token": "DEVTOKEN-abc123",
    "client_id": "123-client.apps.googleusercontent.com",
    "client_secret": "GOCSPX-secret-xyz",
    "refresh_token": "1//refresh-token-value",
}


def write_yaml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "google-ads.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def full_yaml(tmp_path: Path) -> Path:
    lines = [f"{k}: {v}" for k, v in SECRETS.items()]
    lines += [
        "login_customer_id: 999-000-1111",
        "use_proto_plus: True",
        "customer_ids:",
        "  - 123-456-7890",
        "  - 2345678901",
    ]
    return write_yaml(tmp_path, "\n".join(lines) + "\n")


def test_reads_a_google_ads_yaml(tmp_path: Path) -> None:
    config = load_config(full_yaml(tmp_path), environ={})
    assert config.customer_ids == ("1234567890", "2345678901")
    assert config.login_customer_id == "9990001111"
    assert config.developer_token.reveal() == SECRETS["developer_token"]
    assert config.endpoint is None


def test_environment_alone_and_overrides(tmp_path: Path) -> None:
    env = {f"GOOGLE_ADS_{k.upper()}": v for k, v in SECRETS.items()}
    env["CIVICPULSE_GOOGLE_ADS_CUSTOMER_IDS"] = "1234567890, 1234567890,345-678-9012"
    config = load_config(None, environ=env)
    assert config.customer_ids == ("1234567890", "3456789012")  # repeats dropped
    assert config.login_customer_id is None
    overridden = load_config(full_yaml(tmp_path), environ={"GOOGLE_ADS_REFRESH_TOKEN": "from-env"})
    assert overridden.refresh_token.reveal() == "from-env"
    via_path_variable = load_config(
        None, environ={"GOOGLE_ADS_CONFIGURATION_FILE_PATH": str(full_yaml(tmp_path))}
    )
    assert via_path_variable.customer_ids == ("1234567890", "2345678901")


def test_command_line_customer_ids_win(tmp_path: Path) -> None:
    config = load_config(full_yaml(tmp_path), environ={}, customer_ids=["555-555-5555"])
    assert config.customer_ids == ("5555555555",)


def test_missing_keys_are_named(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, "developer_token: x\nclient_id: y\n")
    with pytest.raises(GoogleAdsConfigError) as caught:
        load_config(path, environ={}, customer_ids=["1234567890"])
    message = str(caught.value)
    assert "'client_secret' (GOOGLE_ADS_CLIENT_SECRET)" in message
    assert "'refresh_token' (GOOGLE_ADS_REFRESH_TOKEN)" in message
    assert "developer_token" not in message and str(path) in message


def test_missing_customer_ids_are_named(tmp_path: Path) -> None:
    env = {f"GOOGLE_ADS_{k.upper()}": v for k, v in SECRETS.items()}
    with pytest.raises(GoogleAdsConfigError, match="missing 'customer_ids'.*--customer-id"):
        load_config(None, environ=env)


def test_malformed_customer_id_is_refused(tmp_path: Path) -> None:
    with pytest.raises(GoogleAdsConfigError, match="'12345' is not a customer id"):
        load_config(full_yaml(tmp_path), environ={}, customer_ids=["12345"])


def test_missing_file_and_bad_yaml(tmp_path: Path) -> None:
    with pytest.raises(GoogleAdsConfigError, match="does not exist"):
        load_config(tmp_path / "nope.yaml", environ={})
    bad = write_yaml(tmp_path, f"refresh_token: {SECRETS['refresh_token']}\n  : [unclosed\n")
    with pytest.raises(GoogleAdsConfigError) as caught:
        load_config(bad, environ={})
    assert "not valid YAML" in str(caught.value) and "line" in str(caught.value)
    assert SECRETS["refresh_token"] not in str(caught.value)


def test_secrets_never_show_in_repr_or_str(tmp_path: Path) -> None:
    config = load_config(full_yaml(tmp_path), environ={})
    for text in (repr(config), str(config), f"{config.refresh_token}"):
        for secret in SECRETS.values():
            assert secret not in text
    assert "Secret('***')" in repr(config)


def test_library_accepts_the_dict(tmp_path: Path) -> None:
    """The official library's own validation (no network: credentials are built later)."""
    config: GoogleAdsConfig = load_config(full_yaml(tmp_path), environ={})
    checked = library_config.load_from_dict(config.library_dict())
    assert checked["login_customer_id"] == "9990001111"
    assert checked["use_proto_plus"] is True
