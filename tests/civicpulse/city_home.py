"""One small sample city, built once per pytest process through the real CLI with known secret
values, shared by the privacy and secrets tests (building it takes minutes on 2 cores).

`built_city(root)` runs `civicpulse sample`, `users add --password-stdin` and `civicpulse run`
in subprocesses with CIVICPULSE_PSEUDONYM_KEY, CIVICPULSE_SECRET_KEY and the Google Ads
variables set to canary values, and keeps every command's stdout and stderr."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

CLI = [sys.executable, "-m", "civicpulse.cli"]
SEED = "7"
SCALE = "0.002"
# Web traffic of the first GA4_DAYS days only: ingesting a year of daily GA4 files one by one
# takes ~10 minutes when the 2 cores are shared. Every other source (including all planted PII:
# call-centre notes, survey comments) is loaded whole.
GA4_DAYS = 45

SECRETS = {
    "CIVICPULSE_PSEUDONYM_KEY": "pseudonym-canary-6a1f0c93e2b74d58",
    "CIVICPULSE_SECRET_KEY": "session-secret-canary-0f3b9e7d1c2a4b6e8d0f",
    "GOOGLE_ADS_DEVELOPER_TOKEN": "devtoken-canary-Zq81Lw",
    "GOOGLE_ADS_CLIENT_ID": "clientid-canary-77.apps.googleusercontent.com",
    "GOOGLE_ADS_CLIENT_SECRET": "clientsecret-canary-Kx93",
    "GOOGLE_ADS_REFRESH_TOKEN": "1//refresh-canary-Yt55Pq",
}
PASSWORD = "password-canary-うさぎ-3141"
USER = "ana"


@dataclass
class City:
    home: Path
    env: dict[str, str]
    outputs: list[tuple[str, str, str]] = field(default_factory=list)  # (command, out, err)

    def cli(
        self, *args: str, stdin: str | None = None, check: bool = True, timeout: float = 1800
    ) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [*CLI, *args],
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=self.home.parent,
        )
        self.outputs.append((" ".join(args[:2]), done.stdout, done.stderr))
        if check and done.returncode != 0:
            raise AssertionError(f"civicpulse {args} failed:\n{done.stdout}\n{done.stderr}")
        return done


_BUILT: dict[str, City] = {}


def built_city(root: Path) -> City:
    """The sample city under root/home (built on the first call in this process)."""
    if "city" in _BUILT:
        return _BUILT["city"]
    home = root / "home"
    home.mkdir(parents=True)
    env = {**os.environ, **SECRETS, "CIVICPULSE_HOME": str(home)}
    env.pop("CIVICPULSE_MUNICIPALITY_CODE", None)
    env["CIVICPULSE_GOOGLE_ADS_CUSTOMER_IDS"] = "1234567890"
    city = City(home, env)
    city.cli("sample", "--seed", SEED, "--scale", SCALE, "--out", str(home / "inbox"))
    later = root / "ga4_not_ingested"
    later.mkdir()
    for path in sorted((home / "inbox" / "ga4").glob("events_*"))[GA4_DAYS:]:
        path.rename(later / path.name)
    city.cli("users", "add", USER, "--role", "analyst", "--password-stdin", stdin=PASSWORD + "\n")
    city.cli("run")
    _BUILT["city"] = city
    return city
