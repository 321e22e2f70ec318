"""generate(): write one fiscal year of みどり市 sample exports plus ground_truth.json."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from samplecity.ads_report import write_ads_report
from samplecity.campaigns import ad_rows, draw_campaigns
from samplecity.channels import SampleContext, write_all
from samplecity.city import MUNICIPALITY_CODE, draw_city
from samplecity.eapps import e_application_counts, write_e_applications
from samplecity.fiscal import fiscal_calendar
from samplecity.ga4_export import build_lookups, events_frame, ndjson_gz
from samplecity.ground_truth import campaign_truth, channel_truth, write_ground_truth
from samplecity.pages import EVENT_NAMES, simulate_events, simulate_pages
from samplecity.sampling import stream
from samplecity.seasonality import topic_season, typhoon_days, typhoon_intensity
from samplecity.segments import draw_segments
from samplecity.site import PAGES, PROCEDURES, TOPIC_NAMES_JA
from samplecity.traffic import channel_day_modifiers, mailmag_campaigns
from samplecity.users import build_audience

GROUND_TRUTH_NAME = "ground_truth.json"
BATCH_SESSIONS = 8000  # days are simulated in batches of about this many sessions


def day_batches(day_bounds: np.ndarray, target: int) -> list[tuple[int, int]]:
    """Consecutive (first, last) day ranges holding about `target` sessions each (at least one
    day each, at most 31): small scales share the per-batch overhead, large ones stay bounded."""
    out: list[tuple[int, int]] = []
    n_days = len(day_bounds) - 1
    first = 0
    for d in range(n_days):
        size = int(day_bounds[d + 1] - day_bounds[first])
        if size >= target or d - first >= 30 or d == n_days - 1:
            out.append((first, d))
            first = d + 1
    return out


class SampleCityError(ValueError):
    """The arguments cannot produce a sample city; the message says what is accepted."""


def _check(out: Path, seed: int, scale: float, fiscal_year: int) -> None:
    if not isinstance(seed, int) or seed < 0:
        raise SampleCityError(f"seed must be a non-negative integer, got {seed!r}")
    if not (0 < scale <= 1.0):
        raise SampleCityError(f"scale must be in (0, 1] (1 = the full year), got {scale!r}")
    if not (2000 <= fiscal_year <= 2090):
        raise SampleCityError(f"fiscal_year must be between 2000 and 2090, got {fiscal_year!r}")
    if out.resolve().parent == out.resolve():
        raise SampleCityError(f"out must have a parent folder for ground_truth.json: {out}")


def generate(out: Path, seed: int, scale: float = 0.01, fiscal_year: int = 2025) -> dict[str, Any]:
    """Write the sample exports into `out` and ground_truth.json into `out.parent`.

    Same (seed, scale, fiscal_year) gives byte-identical files. Returns a summary: files
    written with their row counts, and the GA4 totals (events, sessions, users).
    """
    out = Path(out)
    _check(out, seed, scale, fiscal_year)
    cal = fiscal_calendar(fiscal_year)
    fy = f"FY{fiscal_year}"
    segs = draw_segments(stream(seed, "segments"))
    city = draw_city(stream(seed, "city"))
    city["as_of"] = cal.dates[0].isoformat()
    rng = stream(seed, "season")
    typhoons = typhoon_days(cal, rng)
    typhoon = typhoon_intensity(cal, typhoons)
    season = topic_season(cal, typhoon, rng)
    chan_mod = channel_day_modifiers(cal, typhoon)
    mailmag = mailmag_campaigns(cal)
    campaigns = draw_campaigns(cal, stream(seed, "campaigns"))
    ads = ad_rows(cal, campaigns, stream(seed, "ads"))
    eapps, online_shares = e_application_counts(cal, campaigns, typhoon, stream(seed, "eapps"))
    device_langs = sorted({x for g in segs for x in g.base.device_languages})
    users, sess, names = build_audience(
        cal,
        segs,
        season,
        chan_mod,
        mailmag,
        campaigns,
        ads,
        scale,
        device_langs,
        stream(seed, "users"),
    )

    files: dict[str, int] = {}
    ga4_dir = out / "ga4"
    ga4_dir.mkdir(parents=True, exist_ok=True)
    lookups = build_lookups(names, device_langs)
    topic_pref = np.stack([g.topic_pref for g in segs])
    event_counts = np.zeros(len(EVENT_NAMES), dtype=np.int64)

    def _write(path: Path, frame: pl.DataFrame) -> None:
        path.write_bytes(ndjson_gz(frame))

    date_strs = pl.Series([f"{d:%Y%m%d}" for d in cal.dates], dtype=pl.String)
    pending: list[Future[None]] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        for first, last in day_batches(sess.day_bounds, BATCH_SESSIONS):
            sl = slice(int(sess.day_bounds[first]), int(sess.day_bounds[last + 1]))
            rng_d = stream(seed, "day", first)
            u = sess.user[sl]
            pages = simulate_pages(
                rng_d,
                topic_pref,
                users.segment[u],
                users.reader[u],
                sess.topic[sl],
                sess.channel[sl],
                sess.landing[sl],
                sess.form_page[sl],
                sess.ts_us[sl],
            )
            events = simulate_events(rng_d, pages, sess.first_visit[sl], sess.form_page[sl] >= 0)
            event_counts += np.bincount(events.name, minlength=len(EVENT_NAMES))
            frame = events_frame(date_strs, sess, sl, users, pages, events, lookups, names, rng_d)
            by_day = frame.partition_by("event_date", maintain_order=True, as_dict=True)
            for d in range(first, last + 1):
                day_df = by_day.get((date_strs[d],), frame.clear())
                name = f"events_{date_strs[d]}.json.gz"
                files[f"ga4/{name}"] = day_df.height
                pending.append(pool.submit(_write, ga4_dir / name, day_df))
            while len(pending) > 4:
                pending.pop(0).result()
        for f in pending:
            f.result()

    ads_name = f"google_ads/campaign_report_{fy}.csv"
    files[ads_name] = write_ads_report(out / ads_name, ads, cal.dates[0], cal.dates[-1])
    eapp_name = f"e_applications/denshi_shinsei_{fy}.csv"
    files[eapp_name] = write_e_applications(out / eapp_name, eapps)
    channel_files, channel_truth_parts = write_all(
        SampleContext(
            out=out,
            seed=seed,
            scale=scale,
            fiscal_year=fiscal_year,
            cal=cal,
            city=city,
            segments=segs,
            campaigns=campaigns,
            ads=ads,
            typhoon=typhoon,
            mailmag_days=[i for i, d in enumerate(cal.dates) if d.day in (1, 15)],
        )
    )
    files.update(channel_files)

    totals = {
        "events": int(event_counts.sum()),
        "sessions": int(sess.n),
        "users": int(users.n),
        "events_by_name": {n: int(c) for n, c in zip(EVENT_NAMES, event_counts, strict=True)},
    }
    ads_totals = {
        r["campaign_name"]: r
        for r in ads.group_by("campaign_name")
        .agg(pl.col("impressions").sum(), pl.col("clicks").sum(), pl.col("cost_jpy").sum())
        .iter_rows(named=True)
    }
    cpc_sessions = np.bincount(sess.campaign, minlength=len(names))
    seg_sessions = np.bincount(users.segment[sess.user], minlength=len(segs))
    truth: dict[str, Any] = {
        "seed": seed,
        "scale": scale,
        "fiscal_year": fiscal_year,
        "period": {"start": cal.dates[0].isoformat(), "end": cal.dates[-1].isoformat()},
        "municipality_code": MUNICIPALITY_CODE,
        "notes": {
            "ga4_sampling_rate": scale,
            "ga4": "GA4 events are a sample of `scale` of the city's web traffic",
            "full_city": "Google Ads and e-application files are the whole city (not scaled)",
            "site_pages": len(PAGES),
            "topics": TOPIC_NAMES_JA,
        },
        "city": city,
        "segments": [
            {
                "segment_id": g.segment_id,
                "name": g.base.name,
                "share": round(g.share, 6),
                "n_users": g.n_users,
                "n_sessions": int(seg_sessions[g.index]),
                "profile": g.profile(),
            }
            for g in segs
        ],
        "campaigns": [
            campaign_truth(cal, c, ads_totals, int(cpc_sessions[names.index(c.name)]))
            for c in campaigns
        ],
        "e_applications": {
            "procedures": [
                {
                    "procedure_id": p.procedure_id,
                    "procedure_name": p.name,
                    "topic": p.topic,
                    "online_share_start": online_shares[p.procedure_id][0],
                    "online_share_end": online_shares[p.procedure_id][1],
                }
                for p in PROCEDURES
            ],
            "counters_closed": "weekends, national holidays and 12/29-1/3",
        },
        "calendar_events": {
            "typhoon_days": [cal.dates[int(d)].isoformat() for d in typhoons],
            "year_end_closure": ["12-29", "01-03"],
        },
        "channel_reach": channel_truth(segs, sess, users),
        "channels": channel_truth_parts,
        "totals": totals,
    }
    gt_path = out.parent / GROUND_TRUTH_NAME
    written = write_ground_truth(gt_path, truth, users, segs, scale)
    return {
        "out": str(out),
        "ground_truth": [str(p) for p in written],
        "files": files,
        "rows": {
            "ga4_events": totals["events"],
            "google_ads": files[ads_name],
            "e_applications": files[eapp_name],
        },
        "events": totals["events"],
        "sessions": totals["sessions"],
        "users": totals["users"],
    }
