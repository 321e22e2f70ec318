"""One day of GA4 BigQuery-export rows as a polars frame, written as gzip NDJSON.

INT64 fields are strings, as `bq extract` writes them; event_params is a list of
{key, value: {string_value, int_value, float_value, double_value}}.
"""

from __future__ import annotations

import gzip
import io
import urllib.parse
from dataclasses import dataclass

import numpy as np
import polars as pl

from samplecity.devices import DEVICE_PROFILES, GEOS
from samplecity.pages import EVENT_NAMES, DayEvents, DayPages
from samplecity.site import HOST, PAGES
from samplecity.traffic import CHANNELS, CPC, DIRECT
from samplecity.users import Sessions, Users

STREAM_ID = "4589312765"
_S = pl.String
_NULL_S = pl.lit(None, dtype=_S)
_NULL_F = pl.lit(None, dtype=pl.Float64)


@dataclass(frozen=True)
class Lookups:
    """String tables the per-day frames gather from."""

    urls: pl.Series
    titles: pl.Series
    form_ids: pl.Series
    file_names: pl.Series
    event_names: pl.Series
    campaigns: pl.Series
    ch_source: pl.Series
    ch_medium: pl.Series
    ch_referrer: pl.Series
    device_langs: pl.Series
    device: pl.DataFrame
    geo: pl.DataFrame


def build_lookups(campaign_names: list[str], device_langs: list[str]) -> Lookups:
    cols = [
        "category",
        "mobile_brand_name",
        "mobile_model_name",
        "operating_system",
        "operating_system_version",
        "browser",
        "browser_version",
    ]
    geo_cols = ["continent", "sub_continent", "country", "region", "city"]
    return Lookups(
        urls=pl.Series([p.url for p in PAGES], dtype=_S),
        titles=pl.Series([p.title for p in PAGES], dtype=_S),
        form_ids=pl.Series([p.form_id for p in PAGES], dtype=_S),
        file_names=pl.Series([p.file_name for p in PAGES], dtype=_S),
        event_names=pl.Series(EVENT_NAMES, dtype=_S),
        campaigns=pl.Series(campaign_names, dtype=_S),
        ch_source=pl.Series([c.source for c in CHANNELS], dtype=_S),
        ch_medium=pl.Series([c.medium for c in CHANNELS], dtype=_S),
        ch_referrer=pl.Series([c.referrer for c in CHANNELS], dtype=_S),
        device_langs=pl.Series(device_langs, dtype=_S),
        device=pl.DataFrame([p[:7] for p in DEVICE_PROFILES], schema=cols, orient="row"),
        geo=pl.DataFrame([g[:5] for g in GEOS], schema=geo_cols, orient="row"),
    )


def _event_params(
    n: int, specs: list[tuple[str, np.ndarray | None, pl.Series | None, pl.Series | None]]
) -> pl.Series:
    """event_params lists built from (key, present-mask, string values, int values) specs.

    Long format (one row per present parameter), sorted by event then spec order, imploded per
    event: far faster than concatenating per-row structs.
    """
    parts = []
    for order, (key, mask, sv, iv) in enumerate(specs):
        idx = np.arange(n) if mask is None else np.flatnonzero(mask)
        m = len(idx)
        parts.append(
            pl.DataFrame(
                {
                    "ev": idx,
                    "o": np.full(m, order, dtype=np.int8),
                    "key": pl.repeat(key, m, dtype=_S, eager=True),
                    "string_value": sv.gather(idx)
                    if sv is not None
                    else pl.repeat(None, m, dtype=_S, eager=True),
                    "int_value": iv.gather(idx)
                    if iv is not None
                    else pl.repeat(None, m, dtype=_S, eager=True),
                }
            )
        )
    long = pl.concat(parts).sort(["ev", "o"])
    return (
        long.select(
            "ev",
            p=pl.struct(
                "key",
                value=pl.struct(
                    "string_value", "int_value", float_value=_NULL_F, double_value=_NULL_F
                ),
            ),
        )
        .group_by("ev", maintain_order=True)
        .agg("p")["p"]
        .alias("event_params")
    )


