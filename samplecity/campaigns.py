"""Google Ads campaigns of the city: which run (per seed), when, and their daily metrics."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl

from samplecity.fiscal import FiscalCalendar


@dataclass(frozen=True)
class Theme:
    name: str
    campaign_type: str  # 検索 / ディスプレイ / 動画 / P-MAX
    topic: str
    procedure_id: str | None
    landing_path: str
    segments: dict[str, float]  # who clicks
    start_window: tuple[tuple[int, int], tuple[int, int]]  # (month, day) range of start dates
    days: tuple[int, int]  # duration range
    budget: tuple[int, int]  # daily budget range, JPY


THEMES: tuple[Theme, ...] = (
    Theme(
        "マイナンバーカード申請促進",
        "検索",
        "mynumber",
        "P004",
        "/mynumber/card_shinsei.html",
        {"ippan": 0.5, "korei": 0.2, "tennyu": 0.1, "kosodate": 0.1, "gaikokujin": 0.1},
        ((4, 10), (7, 31)),
        (30, 90),
        (4000, 15000),
    ),
    Theme(
        "マイナンバーカード_ディスプレイ",
        "ディスプレイ",
        "mynumber",
        "P004",
        "/mynumber/card_koufu.html",
        {"ippan": 0.6, "korei": 0.3, "kosodate": 0.1},
        ((11, 1), (12, 31)),
        (28, 75),
        (2000, 8000),
    ),
    Theme(
        "電子申請PR_住民票",
        "検索",
        "todokede",
        "P001",
        "/todokede/juminhyo.html",
        {"ippan": 0.6, "jigyosha": 0.2, "kosodate": 0.2},
        ((5, 1), (11, 30)),
        (30, 80),
        (3000, 10000),
    ),
    Theme(
        "引越しオンライン手続き",
        "検索",
        "todokede",
        "P002",
        "/todokede/online_tenshutsu.html",
        {"tennyu": 0.7, "ippan": 0.3},
        ((2, 1), (3, 1)),
        (28, 58),
        (4000, 14000),
    ),
    Theme(
        "子育てアプリみどりっこ",
        "P-MAX",
        "kosodate",
        "P005",
        "/kosodate/app.html",
        {"kosodate": 1.0},
        ((4, 15), (5, 5)),
        (28, 40),
        (5000, 16000),
    ),
    Theme(
        "保育所入所申込案内",
        "検索",
        "kosodate",
        "P006",
        "/kosodate/hoikusho.html",
        {"kosodate": 0.9, "tennyu": 0.1},
        ((9, 15), (10, 20)),
        (25, 60),
        (3000, 9000),
    ),
    Theme(
        "防災メール登録促進",
        "ディスプレイ",
        "bosai",
        "P009",
        "/bosai/mail.html",
        {"ippan": 0.5, "korei": 0.2, "kosodate": 0.2, "gaikokujin": 0.1},
        ((6, 1), (8, 20)),
        (30, 80),
        (2000, 7000),
    ),
    Theme(
        "観光PR動画_みどりの四季",
        "動画",
        "kanko",
        None,
        "/kanko/movie.html",
        {"kankokyaku": 1.0},
        ((7, 1), (10, 15)),
        (30, 75),
        (6000, 25000),
    ),
    Theme(
        "税証明オンライン申請",
        "検索",
        "zei",
        "P007",
        "/zei/shoumei.html",
        {"jigyosha": 0.5, "ippan": 0.5},
        ((1, 10), (2, 20)),
        (28, 60),
        (3000, 9000),
    ),
    Theme(
        "粗大ごみネット受付",
        "検索",
        "gomi",
        "P008",
        "/gomi/sodai.html",
        {"ippan": 0.7, "tennyu": 0.2, "korei": 0.1},
        ((11, 1), (12, 1)),
        (21, 45),
        (2000, 7000),
    ),
    Theme(
        "介護認定申請のご案内",
        "ディスプレイ",
        "kenko",
        "P010",
        "/kenko/kaigo_nintei.html",
        {"korei": 1.0},
        ((4, 15), (9, 30)),
        (30, 90),
        (2000, 6000),
    ),
    Theme(
        "ふるさと納税PR",
        "P-MAX",
        "kanko",
        None,
        "/kanko/furusato_henreihin.html",
        {"kankokyaku": 1.0},
        ((10, 1), (11, 15)),
        (30, 80),
        (8000, 30000),
    ),
    Theme(
        "転入者向け電子申請PR",
        "ディスプレイ",
        "todokede",
        "P003",
        "/todokede/tennyu.html",
        {"tennyu": 1.0},
        ((3, 1), (3, 10)),
        (21, 31),
        (2000, 6000),
    ),
    Theme(
        "児童手当オンライン申請",
        "検索",
        "kosodate",
        "P005",
        "/kosodate/jidouteate.html",
        {"kosodate": 1.0},
        ((6, 15), (6, 25)),
        (21, 28),
        (3000, 8000),
    ),
)

DEVICE_JA = ("携帯電話", "パソコン", "タブレット")  # index matches DEVICES mobile/desktop/tablet

# per type: (cpc or cpv range, ctr range, conversion-rate range)
_TYPE_PARAMS = {
    "検索": ((45.0, 130.0), (0.04, 0.11), (0.03, 0.1)),
    "ディスプレイ": ((12.0, 40.0), (0.003, 0.009), (0.005, 0.02)),
    "P-MAX": ((25.0, 70.0), (0.01, 0.03), (0.02, 0.06)),
    "動画": ((3.0, 9.0), (0.002, 0.006), (0.01, 0.03)),
}


@dataclass
class Campaign:
    theme: Theme
    start: int  # day index in the fiscal year
    end: int  # inclusive
    is_placebo: bool
    status: str
    effect_lift: float  # planted lift relative to the target's baseline online count
    effect_per_day: float = 0.0  # absolute planted mean per day (set by the e-application model)
    effect_daily: list[int] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.theme.name


def draw_campaigns(cal: FiscalCalendar, rng: np.random.Generator) -> list[Campaign]:
    """8-14 campaigns, always the video one, at least two placebos, no two overlapping windows
    on the same procedure."""
    n = int(rng.integers(8, 15))
    video = next(i for i, t in enumerate(THEMES) if t.campaign_type == "動画")
    others = [i for i in range(len(THEMES)) if i != video]
    chosen = sorted([video, *rng.choice(others, size=n - 1, replace=False).tolist()])
    with_target = [i for i in chosen if THEMES[i].procedure_id]
    placebos = set(rng.choice(with_target, size=int(rng.integers(2, 4)), replace=False).tolist())
    out: list[Campaign] = []
    for i in chosen:
        t = THEMES[i]
        starts = np.flatnonzero(cal.mask_between(*t.start_window))
        for _ in range(200):
            start = int(rng.choice(starts))
            end = min(start + int(rng.integers(t.days[0], t.days[1] + 1)) - 1, cal.n_days - 1)
            clash = any(
                c.theme.procedure_id == t.procedure_id and not (end < c.start or start > c.end)
                for c in out
                if t.procedure_id
            )
            if not clash:
                break
        else:  # pragma: no cover - windows always fit in practice
            raise RuntimeError(f"no free window for campaign {t.name}")
        ended = end < cal.n_days - 1
        status = "一時停止" if ended and rng.random() < 0.3 else "有効"
        lift = 0.0 if (i in placebos or not t.procedure_id) else float(rng.uniform(0.15, 0.6))
        out.append(Campaign(t, start, end, i in placebos, status, lift))
    return out


def ad_rows(
    cal: FiscalCalendar, campaigns: list[Campaign], rng: np.random.Generator
) -> pl.DataFrame:
    """Daily rows per campaign x device over each campaign's window (the whole city's ads)."""
    frames = []
    for c in campaigns:
        t = c.theme
        (p_lo, p_hi), (ctr_lo, ctr_hi), (cvr_lo, cvr_hi) = _TYPE_PARAMS[t.campaign_type]
        price, ctr, cvr = (
            rng.uniform(p_lo, p_hi),
            rng.uniform(ctr_lo, ctr_hi),
            rng.uniform(cvr_lo, cvr_hi),
        )
        budget = rng.uniform(*t.budget)
        mobile = rng.uniform(0.62, 0.8) if t.campaign_type != "動画" else rng.uniform(0.75, 0.88)
        tablet = rng.uniform(0.04, 0.08)
        share = np.array([mobile, 1.0 - mobile - tablet, tablet])
        dev_price = np.array([1.0, 1.15, 0.9])
        days = np.arange(c.start, c.end + 1)
        nd = len(days)
        weekend = cal.is_weekend[days] | cal.is_holiday[days]
        pace = np.where(weekend & (t.campaign_type == "検索"), 0.85, 1.0)
        spend = budget * rng.uniform(0.8, 1.1, size=nd) * pace
        spend_dev = spend[:, None] * share[None, :]
        price_dev = price * dev_price[None, :] * rng.lognormal(0, 0.1, size=(nd, 3))
        if t.campaign_type == "動画":
            views = rng.poisson(spend_dev / price_dev)
            cost = np.round(views * price_dev)
            impressions = rng.poisson(views / rng.uniform(0.18, 0.35))
            clicks = rng.binomial(impressions, ctr)
            video_views: np.ndarray | None = views
        else:
            clicks = rng.poisson(spend_dev / price_dev)
            cost = np.round(clicks * price_dev)
            day_ctr = ctr * rng.lognormal(0, 0.15, size=(nd, 3))
            impressions = np.maximum(clicks, rng.poisson(clicks / day_ctr))
            video_views = None
        conv = rng.binomial(clicks, cvr).astype(float)
        if t.campaign_type in ("P-MAX", "ディスプレイ"):  # data-driven attribution: fractions
            conv = np.round(conv * rng.uniform(0.85, 1.0, size=conv.shape), 2)
        for d in range(3):
            frames.append(
                pl.DataFrame(
                    {
                        "campaign_status": [c.status] * nd,
                        "campaign_name": [t.name] * nd,
                        "campaign_type": [t.campaign_type] * nd,
                        "date": [cal.dates[i] for i in days],
                        "device": [DEVICE_JA[d]] * nd,
                        "device_index": [d] * nd,
                        "impressions": impressions[:, d].astype(np.int64),
                        "clicks": clicks[:, d].astype(np.int64),
                        "cost_jpy": cost[:, d].astype(np.int64),
                        "conversions": conv[:, d],
                        "video_views": None
                        if video_views is None
                        else video_views[:, d].astype(np.int64),
                    },
                    schema_overrides={"video_views": pl.Int64, "date": pl.Date},
                )
            )
    order = {c.name: i for i, c in enumerate(campaigns)}
    df = pl.concat(frames)
    return (
        df.with_columns(pl.col("campaign_name").replace_strict(order).alias("_o"))
        .sort(["_o", "date", "device_index"])
        .drop("_o")
    )
