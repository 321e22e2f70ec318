"""Google Search Console for https://www.city.midori.example.jp/: the Performance export as the
Japanese UI writes it (one UTF-8 CSV per tab, CTR as "4.56%").

search_console/gsc_dates_FY2025.csv — 日付, クリック数, 表示回数, CTR, 掲載順位 per day;
gsc_queries_… (上位のクエリ), gsc_pages_… (上位のページ), gsc_devices_… (デバイス),
gsc_countries_… (国) over the fiscal year; gsc_filters_… (フィルタ, 値).
Searches follow the city's seasons; on typhoon days 防災 searches multiply the clicks.
Query rows add up to less than the chart (Search Console leaves out rare queries).
"""

from __future__ import annotations

import numpy as np

from samplecity.channels._social import (
    csv_text,
    fy_tag,
    pct,
    typhoon_days,
    weekday_factor,
    write_file,
)
from samplecity.channels.context import ChannelOutput, SampleContext
from samplecity.site import BASE_URL, PAGES

METRICS = ["クリック数", "表示回数", "CTR", "掲載順位"]
# (query, weight, typical position, storm sensitivity)
QUERIES: tuple[tuple[str, float, float, float], ...] = (
    ("みどり市", 10.0, 1.2, 1.0),
    ("みどり市役所", 6.0, 1.1, 0.5),
    ("みどり市 ごみ 分別", 4.0, 1.8, 0.0),
    ("みどり市 粗大ごみ", 2.5, 1.6, 0.0),
    ("みどり市 避難所", 1.0, 1.4, 25.0),
    ("みどり市 台風", 0.3, 2.5, 60.0),
    ("みどり市 ハザードマップ", 0.8, 1.5, 12.0),
    ("みどり市 防災メール", 0.4, 1.3, 8.0),
    ("みどり市 マイナンバーカード 予約", 2.2, 1.9, 0.0),
    ("みどり市 住民票 コンビニ", 1.8, 2.4, 0.0),
    ("みどり市 転出届 オンライン", 1.2, 2.1, 0.0),
    ("みどり市 保育園 入所", 1.5, 1.7, 0.0),
    ("みどり市 児童手当", 1.3, 1.9, 0.0),
    ("みどり市 確定申告", 1.1, 3.2, 0.0),
    ("みどり市 住民税", 1.0, 2.6, 0.0),
    ("みどり市 ふるさと納税", 1.6, 4.1, 0.0),
    ("みどり市 観光", 1.7, 3.0, 0.0),
    ("みどり市 桜 名所", 0.9, 2.8, 0.0),
    ("みどり市 花火大会 2025", 0.8, 2.2, 0.0),
    ("みどり市 紅葉", 0.6, 3.4, 0.0),
    ("みどり市 図書館", 1.4, 2.0, 0.0),
    ("みどり市 ワクチン 予約", 0.7, 2.3, 0.0),
    ("みどり市 介護認定", 0.6, 2.7, 0.0),
    ("みどり市 職員採用", 0.7, 1.8, 0.0),
    ("midori city", 0.3, 2.9, 0.5),
)
DEVICES = (("モバイル", 0.68, 0.9), ("パソコン", 0.28, 1.2), ("タブレット", 0.04, 1.0))
COUNTRIES = (
    ("日本", 0.975),
    ("ベトナム", 0.007),
    ("アメリカ合衆国", 0.005),
    ("中国", 0.004),
    ("フィリピン", 0.003),
    ("ブラジル", 0.002),
    ("韓国", 0.002),
    ("ネパール", 0.002),
)


