"""The year's GA4 users and sessions, drawn up front (session level is small; events are not).

Every user belongs to one segment for the whole year and has at least one session. New users
(first touch in the fiscal year) have an entry session (first_visit) and later sessions only on
later days; returning users (first touch before the year) visit on any day. Sessions driven by
Google Ads are drawn from the campaigns' daily clicks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from samplecity.campaigns import Campaign
from samplecity.devices import draw_device_profiles, draw_geos
from samplecity.fiscal import FiscalCalendar
from samplecity.sampling import grouped_choice, inverse_cdf_days
from samplecity.seasonality import moving_season
from samplecity.segments import Segment
from samplecity.site import FORM_PAGE, LANGS, PAGES, TOPICS
from samplecity.traffic import CHANNELS, CPC

SESSIONS_PER_YEAR_AT_SCALE_1 = 6.4e6  # organic sessions; ~6.2 events each -> ~40M events
CPC_SESSIONS_PER_CLICK = 0.88
CPC_NEW_USER_SHARE = 0.6
_GCLID_ALPHABET = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"))


@dataclass
class Users:
    segment: np.ndarray
    device_profile: np.ndarray
    device_lang: np.ndarray  # index into DEVICE_LANGS
    reader: np.ndarray  # index into LANGS
    geo: np.ndarray
    returning: np.ndarray
    prior_sessions: np.ndarray
    first_touch_us: np.ndarray
    first_channel: np.ndarray
    first_campaign: np.ndarray  # index into campaign names
    pseudo_id: pl.Series

    @property
    def n(self) -> int:
        return len(self.segment)


@dataclass
class Sessions:
    """Sorted by (day, start time, user); day_bounds[d]:day_bounds[d+1] slices one day."""

    user: np.ndarray
    day: np.ndarray
    ts_us: np.ndarray
    channel: np.ndarray
    campaign: np.ndarray
    topic: np.ndarray
    landing: np.ndarray  # forced landing page index, -1 if none
    form_page: np.ndarray  # page of the e-application a cpc session is meant for, -1 if none
    first_visit: np.ndarray
    number: np.ndarray  # ga_session_number
    gclid: np.ndarray  # object: str for cpc sessions, None otherwise
    day_bounds: np.ndarray

    @property
    def n(self) -> int:
        return len(self.user)


def campaign_name_table(mailmag: list[str], campaigns: list[Campaign]) -> list[str]:
    fixed = ["(organic)", "(referral)", "(direct)", "line_official", "mailmag"]
    return fixed + sorted(set(mailmag)) + [c.name for c in campaigns]


def _channel_campaign(names: list[str]) -> np.ndarray:
    """Campaign-name index of each organic channel (email resolved per day elsewhere)."""
    by_campaign = {
        c: names.index(c)
        for c in ("(organic)", "(referral)", "(direct)", "line_official", "mailmag")
    }
    return np.array([by_campaign.get(c.campaign, -1) for c in CHANNELS[:-1]])


def _segment_days(seg: Segment, cal: FiscalCalendar, season: np.ndarray) -> np.ndarray:
    dow = np.where(cal.is_weekend | cal.is_holiday, seg.weekend_factor, 1.0)
    return dow * (seg.topic_pref @ season)


def _cdf(w: np.ndarray) -> np.ndarray:
    c = np.cumsum(w)
    return c / c[-1]


def _organic(
    segs: list[Segment], cal: FiscalCalendar, season: np.ndarray, rng: np.random.Generator
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Users (segment, returning) and their sessions (user, day, entry).

    Each segment's sessions per day follow its shape exactly (weekly cycle x seasonality).
    New users arrive on an entry day (their first_visit); every other session goes to a user
    already known on that day (returning users, or new users who arrived on an earlier day),
    chosen in proportion to a per-user activity weight. Users drawn no session are dropped later.
    """
    u_seg, u_ret, s_user, s_day, s_entry = [], [], [], [], []
    offset = 0
    for g in segs:
        n = g.n_users
        shape = _segment_days(g, cal, season)
        n_ret = int(rng.binomial(n, g.base.returning_share))
        n_new = n - n_ret
        dow = np.where(cal.is_weekend | cal.is_holiday, g.weekend_factor, 1.0)
        arrival = shape if g.base.arrival == "uniform" else moving_season(cal) * dow
        entry = np.sort(inverse_cdf_days(rng, _cdf(arrival), np.zeros(n_new)))
        # users: returning first, then new users in order of arrival
        activity = np.cumsum(rng.gamma(0.7, 1.0, size=n))
        known = n_ret + np.searchsorted(entry, np.arange(cal.n_days), side="left")
        repeats = max(int(round(n * g.visits_per_year)) - n_new, 0)
        per_day = rng.multinomial(repeats, shape / shape.sum())
        r_day = np.repeat(np.arange(cal.n_days), per_day)
        r_day = r_day[known[r_day] > 0]
        top = activity[known[r_day] - 1]
        r_user = np.searchsorted(activity, rng.random(len(r_day)) * top, side="right")
        s_user.append(np.concatenate([n_ret + np.arange(n_new), r_user]) + offset)
        s_day.append(np.concatenate([entry, r_day]).astype(np.int64))
        s_entry.append(np.concatenate([np.ones(n_new, bool), np.zeros(len(r_day), bool)]))
        u_seg.append(np.full(n, g.index, dtype=np.int8))
        u_ret.append(np.arange(n) < n_ret)
        offset += n
    users = {"segment": np.concatenate(u_seg), "returning": np.concatenate(u_ret)}
    sessions = {
        "user": np.concatenate(s_user),
        "day": np.concatenate(s_day),
        "entry": np.concatenate(s_entry),
    }
    return users, sessions


