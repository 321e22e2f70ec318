"""`civicpulse users add|list|remove`: the dashboard's accounts in CIVICPULSE_HOME/users.toml.

Passwords come from a prompt (typed twice, not echoed) or, for scripts, from standard input
with --password-stdin (first line). They are stored as scrypt hashes only (dashboards.users).
Every change is written to the audit log (CIVICPULSE_HOME/logs/audit.log) without the
password. Registered on the main group by civicpulse.cli (`main.add_command(users)`).
"""

from __future__ import annotations

import getpass
import secrets
import sys

import click

from dashboards.auditlog import AuditLog
from dashboards.users import MIN_PASSWORD_LENGTH, ROLES, UserError, UserStore
from warehouse.paths import HomePaths

DEMO_USER = "demo"


def _paths() -> HomePaths:
    return HomePaths.from_env()


def _store(paths: HomePaths) -> UserStore:
    return UserStore(paths.users)


def _audit(paths: HomePaths, event: str, **fields: object) -> None:
    try:
        operator = getpass.getuser()
    except (KeyError, OSError):
        operator = "unknown"
    AuditLog(paths.logs / "audit.log").write(event, user=None, ip=None, operator=operator, **fields)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def users() -> None:
    """Manage dashboard users (roles: executive, pr_staff, analyst, prefecture, admin).

    analyst, prefecture and admin may use the SQL page; every role sees the other pages.
    --city binds a user to one municipality; prefecture and admin see every city.
    """


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True, help="What the user may do.")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input (for scripts).",
)
@click.option("--replace", is_flag=True, help="Overwrite an existing user (new password/role).")
@click.option(
    "--city",
    default="",
    help="Municipality code (6 digits) the user belongs to; default: the installation's own.",
)
def add(name: str, role: str, password_stdin: bool, replace: bool, city: str) -> None:
    """Add user NAME with ROLE; the password is prompted for (or read from stdin)."""
    paths = _paths()
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt(
            f"Password for {name} (at least {MIN_PASSWORD_LENGTH} characters)",
            hide_input=True,
            confirmation_prompt=True,
        )
    try:
        user = _store(paths).add(name, role, password, replace=replace, city=city)
    except UserError as error:
        raise click.ClickException(str(error)) from None
    _audit(paths, "user_added", name=user.name, role=user.role, city=user.city, replaced=replace)
    where = f", city {user.city}" if user.city else ""
    click.echo(f"users: {user.name} ({user.role}{where}) saved in {paths.users}")


@users.command("list")
def list_users() -> None:
    """List users with their roles (never passwords)."""
    paths = _paths()
    try:
        found = _store(paths).load()
    except UserError as error:
        raise click.ClickException(str(error)) from None
    for name in sorted(found):
        user = found[name]
        city = user.city or ("(all)" if user.sees_every_city else "(default)")
        click.echo(f"{user.name}\t{user.role}\t{city}\t{user.created_at}")
    click.echo(f"users: {len(found)} in {paths.users}", err=True)


@users.command("remove")
@click.argument("name")
def remove(name: str) -> None:
    """Remove user NAME (their open sessions end at their next request)."""
    paths = _paths()
    try:
        _store(paths).remove(name)
    except UserError as error:
        raise click.ClickException(str(error)) from None
    _audit(paths, "user_removed", name=name)
    click.echo(f"users: {name} removed from {paths.users}")


def ensure_demo_user(paths: HomePaths) -> tuple[str, str]:
    """For `civicpulse demo`: (re)create the admin user ``demo`` with a fresh random password
    and return (name, password) so the caller can print it once. Run again, it rotates the
    password (the old one stops working)."""
    password = secrets.token_urlsafe(15)
    _store(paths).add(DEMO_USER, "admin", password, replace=True)
    _audit(paths, "user_added", name=DEMO_USER, role="admin", replaced=True, demo=True)
    return DEMO_USER, password
