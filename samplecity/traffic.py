"""Acquisition channels (GA4 source / medium) and their day-by-day modifiers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from samplecity.fiscal import FiscalCalendar


@dataclass(frozen=True)
class Channel:
    channel_id: str
    source: str
    medium: str
    campaign: str  # the GA4 campaign value ("(organic)", "(referral)", a UTM campaign ...)
    referrer: str | None  # page_referrer of the landing page
    utm: bool  # landing page_location carries utm_* parameters
    label: str
    audience: int | None = None  # planted reach (subscribers / followers) where it applies


CHANNELS: tuple[Channel, ...] = (
    Channel(
        "google", "google", "organic", "(organic)", "https://www.google.com/", False, "Google 検索"
    ),
    Channel(
        "yahoo",
        "yahoo",
        "organic",
        "(organic)",
        "https://search.yahoo.co.jp/",
        False,
        "Yahoo! JAPAN 検索",
    ),
    Channel("direct", "(direct)", "(none)", "(direct)", None, False, "直接"),
    Channel("line", "line", "social", "line_official", None, True, "LINE 公式アカウント", 38_000),
    Channel("x", "t.co", "referral", "(referral)", "https://t.co/", False, "X（旧Twitter）", 9_500),
    Channel(
        "facebook",
        "m.facebook.com",
        "referral",
        "(referral)",
        "https://m.facebook.com/",
        False,
        "Facebook",
        4_200,
    ),
    Channel(
        "smartnews",
        "smartnews.com",
        "referral",
        "(referral)",
        "https://www.smartnews.com/",
        False,
        "SmartNews",
    ),
    Channel("email", "newsletter", "email", "mailmag", None, True, "メールマガジン", 12_000),
    Channel("cpc", "google", "cpc", "", "https://www.google.com/", True, "Google 広告"),
)
CHANNEL_INDEX = {c.channel_id: i for i, c in enumerate(CHANNELS)}
CPC = CHANNEL_INDEX["cpc"]
DIRECT = CHANNEL_INDEX["direct"]
N_ORGANIC_CHANNELS = len(CHANNELS) - 1


def mailmag_send_days(cal: FiscalCalendar) -> np.ndarray:
    """メールマガジン goes out on the 1st and the 15th of every month."""
    return np.array([d.day in (1, 15) for d in cal.dates])


def mailmag_campaigns(cal: FiscalCalendar) -> list[str]:
    """UTM campaign of the latest newsletter on each day: mailmag_YYYYMMDD."""
    out: list[str] = []
    current = f"mailmag_{cal.dates[0]:%Y%m%d}"
    for d in cal.dates:
        if d.day in (1, 15):
            current = f"mailmag_{d:%Y%m%d}"
        out.append(current)
    return out


def channel_day_modifiers(cal: FiscalCalendar, typhoon: np.ndarray) -> np.ndarray:
    """(organic channels x days) multipliers of the base channel mix, each row with mean ~1."""
    n = cal.n_days
    mod = np.ones((N_ORGANIC_CHANNELS, n))
    send = mailmag_send_days(cal).astype(float)
    email = 0.2 + 6.0 * send + 2.5 * np.roll(send, 1) + 1.0 * np.roll(send, 2)
    mod[CHANNEL_INDEX["email"]] = email / email.mean()
    line = np.where(cal.dow == 4, 2.2, 1.0) + 2.0 * typhoon
    mod[CHANNEL_INDEX["line"]] = line / line.mean()
    x = 1.0 + 4.0 * typhoon
    mod[CHANNEL_INDEX["x"]] = x / x.mean()
    return mod