def _cpc(
    ads: pl.DataFrame,
    campaigns: list[Campaign],
    segs: list[Segment],
    users: dict[str, np.ndarray],
    device_cat: np.ndarray,
    cal: FiscalCalendar,
    scale: float,
    rng: np.random.Generator,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Ad-driven sessions: new users (returned separately) or returning users of the segment."""
    cidx = {c.name: i for i, c in enumerate(campaigns)}
    row_c = ads["campaign_name"].replace_strict(cidx).to_numpy()
    row_day = np.array([cal.index_of(d) for d in ads["date"].to_list()], dtype=np.int64)
    row_dev = ads["device_index"].to_numpy()
    n = rng.poisson(ads["clicks"].to_numpy() * scale * CPC_SESSIONS_PER_CLICK)
    camp = np.repeat(row_c, n)
    day = np.repeat(row_day, n)
    dev = np.repeat(row_dev, n)
    seg_ids = [g.segment_id for g in segs]
    weights = np.array([[c.theme.segments.get(s, 0.0) for s in seg_ids] for c in campaigns])
    seg = grouped_choice(rng, weights, camp).astype(np.int8)
    new = rng.random(len(camp)) < CPC_NEW_USER_SHARE
    user = np.full(len(camp), -1, dtype=np.int64)
    for g in range(len(segs)):
        for d in range(3):
            pool = np.flatnonzero((users["segment"] == g) & users["returning"] & (device_cat == d))
            pick = np.flatnonzero(~new & (seg == g) & (dev == d))
            if len(pool) and len(pick):
                user[pick] = rng.choice(pool, size=len(pick))
    new = user < 0
    new_users = {"segment": seg[new], "device_cat": dev[new].astype(np.int8)}
    sessions = {"user": user, "day": day, "campaign": camp, "new": new}
    return new_users, sessions


def _gclids(rng: np.random.Generator, n: int) -> np.ndarray:
    codes = rng.integers(0, len(_GCLID_ALPHABET), size=(n, 40))
    chars = _GCLID_ALPHABET[codes]
    return np.array(["Cj0KCQjw" + "".join(row) for row in chars], dtype=object)


def _start_times(
    segs: list[Segment],
    seg: np.ndarray,
    day: np.ndarray,
    cal: FiscalCalendar,
    rng: np.random.Generator,
) -> np.ndarray:
    hours = np.stack([h for g in segs for h in (g.hours_weekday, g.hours_weekend)])
    weekend = (cal.is_weekend | cal.is_holiday)[day].astype(np.int64)
    hour = grouped_choice(rng, hours, seg.astype(np.int64) * 2 + weekend)
    # sessions starting in the 23h start before 23:30, so all their events (<= 19 min of pages
    # plus <= 10 min on the last one) keep the session's date
    minutes = np.floor(rng.random(len(day)) * np.where(hour == 23, 30, 60))
    micros = rng.integers(0, 60_000_000, size=len(day))
    return (
        cal.day_start_us[day]
        + hour * 3_600_000_000
        + (minutes * 60_000_000).astype(np.int64)
        + micros
    )


def build_audience(
    cal: FiscalCalendar,
    segs: list[Segment],
    season: np.ndarray,
    chan_mod: np.ndarray,
    mailmag: list[str],
    campaigns: list[Campaign],
    ads: pl.DataFrame,
    scale: float,
    device_langs: list[str],
    rng: np.random.Generator,
) -> tuple[Users, Sessions, list[str]]:
    """All users and sessions of the year, and the campaign-name table their indices refer to."""
    names = campaign_name_table(mailmag, campaigns)
    mean_visits = sum(g.share * g.visits_per_year for g in segs)
    n_total = max(int(round(SESSIONS_PER_YEAR_AT_SCALE_1 * scale / mean_visits)), len(segs))
    counts = rng.multinomial(n_total, [g.share for g in segs])
    for g, c in zip(segs, counts, strict=True):
        g.n_users = max(int(c), 1)
    org_users, org_sess = _organic(segs, cal, season, rng)
    seg_of = org_users["segment"]
    dev_mix = np.stack([g.device_mix for g in segs])
    device_cat = grouped_choice(rng, dev_mix, seg_of.astype(np.int64)).astype(np.int8)
    cpc_users, cpc_sess = _cpc(ads, campaigns, segs, org_users, device_cat, cal, scale, rng)

    # all users: organic first, then those acquired by ads
    n_org = len(seg_of)
    segment = np.concatenate([seg_of, cpc_users["segment"]])
    device_cat = np.concatenate([device_cat, cpc_users["device_cat"]])
    returning = np.concatenate([org_users["returning"], np.zeros(len(cpc_users["segment"]), bool)])
    cpc_user = cpc_sess["user"].copy()
    cpc_user[cpc_sess["new"]] = n_org + np.arange(int(cpc_sess["new"].sum()))
    n_org_s = len(org_sess["user"])
    n_cpc_s = len(cpc_user)
    user = np.concatenate([org_sess["user"], cpc_user])
    # keep only users with at least one session
    seen = np.bincount(user, minlength=len(segment)) > 0
    user = (np.cumsum(seen) - 1)[user]
    segment, device_cat, returning = segment[seen], device_cat[seen], returning[seen]
    n_users = len(segment)
    for g in segs:
        g.n_users = int((segment == g.index).sum())

    # sessions
    day = np.concatenate([org_sess["day"], cpc_sess["day"]])
    entry = np.concatenate([org_sess["entry"], cpc_sess["new"]])
    chan_probs = np.concatenate([g.channel_mix[None, :] * chan_mod.T for g in segs])
    channel = np.full(len(user), CPC, dtype=np.int8)
    org_seg = segment[user[:n_org_s]].astype(np.int64)
    channel[:n_org_s] = grouped_choice(rng, chan_probs, org_seg * cal.n_days + org_sess["day"])
    mail_idx = np.array([names.index(m) for m in mailmag])
    chan_camp = _channel_campaign(names)
    campaign = np.empty(len(user), dtype=np.int32)
    campaign[:n_org_s] = chan_camp[channel[:n_org_s]]
    is_mail = channel[:n_org_s] == [c.channel_id for c in CHANNELS].index("email")
    campaign[:n_org_s][is_mail] = mail_idx[org_sess["day"][is_mail]]
    campaign[n_org_s:] = names.index(campaigns[0].name) + cpc_sess["campaign"]
    topic_probs = np.concatenate([g.topic_pref[None, :] * season.T for g in segs])
    topic = np.empty(len(user), dtype=np.int8)
    topic[:n_org_s] = grouped_choice(rng, topic_probs, org_seg * cal.n_days + org_sess["day"])
    page_index = {p.path: i for i, p in enumerate(PAGES)}
    c_topic = np.array([TOPICS.index(c.theme.topic) for c in campaigns], dtype=np.int8)
    topic[n_org_s:] = c_topic[cpc_sess["campaign"]]
    landing = np.full(len(user), -1, dtype=np.int16)
    form_page = np.full(len(user), -1, dtype=np.int16)
    c_land = np.array([page_index[c.theme.landing_path] for c in campaigns])
    c_form = np.array([FORM_PAGE.get(c.theme.procedure_id or "", -1) for c in campaigns])
    landing[n_org_s:] = c_land[cpc_sess["campaign"]]
    form_page[n_org_s:] = c_form[cpc_sess["campaign"]]
    gclid = np.full(len(user), None, dtype=object)
    gclid[n_org_s:] = _gclids(rng, n_cpc_s)
    ts = _start_times(segs, segment[user], day, cal, rng)

    # ga_session_number and first-touch attributes
    prior = np.where(returning, 1 + rng.geometric(0.25, n_users), 0).astype(np.int64)
    by_user = np.lexsort((ts, user))
    u_sorted = user[by_user]
    starts = np.r_[0, np.flatnonzero(np.diff(u_sorted)) + 1]
    rank = np.arange(len(u_sorted)) - np.repeat(starts, np.diff(np.r_[starts, len(u_sorted)]))
    number = np.empty(len(user), dtype=np.int64)
    number[by_user] = prior[u_sorted] + rank + 1
    first_visit = entry & ~returning[user]
    first_touch = np.zeros(n_users, dtype=np.int64)
    first_channel = np.zeros(n_users, dtype=np.int8)
    first_campaign = np.zeros(n_users, dtype=np.int32)
    fv = np.flatnonzero(first_visit)
    first_touch[user[fv]] = ts[fv]
    first_channel[user[fv]] = channel[fv]
    first_campaign[user[fv]] = campaign[fv]
    r = np.flatnonzero(returning)
    fy_start = int(cal.day_start_us[0])
    first_touch[r] = fy_start - rng.integers(86_400_000_000, 3 * 365 * 86_400_000_000, len(r))
    first_channel[r] = grouped_choice(
        rng, np.stack([g.channel_mix for g in segs]), segment[r].astype(np.int64)
    )
    first_campaign[r] = chan_camp[first_channel[r]]

    # user attributes
    reader = np.zeros(n_users, dtype=np.int8)
    lang_probs = np.stack(
        [[g.base.device_languages.get(x, 0.0) for x in device_langs] for g in segs]
    )
    device_lang = grouped_choice(rng, lang_probs, segment.astype(np.int64)).astype(np.int8)
    abroad = ~np.array([x.startswith("ja") for x in device_langs])[device_lang]
    visitor = np.array([g.base.visitor for g in segs])[segment]
    reader_probs = np.stack([[g.reader_langs.get(x, 0.0) for x in LANGS] for g in segs])
    reader[:] = grouped_choice(rng, reader_probs, segment.astype(np.int64))
    reader[visitor] = np.where(abroad[visitor], LANGS.index("en"), LANGS.index("ja"))
    # seen from outside the prefecture: visitors, and a segment's share of non-residents
    away_share = np.array([g.base.away_share for g in segs])[segment]
    away = visitor | (rng.random(n_users) < away_share)
    rand_id = rng.integers(100_000_000, 2_147_483_647, size=n_users)
    pseudo = (
        pl.Series(rand_id, dtype=pl.Int64).cast(pl.String)
        + "."
        + pl.Series(first_touch // 1_000_000, dtype=pl.Int64).cast(pl.String)
    )
    users = Users(
        segment=segment,
        device_profile=draw_device_profiles(rng, device_cat),
        device_lang=device_lang,
        reader=reader,
        geo=draw_geos(rng, away, abroad),
        returning=returning,
        prior_sessions=prior,
        first_touch_us=first_touch,
        first_channel=first_channel,
        first_campaign=first_campaign,
        pseudo_id=pseudo.alias("user_pseudo_id"),
    )
    order = np.lexsort((user, ts, day))
    day_sorted = day[order]
    sessions = Sessions(
        user=user[order],
        day=day_sorted.astype(np.int16),
        ts_us=ts[order],
        channel=channel[order],
        campaign=campaign[order],
        topic=topic[order],
        landing=landing[order],
        form_page=form_page[order],
        first_visit=first_visit[order],
        number=number[order],
        gclid=gclid[order],
        day_bounds=np.searchsorted(day_sorted, np.arange(cal.n_days + 1)),
    )
    return users, sessions, names
