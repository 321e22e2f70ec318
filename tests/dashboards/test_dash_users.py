"""Users: scrypt hashes, users.toml, and `civicpulse users add|list|remove`."""

from __future__ import annotations

import json
import stat
import tomllib

import pytest
from click.testing import CliRunner

from civicpulse.users_cli import ensure_demo_user, users
from dashboards.users import (
    User,
    UserError,
    UserStore,
    dumps,
    hash_password,
    loads,
    verify_password,
)

PASSWORD = "a long enough password"


def test_hash_and_verify():
    hashed = hash_password(PASSWORD)
    assert hashed.startswith("scrypt$32768$8$1$") and PASSWORD not in hashed
    assert verify_password(PASSWORD, hashed)
    assert not verify_password(PASSWORD + "x", hashed)
    assert hash_password(PASSWORD) != hashed  # salted
    for broken in ("", "plain", "scrypt$x$8$1$AA$AA", "pbkdf2$1$1$1$AA$AA"):
        assert not verify_password(PASSWORD, broken)


def test_toml_round_trip_is_read_by_tomllib():
    users = {
        "hanako.yamada": User("hanako.yamada", "analyst", 'scrypt$1$"quoted"\\', "2025-04-01"),
        "a-b_c": User("a-b_c", "pr_staff", "h", ""),
    }
    text = dumps(users)
    assert tomllib.loads(text)["users"]["hanako.yamada"]["role"] == "analyst"
    assert loads(text) == users


def test_unknown_roles_in_the_file_are_ignored():
    text = '[users.x]\nrole = "superuser"\npassword_hash = "h"\n[users.y]\nrole = "admin"\n'
    assert loads(text) == {}


def test_store_add_remove_and_file_mode(tmp_path):
    store = UserStore(tmp_path / "home" / "users.toml")
    assert store.load() == {}
    user = store.add("hanako", "analyst", PASSWORD)
    assert user.can_use_sql and store.get("hanako") == user
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert PASSWORD not in store.path.read_text()
    assert store.authenticate("hanako", PASSWORD) == user
    assert store.authenticate("hanako", "wrong password!") is None
    assert store.authenticate("nobody", PASSWORD) is None
    assert store.authenticate("bad name!", PASSWORD) is None
    with pytest.raises(UserError, match="exists"):
        store.add("hanako", "admin", PASSWORD)
    replaced = store.add("hanako", "pr_staff", PASSWORD + "2", replace=True)
    assert replaced.fingerprint != user.fingerprint and not replaced.can_use_sql
    store.remove("hanako")
    assert store.load() == {}
    with pytest.raises(UserError, match="no user"):
        store.remove("hanako")


@pytest.mark.parametrize(
    ("name", "role", "password", "message"),
    [
        ("", "admin", PASSWORD, "not allowed"),
        ("has space", "admin", PASSWORD, "not allowed"),
        ("日本語", "admin", PASSWORD, "not allowed"),
        ("ok", "root", PASSWORD, "not known"),
        ("ok", "admin", "short", "at least 12"),
        ("ok", "admin", " padded password ", "spaces"),
    ],
)
def test_store_validates_input(tmp_path, name, role, password, message):
    with pytest.raises(UserError, match=message):
        UserStore(tmp_path / "users.toml").add(name, role, password)


def test_store_sees_changes_made_by_another_process(tmp_path):
    path = tmp_path / "users.toml"
    reader, writer = UserStore(path), UserStore(path)
    assert reader.load() == {}
    writer.add("taro", "executive", PASSWORD)
    assert "taro" in reader.load()


@pytest.fixture
def cli(tmp_path, monkeypatch):
    monkeypatch.setenv("CIVICPULSE_HOME", str(tmp_path / "home"))
    runner = CliRunner()
    return lambda *args, **kw: runner.invoke(users, list(args), **kw)


def test_cli_add_list_remove(cli, tmp_path):
    added = cli("add", "hanako", "--role", "analyst", "--password-stdin", input=PASSWORD + "\n")
    assert added.exit_code == 0, added.output
    assert "hanako (analyst) saved" in added.output
    prompted = cli("add", "taro", "--role", "executive", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert prompted.exit_code == 0, prompted.output
    assert PASSWORD not in prompted.output
    listed = cli("list")
    assert listed.exit_code == 0
    lines = [line.split("\t")[:2] for line in listed.stdout.splitlines()]
    assert lines == [["hanako", "analyst"], ["taro", "executive"]]
    assert "scrypt" not in listed.output
    removed = cli("remove", "taro")
    assert removed.exit_code == 0 and "taro removed" in removed.output
    home = tmp_path / "home"
    assert set(UserStore(home / "users.toml").load()) == {"hanako"}
    events = [json.loads(line) for line in (home / "logs" / "audit.log").read_text().splitlines()]
    assert [e["event"] for e in events] == ["user_added", "user_added", "user_removed"]
    assert PASSWORD not in (home / "logs" / "audit.log").read_text()


def test_cli_refuses_clearly(cli):
    weak = cli("add", "hanako", "--role", "admin", "--password-stdin", input="short\n")
    assert weak.exit_code == 1 and "at least 12 characters" in weak.output
    bad_role = cli("add", "hanako", "--role", "root", "--password-stdin", input=PASSWORD)
    assert bad_role.exit_code == 2 and "executive" in bad_role.output
    cli("add", "hanako", "--role", "admin", "--password-stdin", input=PASSWORD)
    again = cli("add", "hanako", "--role", "admin", "--password-stdin", input=PASSWORD)
    assert again.exit_code == 1 and "exists" in again.output
    missing = cli("remove", "nobody")
    assert missing.exit_code == 1 and "no user 'nobody'" in missing.output
    assert cli("--help").exit_code == 0 and "prefecture and admin" in cli("--help").output


def test_demo_user_gets_a_fresh_password_each_time(tmp_path):
    from warehouse.paths import HomePaths

    paths = HomePaths(tmp_path / "home")
    name, first = ensure_demo_user(paths)
    store = UserStore(paths.users)
    assert name == "demo" and store.get("demo").role == "admin"
    assert store.authenticate("demo", first) is not None
    _, second = ensure_demo_user(paths)
    assert second != first
    assert store.authenticate("demo", first) is None
    assert store.authenticate("demo", second) is not None


def test_cli_binds_a_user_to_a_city(cli, tmp_path):
    added = cli(
        "add", "jiro", "--role", "pr_staff", "--city", "990027", "--password-stdin",
        input=PASSWORD + "\n",
    )  # fmt: skip
    assert added.exit_code == 0 and "city 990027" in added.output
    cli("add", "ken", "--role", "prefecture", "--password-stdin", input=PASSWORD + "\n")
    rows = [line.split("\t")[:3] for line in cli("list").stdout.splitlines()]
    assert rows == [["jiro", "pr_staff", "990027"], ["ken", "prefecture", "(all)"]]
    stored = UserStore(tmp_path / "home" / "users.toml").load()
    assert (stored["jiro"].city, stored["jiro"].sees_every_city) == ("990027", False)
    assert stored["ken"].sees_every_city
    bad = cli(
        "add", "x", "--role", "pr_staff", "--city", "tokyo", "--password-stdin", input=PASSWORD
    )
    assert bad.exit_code == 1 and "6-digit municipality code" in bad.output