def _queries(sess: Sessions, sl: slice, names: list[str]) -> list[str | None]:
    """utm_* (and gclid) query string of each tagged session's landing page."""
    out: list[str | None] = []
    for ch, camp, gclid in zip(sess.channel[sl], sess.campaign[sl], sess.gclid[sl], strict=True):
        c = CHANNELS[ch]
        if not c.utm:
            out.append(None)
            continue
        q = {"utm_source": c.source, "utm_medium": c.medium, "utm_campaign": names[camp]}
        if ch == CPC:
            q["gclid"] = gclid
        out.append("?" + urllib.parse.urlencode(q))
    return out


def events_frame(
    date_strs: pl.Series,
    sess: Sessions,
    sl: slice,
    users: Users,
    pages: DayPages,
    events: DayEvents,
    lk: Lookups,
    names: list[str],
    rng: np.random.Generator,
) -> pl.DataFrame:
    ev_sess = pages.session[events.page_row]
    g_sess = sl.start + ev_sess
    user = sess.user[g_sess]
    landing = pages.order[events.page_row] == 0
    chan = sess.channel[g_sess]
    page = pages.page[events.page_row]
    # page_location per page row (landing pages of tagged sessions carry utm parameters);
    # page_referrer: the external referrer on landing, else the previous page
    rows = (
        pl.DataFrame(
            {
                "url": lk.urls.gather(pages.page),
                "q": pl.Series(_queries(sess, sl, names), dtype=_S).gather(pages.session),
                "landing": pages.order == 0,
                "ext_ref": lk.ch_referrer.gather(sess.channel[sl][pages.session]),
            }
        )
        .with_columns(
            loc=pl.when(pl.col("landing") & pl.col("q").is_not_null())
            .then(pl.col("url") + pl.col("q"))
            .otherwise(pl.col("url"))
        )
        .with_columns(
            ref=pl.when(pl.col("landing")).then(pl.col("ext_ref")).otherwise(pl.col("loc").shift(1))
        )
    )
    loc_rows, ref_rows = rows["loc"], rows["ref"]
    n = len(user)
    attributed = landing & (chan != DIRECT)
    names_ev = events.name
    is_file = names_ev == EVENT_NAMES.index("file_download")
    is_form = (names_ev == EVENT_NAMES.index("form_start")) | (
        names_ev == EVENT_NAMES.index("form_submit")
    )
    src = lk.ch_source.gather(chan)
    med = lk.ch_medium.gather(chan)
    camp = lk.campaigns.gather(sess.campaign[g_sess])
    ref = ref_rows.gather(events.page_row)
    file_name = lk.file_names.gather(page)
    params = _event_params(
        n,
        [
            ("ga_session_id", None, None, pl.Series(sess.ts_us[g_sess] // 1_000_000).cast(_S)),
            ("ga_session_number", None, None, pl.Series(sess.number[g_sess]).cast(_S)),
            ("page_location", None, loc_rows.gather(events.page_row), None),
            ("page_title", None, lk.titles.gather(page), None),
            ("page_referrer", ref.is_not_null().to_numpy(), ref, None),
            (
                "engagement_time_msec",
                events.engagement_ms >= 0,
                None,
                pl.Series(events.engagement_ms).cast(_S),
            ),
            (
                "session_engaged",
                pages.engaged[ev_sess] & (names_ev > 1),
                pl.repeat("1", n, dtype=_S, eager=True),
                None,
            ),
            (
                "entrances",
                landing & (names_ev == EVENT_NAMES.index("page_view")),
                None,
                pl.repeat("1", n, dtype=_S, eager=True),
            ),
            ("source", attributed, src, None),
            ("medium", attributed, med, None),
            ("campaign", attributed, camp, None),
            ("form_id", is_form, lk.form_ids.gather(page), None),
            ("file_name", is_file, file_name, None),
            ("file_extension", is_file, pl.repeat("pdf", n, dtype=_S, eager=True), None),
            ("link_url", is_file, f"https://{HOST}" + file_name, None),
        ],
    )
    dev = lk.device.select(pl.all().gather(pl.Series(users.device_profile[user])))
    geo = lk.geo.select(pl.all().gather(pl.Series(users.geo[user])))
    ftc = users.first_channel[user]
    base = (
        pl.DataFrame(
            {
                "event_date": date_strs.gather(sess.day[g_sess]),
                "event_timestamp": events.ts_us,
                "event_name": lk.event_names.gather(names_ev),
                "event_params": params,
                "attributed": attributed,
                "src": src,
                "med": med,
                "camp": camp,
                "gclid": pl.Series(sess.gclid[sl].tolist(), dtype=_S).gather(ev_sess),
                "user_pseudo_id": users.pseudo_id.gather(user),
                "ftt": users.first_touch_us[user],
                "lang": lk.device_langs.gather(users.device_lang[user]),
                "ts_name": lk.campaigns.gather(users.first_campaign[user]),
                "ts_source": lk.ch_source.gather(ftc),
                "ts_medium": lk.ch_medium.gather(ftc),
                "bundle": rng.integers(100_000_000, 2_000_000_000, size=n),
            }
        )
        .hstack(dev.rename(lambda c: "d_" + c))
        .hstack(geo.rename(lambda c: "g_" + c))
    )
    return base.select(
        event_date=pl.col("event_date"),
        event_timestamp=pl.col("event_timestamp").cast(_S),
        event_name=pl.col("event_name"),
        event_params=pl.col("event_params"),
        event_previous_timestamp=_NULL_S,
        event_value_in_usd=_NULL_F,
        event_bundle_sequence_id=pl.col("bundle").cast(_S),
        event_server_timestamp_offset=_NULL_S,
        user_id=_NULL_S,
        user_pseudo_id=pl.col("user_pseudo_id"),
        privacy_info=pl.struct(
            analytics_storage=pl.lit("Yes"),
            ads_storage=pl.lit("Yes"),
            uses_transient_token=pl.lit("No"),
        ),
        user_properties=pl.lit([], dtype=pl.List(_S)),
        user_first_touch_timestamp=pl.col("ftt").cast(_S),
        user_ltv=pl.lit(None, dtype=pl.Struct({"revenue": pl.Float64, "currency": _S})),
        device=pl.struct(
            category=pl.col("d_category"),
            mobile_brand_name=pl.col("d_mobile_brand_name"),
            mobile_model_name=pl.col("d_mobile_model_name"),
            mobile_marketing_name=_NULL_S,
            mobile_os_hardware_model=_NULL_S,
            operating_system=pl.col("d_operating_system"),
            operating_system_version=pl.col("d_operating_system_version"),
            vendor_id=_NULL_S,
            advertising_id=_NULL_S,
            language=pl.col("lang"),
            is_limited_ad_tracking=pl.lit("No"),
            time_zone_offset_seconds=_NULL_S,
            browser=_NULL_S,
            browser_version=_NULL_S,
            web_info=pl.struct(
                browser=pl.col("d_browser"),
                browser_version=pl.col("d_browser_version"),
                hostname=pl.lit(HOST),
            ),
        ),
        geo=pl.struct(
            city=pl.col("g_city"),
            country=pl.col("g_country"),
            continent=pl.col("g_continent"),
            region=pl.col("g_region"),
            sub_continent=pl.col("g_sub_continent"),
            metro=pl.lit("(not set)"),
        ),
        app_info=_NULL_S,
        traffic_source=pl.struct(
            name=pl.col("ts_name"), medium=pl.col("ts_medium"), source=pl.col("ts_source")
        ),
        stream_id=pl.lit(STREAM_ID),
        platform=pl.lit("WEB"),
        event_dimensions=_NULL_S,
        ecommerce=_NULL_S,
        items=pl.lit([], dtype=pl.List(_S)),
        collected_traffic_source=pl.struct(
            manual_campaign_id=_NULL_S,
            manual_campaign_name=pl.when(pl.col("attributed")).then(pl.col("camp")),
            manual_source=pl.when(pl.col("attributed")).then(pl.col("src")),
            manual_medium=pl.when(pl.col("attributed")).then(pl.col("med")),
            manual_term=_NULL_S,
            manual_content=_NULL_S,
            gclid=pl.when(pl.col("attributed")).then(pl.col("gclid")),
            dclid=_NULL_S,
            srsltid=_NULL_S,
        ),
        is_active_user=pl.lit(True),
    )


def ndjson_gz(df: pl.DataFrame, level: int = 6) -> bytes:
    """NDJSON bytes, gzip with mtime 0 and no file name (byte-identical across runs)."""
    buf = io.BytesIO()
    df.write_ndjson(buf)
    return gzip.compress(buf.getvalue(), compresslevel=level, mtime=0)
