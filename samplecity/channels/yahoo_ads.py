"""Yahoo! JAPAN Ads (Yahoo!広告) performance reports of the sample city, as the 広告管理ツール
downloads them: a report title and a 集計期間 line, the Japanese header, one row per day x
device (search: campaign grain, CP932, every cell quoted; display: ad-group grain, UTF-8 with
BOM), and a 合計 row at the end.

The campaigns mirror the Google Ads campaigns' themes and windows (ctx.campaigns): each 検索
campaign also runs on Yahoo! 検索広告, each ディスプレイ / 動画 campaign on ディスプレイ広告
(YDA), with a smaller budget (Yahoo! JAPAN is the second search engine in Japan).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import numpy as np

from samplecity.channels.context import ChannelOutput, SampleContext

DEVICES = ("スマートフォン", "PC", "タブレット")
SEARCH_HEADER = (
    "日",
    "キャンペーン名",
    "キャンペーンID",
    "デバイス",
    "インプレッション数",
    "クリック数",
    "クリック率",
    "コスト",
    "コンバージョン数",
)
DISPLAY_HEADER = (
    "日",
    "キャンペーン名",
    "キャンペーンID",
    "広告グループ名",
    "デバイス",
    "インプレッション数",
    "クリック数",
    "コスト",
    "コンバージョン数",
    "動画の再生数",
)
# (cost per click or per view, click-through rate, conversion rate) ranges
_SEARCH = ((40.0, 110.0), (0.03, 0.09), (0.02, 0.08))
_DISPLAY = ((15.0, 45.0), (0.002, 0.007), (0.004, 0.015))
_VIDEO = ((3.0, 8.0), (0.002, 0.005), (0.005, 0.02))


def _period(ctx: SampleContext) -> str:
    first, last = ctx.cal.dates[0], ctx.cal.dates[-1]
    return f"集計期間：{first:%Y/%m/%d}～{last:%Y/%m/%d}"


def _daily(
    rng: np.random.Generator, n_days: int, budget: float, params: tuple[Any, ...], video: bool
) -> dict[str, np.ndarray]:
    """(days x 3 devices) impressions, clicks, cost (whole yen), conversions, views."""
    (p_lo, p_hi), (ctr_lo, ctr_hi), (cvr_lo, cvr_hi) = params
    price, ctr, cvr = (
        rng.uniform(p_lo, p_hi),
        rng.uniform(ctr_lo, ctr_hi),
        rng.uniform(cvr_lo, cvr_hi),
    )
    mobile = rng.uniform(0.65, 0.82)
    tablet = rng.uniform(0.03, 0.07)
    share = np.array([mobile, 1.0 - mobile - tablet, tablet])
    spend = budget * rng.uniform(0.75, 1.1, size=(n_days, 1)) * share[None, :]
    unit = price * np.array([1.0, 1.2, 0.9])[None, :] * rng.lognormal(0, 0.12, size=(n_days, 3))
    if video:
        views = rng.poisson(spend / unit)
        impressions = rng.poisson(views / rng.uniform(0.2, 0.35)) + views
        clicks = rng.binomial(impressions, ctr)
        cost = np.round(views * unit)
    else:
        clicks = rng.poisson(spend / unit)
        impressions = np.maximum(
            clicks, rng.poisson(clicks / (ctr * rng.lognormal(0, 0.15, size=clicks.shape)))
        )
        cost = np.round(clicks * unit)
        views = np.zeros_like(clicks)
    conversions = rng.binomial(clicks, cvr).astype(float)
    return {"imp": impressions, "clk": clicks, "cost": cost, "conv": conversions, "views": views}


def _ctr(clicks: int, impressions: int) -> str:
    return f"{100 * clicks / impressions:.2f}%" if impressions else "0.00%"


def _write(path: Path, lines: list[list[str]], encoding: str, quote_all: bool) -> None:
    buffer = io.StringIO()
    if quote_all:  # every cell in double quotes, as the 検索広告 download writes it
        csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL).writerows(lines)
    else:
        csv.writer(buffer, lineterminator="\r\n").writerows(lines)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue().encode(encoding))


def _search(
    ctx: SampleContext, campaign: Any, campaign_id: str, budget: float, rng: np.random.Generator
) -> tuple[list[list[str]], dict[str, float]]:
    """Campaign x day x device rows of the 検索広告 campaign report, and its sums."""
    days = range(campaign.start, campaign.end + 1)
    m = _daily(rng, len(days), budget, _SEARCH, video=False)
    rows = []
    for i, day in enumerate(days):
        for d, device in enumerate(DEVICES):
            imp, clk = int(m["imp"][i, d]), int(m["clk"][i, d])
            rows.append(
                [f"{ctx.cal.dates[day]:%Y/%m/%d}", campaign.name, campaign_id, device]
                + [str(imp), str(clk), _ctr(clk, imp), str(int(m["cost"][i, d]))]
                + [f"{m['conv'][i, d]:.2f}"]
            )
    return rows, {name: float(m[k].sum()) for name, k in _TRUTH_KEYS.items() if k != "views"}


def _display(
    ctx: SampleContext, campaign: Any, campaign_id: str, budget: float, rng: np.random.Generator
) -> tuple[list[list[str]], dict[str, float]]:
    """Ad group x day x device rows of the ディスプレイ広告 report (two ad groups), and sums."""
    video = campaign.theme.campaign_type == "動画"
    groups = (
        ("動画広告_全年齢", "動画広告_リターゲティング")
        if video
        else ("静止画_市内在住", "静止画_近隣市町")
    )
    days = range(campaign.start, campaign.end + 1)
    rows: list[list[str]] = []
    sums = dict.fromkeys(_TRUTH_KEYS, 0.0)
    for g, group in enumerate(groups):
        share = 0.6 if g == 0 else 0.4
        m = _daily(rng, len(days), budget * share, _VIDEO if video else _DISPLAY, video)
        for i, day in enumerate(days):
            for d, device in enumerate(DEVICES):
                views = str(int(m["views"][i, d])) if video else "--"
                rows.append(
                    [f"{ctx.cal.dates[day]:%Y-%m-%d}", campaign.name, campaign_id, group, device]
                    + [str(int(m[k][i, d])) for k in ("imp", "clk", "cost")]
                    + [f"{m['conv'][i, d]:.2f}", views]
                )
        for name, k in _TRUTH_KEYS.items():
            sums[name] += float(m[k].sum())
    return rows, sums


_TRUTH_KEYS = {
    "impressions": "imp",
    "clicks": "clk",
    "cost_jpy": "cost",
    "conversions": "conv",
    "video_views": "views",
}


def _total(blank_cells: int, sums: list[dict[str, float]], ctr: bool) -> list[str]:
    """The 合計 row: the sums of every row."""
    imp, clk, cost, conv, views = (sum(s.get(name, 0.0) for s in sums) for name in _TRUTH_KEYS)
    cells = ["合計", *["--"] * blank_cells, str(int(imp)), str(int(clk))]
    cells += [_ctr(int(clk), int(imp))] if ctr else []
    cells += [str(int(cost)), f"{conv:.2f}"]
    return cells if ctr else [*cells, str(int(views))]


def write(ctx: SampleContext) -> ChannelOutput:
    rng = ctx.rng("yahoo_ads")
    rows: dict[str, list[list[str]]] = {"search": [], "display": []}
    truth: dict[str, Any] = {"search": {}, "display": {}}
    for number, campaign in enumerate(ctx.campaigns, start=1):
        kind = campaign.theme.campaign_type
        if kind not in ("検索", "ディスプレイ", "動画"):
            continue
        budget = rng.uniform(*campaign.theme.budget) * rng.uniform(0.25, 0.45)
        campaign_id = str(20_000_000 + number * 1_009 + int(rng.integers(0, 1_000)))
        network = "search" if kind == "検索" else "display"
        make = _search if network == "search" else _display
        new_rows, sums = make(ctx, campaign, campaign_id, budget, rng)
        rows[network] += new_rows
        truth[network][campaign.name] = sums

    # The tool lists rows by day, then campaign (and ad group), then device.
    rows["search"].sort(key=lambda r: (r[0], r[1], DEVICES.index(r[3])))
    rows["display"].sort(key=lambda r: (r[0], r[1], r[3], DEVICES.index(r[4])))
    fy = f"FY{ctx.fiscal_year}"
    search = f"yahoo_ads/search_campaign_report_{fy}.csv"
    lines = [
        ["検索広告 キャンペーンレポート"],
        [_period(ctx)],
        list(SEARCH_HEADER),
        *rows["search"],
    ]
    lines.append(_total(3, list(truth["search"].values()), ctr=True))
    _write(ctx.out / search, lines, "cp932", quote_all=True)

    display = f"yahoo_ads/display_adgroup_report_{fy}.csv"
    lines = [["ディスプレイ広告 広告グループレポート"], [_period(ctx)], list(DISPLAY_HEADER)]
    lines += [*rows["display"], _total(4, list(truth["display"].values()), ctr=False)]
    _write(ctx.out / display, lines, "utf-8-sig", quote_all=False)
    truth["note"] = "Yahoo! campaigns mirror the Google Ads themes and windows; costs in whole yen"
    return ChannelOutput(
        files={search: len(rows["search"]), display: len(rows["display"])}, truth=truth
    )
