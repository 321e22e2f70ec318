"""みどり市's X account (@midori_city_pr): the analytics exports as X's Japanese UI writes them.

One pair of files per month, named as X names them:
tweet_activity_metrics_<handle>_<YYYYMMDD>_<YYYYMMDD>_ja.csv (one row per post; every cell
quoted; counts written "825.0"; rates as Java doubles, "8.0E-4" below 0.001; "-" for the
promoted columns; multi-line post text) and daily_tweet_activity_metrics_… (one row per day).
About two posts a weekday; on typhoon days many more (warnings, shelters, damage) with spikes
in impressions, engagements and new follows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from samplecity.channels._social import JST, csv_text, local_time, typhoon_days, write_file
from samplecity.channels.context import ChannelOutput, SampleContext
from samplecity.site import BASE_URL

HANDLE = "midori_city_pr"
_EPOCH_MS = 1288834974657  # X's snowflake epoch
_ENGAGE = (
    "リツイート",
    "返信",
    "いいね",
    "ユーザープロフィールクリック",
    "URLクリック数",
    "ハッシュタグクリック",
    "詳細クリック",
    "固定リンクのクリック数",
    "アプリの表示",
    "アプリのインストール",
    "フォロー",
    "ツイートをメールで送信する",
    "電話番号へダイヤル",
    "メディアの再生数",
    "メディアのエンゲージメント",
)
_PROMOTED = tuple(
    f"プロモ - {h}" for h in ("インプレッション", "エンゲージメント", "エンゲージメント率")
)
POST_HEADER = ("ツイートID", "ツイートの固定リンク", "ツイート本文", "時間", "インプレッション")
POST_HEADER += ("エンゲージメント", "エンゲージメント率", *_ENGAGE, *_PROMOTED)
DAILY_HEADER = (
    "日付",
    "ツイート公開数",
    "インプレッション",
    "エンゲージメント",
    "エンゲージメント率",
)
DAILY_HEADER += (*_ENGAGE, *_PROMOTED)

_ROUTINE = (
    (
        "shisei",
        "【お知らせ】{m}月の市役所休日窓口の開設日です。\n詳しくはこちら {url}/shisei/index.html #みどり市",
    ),
    (
        "gomi",
        "今週は資源ごみの日です。\n缶・びん・ペットボトルは朝8時30分までに出してください。#みどり市 #ごみ分別",
    ),
    (
        "kosodate",
        "子育て支援センターの{m}月のイベント予定を掲載しました。\n{url}/kosodate/index.html",
    ),
    ("kanko", "みどり市の今の風景をお届けします📷\n#みどり市 #観光 #みどりの四季"),
    (
        "kenko",
        "健康相談のご案内です。保健センターで予約を受け付けています。\n{url}/kenko/index.html",
    ),
    (
        "mynumber",
        "マイナンバーカードの休日交付窓口を開設します。予約はこちら\n{url}/mynumber/card_koufu.html",
    ),
    ("zei", "市税の納期限は今月末です。口座振替・スマホ決済もご利用ください。#みどり市"),
    (
        "todokede",
        "転入・転出の手続きはオンラインでもできます。\n{url}/todokede/online_tenshutsu.html",
    ),
)
_STORM = (
    "【台風情報】台風が接近しています。不要不急の外出は控えてください。\n最新情報 {url}/bosai/index.html #みどり市 #台風",
    "【避難所開設】市内{n}か所に避難所を開設しました。\n一覧 {url}/bosai/shelters.html #みどり市 #避難",
    "【警戒レベル4】避難指示を発令しました。\n対象地区の方は直ちに避難してください。#みどり市",
    "【道路情報】倒木のため一部の市道を通行止めにしています。\n詳細 {url}/bosai/index.html",
    "【ごみ収集】台風のため本日の収集を中止します。#みどり市",
)


def _java_double(value: float) -> str:
    """Java's Double.toString, which X's export uses: 0.0123 → '0.0123', 0.0008 → '8.0E-4'."""
    if value == 0:
        return "0.0"
    if abs(value) < 1e-3:
        mantissa, exponent = f"{value:.15e}".split("e")
        return f"{float(mantissa)!r}E{int(exponent)}"
    return repr(float(value))


def _posts(ctx: SampleContext, rng: np.random.Generator) -> list[dict[str, Any]]:
    cal, storm = ctx.cal, np.asarray(ctx.typhoon)
    posts: list[dict[str, Any]] = []
    for d, day in enumerate(cal.dates):
        closed = bool(cal.is_weekend[d] or cal.is_holiday[d])
        n_routine = int(rng.poisson(0.9 if closed else 2.2))
        n_storm = int(rng.poisson(9 * storm[d])) + (2 if storm[d] >= 1 else 0)
        for k in range(n_routine + n_storm):
            is_storm = k >= n_routine
            if is_storm:
                text = _STORM[int(rng.integers(len(_STORM)))]
                minute = int(rng.integers(0, 24 * 60))
            else:
                text = _ROUTINE[int(rng.integers(len(_ROUTINE)))][1]
                minute = int(rng.integers(8 * 60, 20 * 60))
            if not is_storm and rng.random() < 0.03:
                text = "@" + "midori_shimin ご指摘ありがとうございます。担当課に確認します。"
            text = text.format(url=BASE_URL, m=day.month, n=int(rng.integers(8, 25)))
            base = rng.lognormal(7.6, 0.5) * (1 + (12 if is_storm else 0.5) * storm[d])
            posts.append({"day": d, "at": local_time(day, minute), "text": text, "imp": int(base)})
    posts.sort(key=lambda p: p["at"])
    for p in posts:
        imp = p["imp"]
        rate = rng.uniform(0.008, 0.03) * (1.6 if "【" in p["text"] else 1.0)
        parts = rng.multinomial(int(rng.binomial(imp, min(rate, 0.2))), _PART_SHARES)
        ms = int(p["at"].timestamp() * 1000)
        p["id"] = str(((ms - _EPOCH_MS) << 22) | int(rng.integers(0, 1 << 22)))
        p["parts"] = [int(x) for x in parts]
        p["eng"] = int(parts.sum())
    return posts


# engagement parts in _ENGAGE order (app, email and dial columns stay 0)
_PART_SHARES = np.array(
    [0.12, 0.02, 0.30, 0.06, 0.14, 0.04, 0.22, 0.02, 0, 0, 0.02, 0, 0, 0.04, 0.02]
)
_PART_SHARES = _PART_SHARES / _PART_SHARES.sum()


def _month_ranges(ctx: SampleContext) -> list[tuple[dt.date, dt.date]]:
    first = ctx.cal.dates[0]
    out = []
    for k in range(12):
        y, m = first.year + (first.month - 1 + k) // 12, (first.month - 1 + k) % 12 + 1
        nxt = dt.date(y + m // 12, m % 12 + 1, 1)
        out.append((dt.date(y, m, 1), nxt))
    return out


def write(ctx: SampleContext) -> ChannelOutput:
    rng = ctx.rng("x")
    posts = _posts(ctx, rng)
    n = ctx.cal.n_days
    follows = rng.poisson(4 + 260 * np.asarray(ctx.typhoon))
    daily_imp = rng.poisson(350, size=n).astype(np.int64)
    daily_parts = np.zeros((n, len(_ENGAGE)), dtype=np.int64)
    published = np.zeros(n, dtype=np.int64)
    for p in posts:
        d = (p["at"].astimezone(JST).date() - ctx.cal.dates[0]).days
        if 0 <= d < n:
            daily_imp[d] += p["imp"]
            daily_parts[d] += np.array(p["parts"])
            published[d] += 1
    daily_parts[:, _ENGAGE.index("フォロー")] += follows
    files: dict[str, int] = {}
    for start, end in _month_ranges(ctx):
        tag = f"{HANDLE}_{start:%Y%m%d}_{end:%Y%m%d}_ja.csv"
        rows: list[list[object]] = [list(POST_HEADER)]
        for p in reversed(posts):  # newest first, as X writes it
            if start <= p["at"].astimezone(JST).date() < end:
                imp, eng = p["imp"], p["eng"]
                floats = [f"{float(x)!r}" for x in (imp, eng)]
                rows.append(
                    [p["id"], f"https://twitter.com/{HANDLE}/status/{p['id']}", p["text"]]
                    + [p["at"].astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M +0000"), floats[0]]
                    + [floats[1], _java_double(eng / imp if imp else 0.0)]
                    + [f"{float(x)!r}" for x in p["parts"][:8]]
                    + [str(x) for x in p["parts"][8:]]
                    + ["-"] * len(_PROMOTED)
                )
        write_file(ctx, f"x/tweet_activity_metrics_{tag}", csv_text(rows, quote_all=True), "utf-8")
        files[f"x/tweet_activity_metrics_{tag}"] = len(rows) - 1
        daily: list[list[object]] = [list(DAILY_HEADER)]
        for d, day in enumerate(ctx.cal.dates):
            if start <= day < end:
                eng = int(daily_parts[d].sum())
                daily.append(
                    [day.isoformat(), int(published[d]), int(daily_imp[d]), eng]
                    + [_java_double(eng / daily_imp[d] if daily_imp[d] else 0.0)]
                    + [int(x) for x in daily_parts[d]]
                    + ["-"] * len(_PROMOTED)
                )
        name = f"x/daily_tweet_activity_metrics_{tag}"
        write_file(ctx, name, csv_text(daily, quote_all=True), "utf-8")
        files[name] = len(daily) - 1
    storm = typhoon_days(ctx)
    imp_by_day = daily_imp.astype(float)
    calm = float(np.median(imp_by_day))
    return ChannelOutput(
        files=files,
        truth={
            "handle": HANDLE,
            "posts": len(posts),
            "typhoon_dates": [ctx.cal.dates[d].isoformat() for d in storm],
            "typhoon_impressions_vs_median": [round(float(imp_by_day[d]) / calm, 2) for d in storm],
            "new_follows": int(follows.sum()),
        },
    )
