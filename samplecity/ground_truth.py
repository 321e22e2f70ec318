"""ground_truth.json: everything that was planted, written beside (never inside) the output."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path
from typing import Any

import numpy as np

from samplecity.campaigns import Campaign
from samplecity.fiscal import FiscalCalendar
from samplecity.segments import Segment
from samplecity.site import PROCEDURES
from samplecity.traffic import CHANNELS
from samplecity.users import Sessions, Users

INLINE_MEMBERSHIP_MAX_SCALE = 0.05
MEMBERSHIP_FILE = "ground_truth_user_segments.csv.gz"


def campaign_truth(
    cal: FiscalCalendar, c: Campaign, ads_totals: dict[str, dict[str, int]], ga4_sessions: int
) -> dict[str, Any]:
    pid = c.theme.procedure_id
    proc = next((p for p in PROCEDURES if p.procedure_id == pid), None)
    tot = ads_totals.get(c.name, {})
    return {
        "campaign_name": c.name,
        "campaign_type": c.theme.campaign_type,
        "campaign_status": c.status,
        "start_date": cal.dates[c.start].isoformat(),
        "end_date": cal.dates[c.end].isoformat(),
        "total_cost_jpy": tot.get("cost_jpy", 0),
        "total_clicks": tot.get("clicks", 0),
        "total_impressions": tot.get("impressions", 0),
        "target_topic": c.theme.topic,
        "target_procedure_id": pid,
        "target_procedure_name": proc.name if proc else None,
        "target_segments": c.theme.segments,
        "landing_page": c.theme.landing_path,
        "is_placebo": c.is_placebo,
        "planted_effect_per_day": c.effect_per_day,
        "planted_effect_total": int(sum(c.effect_daily)),
        "planted_effect_daily": c.effect_daily,
        "ga4_cpc_sessions": ga4_sessions,
    }


def channel_truth(segs: list[Segment], sess: Sessions, users: Users) -> dict[str, Any]:
    seg_of_session = users.segment[sess.user]
    table = np.zeros((len(CHANNELS), len(segs)), dtype=np.int64)
    np.add.at(table, (sess.channel.astype(np.int64), seg_of_session.astype(np.int64)), 1)
    channels = []
    for i, c in enumerate(CHANNELS):
        channels.append(
            {
                "channel_id": c.channel_id,
                "label": c.label,
                "source": c.source,
                "medium": c.medium,
                "audience_size": c.audience,
                "ga4_sessions": int(table[i].sum()),
                "ga4_sessions_by_segment": {g.segment_id: int(table[i, g.index]) for g in segs},
            }
        )
    return {
        "note": (
            "audience_size is the planted reach of owned channels (LINE friends, "
            "newsletter subscribers, followers); ga4_sessions count the GA4 sample."
        ),
        "line_posts": "every Friday, and on typhoon days",
        "newsletter_send_days": "1st and 15th of every month",
        "channels": channels,
    }


def write_memberships_csv(path: Path, users: Users, segs: list[Segment]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["user_pseudo_id", "segment_id"])
    ids = [g.segment_id for g in segs]
    for upid, seg in zip(users.pseudo_id.to_list(), users.segment.tolist(), strict=True):
        w.writerow([upid, ids[seg]])
    path.write_bytes(gzip.compress(buf.getvalue().encode("utf-8"), mtime=0))


def write_ground_truth(
    path: Path, truth: dict[str, Any], users: Users, segs: list[Segment], scale: float
) -> list[Path]:
    """Write ground_truth.json (and the membership file at large scales); returns the paths."""
    written = [path]
    ids = [g.segment_id for g in segs]
    if scale <= INLINE_MEMBERSHIP_MAX_SCALE:
        truth["user_segments"] = dict(
            zip(users.pseudo_id.to_list(), (ids[s] for s in users.segment.tolist()), strict=True)
        )
        truth["user_segments_file"] = None
    else:
        member_path = path.parent / MEMBERSHIP_FILE
        write_memberships_csv(member_path, users, segs)
        truth["user_segments"] = None
        truth["user_segments_file"] = MEMBERSHIP_FILE
        written.append(member_path)
    path.write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return written
