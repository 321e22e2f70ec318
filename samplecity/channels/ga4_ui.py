"""GA4 web UI downloads for みどり市's property (Japanese UI), as "ファイルをダウンロード → CSV"
writes them: a "# ----" preamble (report, account, property, segment, dates) then tables.

ga4_ui/ga4_pages_and_screens_FY2025.csv — ページとスクリーン: one row per page title over the
fiscal year (表示回数, アクティブ ユーザー, アクティブ ユーザーあたりのビュー, アクティブ ユーザーあたりの
平均エンゲージメント時間, イベント数, キーイベント, 合計収益).
ga4_ui/ga4_reports_snapshot_FY2025.csv — レポートのスナップショット: two tables in one file (active
users per "N 日目" and sessions per channel group), which the reader splits.
These are the whole property's numbers (GA4's UI is not sampled here), unlike the GA4 event
export, which holds a `scale` share of the traffic.
"""

from __future__ import annotations

import numpy as np

from samplecity.channels._social import csv_text, fy_tag, weekday_factor, write_file
from samplecity.channels.context import ChannelOutput, SampleContext
from samplecity.site import PAGES

ACCOUNT = "みどり市"
PROPERTY = "みどり市公式ウェブサイト - GA4"
PAGES_HEADER = ["ページ タイトルとスクリーン クラス", "表示回数", "アクティブ ユーザー"]
PAGES_HEADER += [
    "アクティブ ユーザーあたりのビュー",
    "アクティブ ユーザーあたりの平均エンゲージメント時間",
]
PAGES_HEADER += ["イベント数", "キーイベント", "合計収益"]
CHANNELS = (
    ("Organic Search", 0.52),
    ("Direct", 0.22),
    ("Referral", 0.08),
    ("Organic Social", 0.07),
    ("Paid Search", 0.05),
    ("Email", 0.03),
    ("Display", 0.02),
    ("Unassigned", 0.01),
)


def _preamble(ctx: SampleContext, title: str) -> str:
    first, last = ctx.cal.dates[0], ctx.cal.dates[-1]
    lines = [
        "# ----------------------------------------",
        f"# {title}",
        f"# アカウント: {ACCOUNT}",
        f"# プロパティ: {PROPERTY}",
        "# ----------------------------------------",
        "# ",
        "# すべてのユーザー",
        f"# 開始日: {first:%Y%m%d}",
        f"# 終了日: {last:%Y%m%d}",
    ]
    return "\n".join(lines) + "\n"


def _pages(ctx: SampleContext, rng: np.random.Generator) -> list[list[object]]:
    weights = np.array([p.weight for p in PAGES]) * rng.lognormal(0, 0.2, len(PAGES))
    views = rng.multinomial(int(rng.uniform(8.0e6, 1.1e7)), weights / weights.sum())
    by_title: dict[str, list[int]] = {}
    for page, v in zip(PAGES, views.tolist(), strict=True):
        by_title.setdefault(page.title, [0, 0])[0] += v
        by_title[page.title][1] += int(v / rng.uniform(1.2, 1.9))
    rows: list[list[object]] = [PAGES_HEADER]
    for title, (v, users) in sorted(by_title.items(), key=lambda kv: -kv[1][0]):
        users = max(1, users) if v else 0
        engagement = rng.uniform(25, 95) if users else 0.0
        events = v * 2 + int(v * rng.uniform(0.6, 1.4))
        key_events = int(rng.binomial(v, 0.01)) if "電子申請" in title else 0
        rows.append([title, v, users, v / users if users else 0, engagement, events, key_events, 0])
    return rows


def _snapshot(ctx: SampleContext, rng: np.random.Generator) -> str:
    storm = np.asarray(ctx.typhoon)
    users = rng.poisson(rng.uniform(9_000, 12_000) * weekday_factor(ctx, 0.6) * (1 + 2 * storm))
    first: list[list[object]] = [["N 日目", "アクティブ ユーザー"]]
    first += [[f"{d:04d}", int(u)] for d, u in enumerate(users)]
    sessions = rng.multinomial(int(users.sum() * 1.4), [s for _, s in CHANNELS])
    second: list[list[object]] = [["セッションのデフォルト チャネル グループ", "セッション"]]
    second += [[name, int(s)] for (name, _), s in zip(CHANNELS, sessions, strict=True)]
    return (
        _preamble(ctx, "レポートのスナップショット")
        + csv_text(first)
        + "\n"
        + _preamble(ctx, "レポートのスナップショット")
        + csv_text(second)
    )


def write(ctx: SampleContext) -> ChannelOutput:
    rng = ctx.rng("ga4_ui")
    tag = fy_tag(ctx)
    pages = _pages(ctx, rng)
    pages_name = f"ga4_ui/ga4_pages_and_screens_{tag}.csv"
    text = _preamble(ctx, "ページとスクリーン: ページ タイトルとスクリーン クラス") + csv_text(
        pages
    )
    write_file(ctx, pages_name, text, "utf-8")
    snapshot_name = f"ga4_ui/ga4_reports_snapshot_{tag}.csv"
    write_file(ctx, snapshot_name, _snapshot(ctx, rng), "utf-8")
    return ChannelOutput(
        files={pages_name: len(pages) - 1, snapshot_name: ctx.cal.n_days + len(CHANNELS)},
        truth={
            "page_views": int(sum(int(r[1]) for r in pages[1:])),
            "note": "GA4 UI numbers are the whole property (not the sampled event export)",
        },
    )
