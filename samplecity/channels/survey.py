"""令和N年度 みどり市市民意識調査: microdata of about 2,000 respondents in the city's documented
template (see ingest/survey.py): CP932, CRLF, one 0/1 column per channel option
(情報入手手段_LINE …) and the topics as one list column (関心のある分野: "子育て、防災").

5,000 residents aged 20 and over are invited at random from ctx.city (town × age band × sex);
older residents, women and residents of old town centres respond more, so the raw respondents
over-represent them. Channel use depends on age (LINE young, 広報紙 and 回覧板 old) and a
little on sex. The truth records the channel-use shares of the whole adult population (what a
correctly weighted estimate should recover) and the unweighted shares among respondents.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import numpy as np

from samplecity.channels.context import ChannelOutput, SampleContext
from samplecity.city import TOWNS

AGE_LABELS = ("20代", "30代", "40代", "50代", "60代", "70代", "80歳以上")
AGE_BANDS = ("20-29", "30-39", "40-49", "50-59", "60-69", "70-79", "80+")
RESPONSE = np.array([0.22, 0.28, 0.34, 0.42, 0.52, 0.58, 0.45])
# channel code, option label in the questionnaire, use probability by age band (20代 … 80歳以上),
# multiplier for women
CHANNELS: tuple[tuple[str, str, tuple[float, ...], float], ...] = (
    ("line", "LINE", (0.78, 0.75, 0.70, 0.60, 0.45, 0.30, 0.15), 1.08),
    ("koho_shi", "広報紙", (0.25, 0.35, 0.48, 0.60, 0.72, 0.82, 0.85), 1.05),
    ("website", "市ウェブサイト", (0.45, 0.52, 0.55, 0.50, 0.38, 0.22, 0.10), 0.95),
    ("community_fm", "FM", (0.05, 0.06, 0.08, 0.10, 0.14, 0.18, 0.16), 1.0),
    ("cable_tv", "ケーブルテレビ", (0.05, 0.08, 0.10, 0.14, 0.20, 0.26, 0.28), 1.0),
    ("x", "X", (0.35, 0.25, 0.15, 0.10, 0.05, 0.02, 0.01), 0.8),
    ("facebook", "Facebook", (0.05, 0.10, 0.14, 0.12, 0.08, 0.04, 0.02), 0.9),
    ("instagram", "Instagram", (0.40, 0.32, 0.20, 0.10, 0.05, 0.02, 0.01), 1.3),
    ("youtube", "YouTube", (0.20, 0.18, 0.14, 0.10, 0.07, 0.04, 0.02), 0.85),
    ("kairanban", "回覧板", (0.08, 0.15, 0.25, 0.35, 0.48, 0.58, 0.60), 1.1),
    ("bosai_musen", "防災無線", (0.06, 0.08, 0.10, 0.14, 0.20, 0.26, 0.28), 1.0),
)
TOPICS: tuple[tuple[str, tuple[float, ...]], ...] = (
    ("子育て", (0.30, 0.45, 0.30, 0.10, 0.06, 0.05, 0.04)),
    ("防災", (0.30, 0.35, 0.40, 0.45, 0.50, 0.50, 0.45)),
    ("健康・福祉・介護", (0.10, 0.12, 0.20, 0.35, 0.50, 0.60, 0.65)),
    ("ごみ・リサイクル", (0.20, 0.25, 0.28, 0.30, 0.32, 0.30, 0.25)),
    ("観光", (0.25, 0.20, 0.18, 0.15, 0.15, 0.10, 0.06)),
    ("税", (0.15, 0.20, 0.22, 0.22, 0.18, 0.12, 0.08)),
    ("マイナンバー", (0.12, 0.15, 0.15, 0.18, 0.20, 0.22, 0.20)),
)
HOUSEHOLDS = ("単身", "夫婦のみ", "二世代", "三世代", "その他")
HOUSEHOLD_MIX = np.array(
    [
        (0.45, 0.15, 0.30, 0.05, 0.05),
        (0.20, 0.20, 0.50, 0.06, 0.04),
        (0.12, 0.12, 0.65, 0.08, 0.03),
        (0.13, 0.25, 0.50, 0.09, 0.03),
        (0.15, 0.45, 0.28, 0.09, 0.03),
        (0.22, 0.48, 0.18, 0.09, 0.03),
        (0.35, 0.30, 0.20, 0.12, 0.03),
    ]
)
COMMENTS = (
    "広報紙を毎月楽しみにしています。",
    "LINEでの情報発信をもっと増やしてほしい。",
    "市のホームページが探しにくい。",
    "防災無線が聞き取りにくい地区がある。",
    "子育て支援の情報をまとめて知りたい。",
    "窓口の待ち時間を短くしてほしい。",
)
INVITED = 5000


def _population(ctx: SampleContext) -> np.ndarray:
    """Adults 20+ as (town, survey age band, sex) from the 5-year bands (index 4 = 20-24)."""
    pop = np.zeros((len(ctx.city["towns"]), len(AGE_BANDS), 2), dtype=np.int64)
    for t, town in enumerate(ctx.city["towns"]):
        for s, key in enumerate(("male", "female")):
            bands = np.array(town[key][4:])
            pop[t, :, s] = bands.reshape(-1, 2).sum(axis=1)
    return pop


def write(ctx: SampleContext) -> ChannelOutput:
    rng = ctx.rng("survey")
    pop = _population(ctx)
    character = {code: young for code, _, young in TOWNS}
    youth = np.array([character.get(t["town_code"], 0.0) for t in ctx.city["towns"]])
    propensity = (
        RESPONSE[None, :, None]
        * np.array([1.0, 1.12])[None, None, :]
        * (1.0 - 0.25 * youth)[:, None, None]
        * rng.uniform(0.9, 1.1)
    )
    invited = rng.multivariate_hypergeometric(pop.ravel(), INVITED).reshape(pop.shape)
    answered = rng.binomial(invited, np.clip(propensity, 0, 1))
    town_i, age_i, sex_i = np.repeat(np.indices(pop.shape).reshape(3, -1), answered.ravel(), axis=1)
    order = rng.permutation(len(town_i))
    town_i, age_i, sex_i = town_i[order], age_i[order], sex_i[order]
    n = len(town_i)

    use = np.array([c[2] for c in CHANNELS]) * rng.lognormal(0, 0.08, (len(CHANNELS), 1))
    use = np.clip(use, 0.005, 0.95)
    female_mult = np.array([c[3] for c in CHANNELS])
    p_cell = np.clip(
        use[:, :, None] * np.stack([np.ones(len(CHANNELS)), female_mult], 1)[:, None], 0, 0.97
    )
    chosen = rng.random((n, len(CHANNELS))) < p_cell[:, age_i, sex_i].T
    topic_p = np.array([t[1] for t in TOPICS])[:, age_i].T
    topics = rng.random((n, len(TOPICS))) < topic_p
    households = [
        HOUSEHOLDS[int(rng.choice(len(HOUSEHOLDS), p=HOUSEHOLD_MIX[a] / HOUSEHOLD_MIX[a].sum()))]
        for a in age_i
    ]
    july = [d for d in ctx.cal.dates if d.month == 7]
    days = np.minimum(rng.exponential(7.0, n).astype(int), len(july) - 1)
    ids = rng.permutation(np.arange(1, n + 1))
    survey_name = f"令和{ctx.fiscal_year - 2018}年度 みどり市市民意識調査"

    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\r\n")
    out.writerow(
        ["調査名", "回答者ID", "回答日", "年齢", "性別", "居住地区", "世帯構成"]
        + [f"情報入手手段_{c[1]}" for c in CHANNELS]
        + ["関心のある分野", "自由意見"]
    )
    pii = unweightable = 0
    for r in range(n):
        town = ctx.city["towns"][town_i[r]]["town_name"]
        if "ケ" in town and rng.random() < 0.3:
            town = town.replace("ケ", "ヶ")  # residents write 緑ヶ丘 for 緑ケ丘
        age = AGE_LABELS[age_i[r]]
        sex = ("男性", "女性")[sex_i[r]]
        item_nonresponse = rng.random(3)
        if item_nonresponse[0] < 0.01:
            sex = "回答しない"
        if item_nonresponse[1] < 0.005:
            age = "無回答"
        if item_nonresponse[2] < 0.005:
            town = ""
        unweightable += sex == "回答しない" or age == "無回答" or town == ""
        comment = ""
        if rng.random() < 0.18:
            comment = COMMENTS[int(rng.integers(len(COMMENTS)))]
            if rng.random() < 0.08:
                comment += f"\n連絡先: 090-{rng.integers(1000, 9999)}-{rng.integers(1000, 9999)}"
                pii += 1
        out.writerow(
            [
                survey_name,
                f"R{ids[r]:05d}",
                f"{july[days[r]]:%Y/%m/%d}",
                age,
                sex,
                town,
                households[r],
            ]
            + [str(int(v)) for v in chosen[r]]
            + ["、".join(t[0] for t, v in zip(TOPICS, topics[r], strict=True) if v), comment]
        )
    name = f"survey/shimin_ishiki_chosa_FY{ctx.fiscal_year}.csv"
    path = ctx.out / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue().encode("cp932"))
    return ChannelOutput(
        files={name: n},
        truth=_truth(name, survey_name, pop, p_cell, chosen, age_i, n, pii, unweightable),
    )


def _truth(
    name: str,
    survey_name: str,
    pop: np.ndarray,
    p_cell: np.ndarray,
    chosen: np.ndarray,
    age_i: np.ndarray,
    n: int,
    pii: int,
    unweightable: int,
) -> dict[str, Any]:
    by_age_sex = pop.sum(axis=0)  # (age band, sex)
    expected = (p_cell * by_age_sex[None]).sum(axis=(1, 2)) / by_age_sex.sum()
    by_age = (p_cell * by_age_sex[None]).sum(axis=2) / by_age_sex.sum(axis=1)[None]
    codes = [c[0] for c in CHANNELS]
    return {
        "file": name,
        "survey_name": survey_name,
        "invited": INVITED,
        "respondents": n,
        "population_20_and_over": int(pop.sum()),
        "respondents_by_age_band": {
            AGE_BANDS[a]: int((age_i == a).sum()) for a in range(len(AGE_BANDS))
        },
        "channel_use_true_share": {
            c: round(float(v), 4) for c, v in zip(codes, expected, strict=True)
        },
        "channel_use_true_share_by_age_band": {
            AGE_BANDS[a]: {c: round(float(by_age[i, a]), 4) for i, c in enumerate(codes)}
            for a in range(len(AGE_BANDS))
        },
        "channel_use_unweighted_respondent_share": {
            c: round(float(v), 4) for c, v in zip(codes, chosen.mean(axis=0), strict=True)
        },
        "pii_comments_planted": pii,
        "unweightable_respondents": int(unweightable),
        "note": "true shares are the adult (20+) population's expected channel use",
    }
