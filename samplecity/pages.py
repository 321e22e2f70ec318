"""Page-level simulation of one day's sessions: which pages, how long, which events happen."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from samplecity.sampling import grouped_choice
from samplecity.site import HOME_PAGE_BY_LANG, LANGS, PAGES, TOPICS
from samplecity.traffic import DIRECT

MAX_SESSION_US = 19 * 60 * 1_000_000
N_TOPIC_LANG = len(TOPICS) * len(LANGS)


def _page_group_weights() -> np.ndarray:
    """(topic x lang) groups x pages: popularity weights; empty groups fall back to Japanese."""
    w = np.zeros((N_TOPIC_LANG, len(PAGES)))
    for i, p in enumerate(PAGES):
        w[TOPICS.index(p.topic) * len(LANGS) + LANGS.index(p.lang), i] = p.weight
    for g in range(N_TOPIC_LANG):
        if w[g].sum() == 0:
            w[g] = w[g - g % len(LANGS)]
    return w


PAGE_GROUP_WEIGHTS = _page_group_weights()
PAGE_HAS_FILE = np.array([p.file_name is not None for p in PAGES])
PAGE_IS_FORM = np.array([p.form_id is not None for p in PAGES])


@dataclass
class DayPages:
    """Page rows of a day's sessions, ordered by session then position."""

    session: np.ndarray  # index into the day's sessions
    order: np.ndarray  # 0 = landing page
    page: np.ndarray
    start_us: np.ndarray
    dwell_ms: np.ndarray
    engaged: np.ndarray  # per session


@dataclass
class DayEvents:
    """Events as page-row index, name code, timestamp and engagement time (-1 = none)."""

    page_row: np.ndarray
    name: np.ndarray
    ts_us: np.ndarray
    engagement_ms: np.ndarray


EVENT_NAMES: tuple[str, ...] = (
    "first_visit",
    "session_start",
    "page_view",
    "scroll",
    "file_download",
    "form_start",
    "form_submit",
    "user_engagement",
)
_E = {n: i for i, n in enumerate(EVENT_NAMES)}


def simulate_pages(
    rng: np.random.Generator,
    topic_pref: np.ndarray,
    seg: np.ndarray,
    reader: np.ndarray,
    topic: np.ndarray,
    channel: np.ndarray,
    landing: np.ndarray,
    form_page: np.ndarray,
    start_us: np.ndarray,
) -> DayPages:
    n_s = len(seg)
    n_pages = np.minimum(rng.geometric(0.45, n_s), 12)
    n_pages = np.where(form_page >= 0, np.maximum(n_pages, 2), n_pages)
    sess = np.repeat(np.arange(n_s), n_pages)
    firsts = np.r_[0, np.cumsum(n_pages)[:-1]]
    order = np.arange(len(sess)) - np.repeat(firsts, n_pages)
    # topic: the session's topic on landing, then mostly the same, sometimes elsewhere
    p_topic = topic[sess].astype(np.int64)
    wander = (order > 0) & (rng.random(len(sess)) < 0.35)
    p_topic[wander] = grouped_choice(rng, topic_pref, seg[sess][wander].astype(np.int64))
    lang = reader[sess].astype(np.int64)
    lang[rng.random(len(sess)) < 0.12] = LANGS.index("ja")
    page = grouped_choice(rng, PAGE_GROUP_WEIGHTS, p_topic * len(LANGS) + lang)
    home = (order == 0) & (channel[sess] == DIRECT) & (rng.random(len(sess)) < 0.35)
    home_pages = np.array([HOME_PAGE_BY_LANG[x] for x in LANGS])
    page[home] = home_pages[lang[home]]
    forced = (order == 0) & (landing[sess] >= 0)
    page[forced] = landing[sess][forced]
    to_form = (order == 1) & (form_page[sess] >= 0) & (rng.random(len(sess)) < 0.5)
    page[to_form] = form_page[sess][to_form]
    dwell = np.exp(rng.normal(np.log(30_000), 1.0, len(sess)))
    dwell = np.where(PAGE_IS_FORM[page], np.exp(rng.normal(np.log(150_000), 0.6, len(sess))), dwell)
    dwell = np.clip(dwell, 800, 600_000).astype(np.int64)
    gap = rng.integers(500_000, 3_000_000, len(sess))
    step = dwell * 1000 + gap
    cum = np.cumsum(step) - step
    offset = cum - np.repeat(cum[firsts], n_pages) if len(sess) else cum
    start = start_us[sess] + np.minimum(offset, MAX_SESSION_US)
    total = np.bincount(sess, weights=dwell, minlength=n_s)
    engaged = (n_pages >= 2) | (total >= 10_000)
    return DayPages(sess, order, page, start, dwell, engaged)


def simulate_events(
    rng: np.random.Generator, pages: DayPages, first_visit: np.ndarray, form_boost: np.ndarray
) -> DayEvents:
    """Events of every page row; `form_boost` marks sessions sent by an ad for a form."""
    n = len(pages.page)
    rows = np.arange(n)
    landing = pages.order == 0
    d = pages.dwell_ms
    u = rng.random((4, n))
    is_form = PAGE_IS_FORM[pages.page]
    p_start = np.where(form_boost[pages.session], 0.75, 0.6)
    form_start = is_form & (u[2] < p_start)
    form_submit = form_start & (rng.random(n) < 0.7)
    parts = [
        (landing & first_visit[pages.session], "first_visit", 0.0, False),
        (landing, "session_start", 0.0, False),
        (np.ones(n, bool), "page_view", 0.0, False),
        ((u[0] < 0.35) & (d > 8000), "scroll", 0.6, True),
        (PAGE_HAS_FILE[pages.page] & (u[1] < 0.18), "file_download", 0.5, True),
        (form_start, "form_start", 0.2, True),
        (form_submit, "form_submit", 0.9, True),
        (u[3] < 0.85, "user_engagement", 1.0, True),
    ]
    idx, name, ts, eng = [], [], [], []
    for mask, ev, at, with_eng in parts:
        r = rows[mask]
        idx.append(r)
        name.append(np.full(len(r), _E[ev], dtype=np.int8))
        ts.append(pages.start_us[r] + (d[r] * 1000 * at).astype(np.int64))
        eng.append((d[r] * at).astype(np.int64) if with_eng else np.full(len(r), -1))
    page_row = np.concatenate(idx)
    names = np.concatenate(name)
    stamps = np.concatenate(ts)
    order = np.lexsort((names, page_row, stamps))
    return DayEvents(page_row[order], names[order], stamps[order], np.concatenate(eng)[order])