def _daily(
    ctx: SampleContext, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    storm = np.asarray(ctx.typhoon)
    base = rng.uniform(7_500, 10_500) * weekday_factor(ctx, 0.62)
    clicks = rng.poisson(base * (1 + 2.5 * storm) * rng.lognormal(0, 0.05, ctx.cal.n_days))
    ctr = rng.uniform(0.04, 0.055) * (1 + 0.4 * storm)
    impressions = rng.poisson(clicks / ctr)
    position = np.round(rng.normal(9.5, 0.6, ctx.cal.n_days) - 3 * storm, 1).clip(1.0)
    return clicks.astype(np.int64), impressions.astype(np.int64), position


def _table(label: str, rows: list[tuple[str, int, int, float]]) -> list[list[object]]:
    out: list[list[object]] = [[label, *METRICS]]
    for name, clicks, impressions, position in sorted(rows, key=lambda r: -r[1]):
        ctr = pct(clicks / impressions) if impressions else "0%"
        out.append([name, clicks, impressions, ctr, round(position, 2)])
    return out


def write(ctx: SampleContext) -> ChannelOutput:
    rng = ctx.rng("search_console")
    clicks, impressions, position = _daily(ctx, rng)
    dates: list[list[object]] = [["日付", *METRICS]]
    for d, day in enumerate(ctx.cal.dates):
        dates.append([day.isoformat(), clicks[d], impressions[d], pct(clicks[d] / impressions[d])])
        dates[-1].append(round(float(position[d]), 1))
    total_clicks, total_imp = int(clicks.sum()), int(impressions.sum())
    storm_days = np.asarray(ctx.typhoon).sum()

    weights = np.array([w * (1 + s * storm_days / 365) for _, w, _, s in QUERIES])
    named = rng.multinomial(int(total_clicks * rng.uniform(0.38, 0.5)), weights / weights.sum())
    queries = []
    for (query, _, pos, _), c in zip(QUERIES, named.tolist(), strict=True):
        queries.append((query, c, int(c / rng.uniform(0.12, 0.45)), pos * rng.uniform(0.9, 1.1)))

    pages = [p for p in PAGES if p.lang == "ja" and p.form_id is None][:40]
    page_w = np.array([p.weight for p in pages])
    page_clicks = rng.multinomial(int(total_clicks * 0.93), page_w / page_w.sum())
    page_rows = [
        (BASE_URL + p.path, c, int(c / rng.uniform(0.02, 0.09)), rng.uniform(2, 14))
        for p, c in zip(pages, page_clicks.tolist(), strict=True)
    ]
    device_clicks = rng.multinomial(total_clicks, [s for _, s, _ in DEVICES])
    device_rows = [
        (name, c, int(total_imp * s), 9.5 * f)
        for (name, s, f), c in zip(DEVICES, device_clicks.tolist(), strict=True)
    ]
    shares = np.array([s for _, s in COUNTRIES])
    country_clicks = rng.multinomial(total_clicks, shares / shares.sum())
    country_rows = [
        (name, c, int(total_imp * s / shares.sum() * rng.uniform(0.8, 1.2)), rng.uniform(4, 20))
        for (name, s), c in zip(COUNTRIES, country_clicks.tolist(), strict=True)
    ]
    first, last = ctx.cal.dates[0], ctx.cal.dates[-1]
    filters: list[list[object]] = [["フィルタ", "値"], ["検索タイプ", "ウェブ"]]
    filters.append(["日付", f"{first:%Y/%m/%d}～{last:%Y/%m/%d}"])
    tag = fy_tag(ctx)
    outputs = {
        f"search_console/gsc_dates_{tag}.csv": dates,
        f"search_console/gsc_queries_{tag}.csv": _table("上位のクエリ", queries),
        f"search_console/gsc_pages_{tag}.csv": _table("上位のページ", page_rows),
        f"search_console/gsc_devices_{tag}.csv": _table("デバイス", device_rows),
        f"search_console/gsc_countries_{tag}.csv": _table("国", country_rows),
        f"search_console/gsc_filters_{tag}.csv": filters,
    }
    files: dict[str, int] = {}
    for name, rows in outputs.items():
        write_file(ctx, name, csv_text(rows), "utf-8-bom")
        files[name] = len(rows) - 1
    storm = typhoon_days(ctx)
    median = float(np.median(clicks))
    return ChannelOutput(
        files=files,
        truth={
            "clicks": total_clicks,
            "impressions": total_imp,
            "typhoon_dates": [ctx.cal.dates[d].isoformat() for d in storm],
            "typhoon_clicks_vs_median": [round(float(clicks[d]) / median, 2) for d in storm],
        },
    )
