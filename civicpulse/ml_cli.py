"""`civicpulse ml …`: evaluate the ML tables against a sample city's ground truth, and plan
channels for a target. Reads the published snapshot (serving.duckdb) read-only.

Registered in civicpulse/cli.py with `main.add_command(ml)`.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import click
import duckdb
import polars as pl

from civicpulse.settings import Settings, SettingsError
from ml import evaluation
from ml.channel_catalogue import DEFAULT_CHANNELS, WEB_TO_PLANNED, load_overrides, with_overrides
from ml.planner import (
    Audience,
    PlanError,
    Target,
    audience_from_cells,
    audience_from_reach,
    make_plan,
    parse_target,
)
from warehouse.connections import SnapshotMissingError, connect_reader


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except SettingsError as error:
        raise click.ClickException(str(error)) from None


def _reader(settings: Settings) -> duckdb.DuckDBPyConnection:
    try:
        return connect_reader(settings.paths)
    except SnapshotMissingError as error:
        raise click.ClickException(str(error)) from None


def _query(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> pl.DataFrame:
    try:
        return con.sql(sql, params=params).pl()
    except duckdb.CatalogException as error:
        raise click.ClickException(
            f"{error}\nthe snapshot has no ML tables yet: run `civicpulse run` (or build + publish)"
        ) from None


def _optional(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> pl.DataFrame | None:
    """A table that older snapshots may lack: None when it does not exist."""
    try:
        return con.sql(sql, params=params).pl()
    except duckdb.CatalogException:
        return None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def ml() -> None:
    """Segments, campaign lift and the channel planner (tables built by dbt in models/ml)."""


def _user_segments_truth(path: Path, truth: dict[str, Any]) -> dict[str, str]:
    if truth.get("user_segments"):
        return dict(truth["user_segments"])
    name = truth.get("user_segments_file")
    if not name:
        raise click.ClickException(f"{path}: no user_segments and no user_segments_file")
    text = gzip.decompress((path.parent / name).read_bytes()).decode("utf-8")
    return {row["user_pseudo_id"]: row["segment_id"] for row in csv.DictReader(io.StringIO(text))}


@ml.command()
@click.option(
    "--ground-truth",
    "ground_truth",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help="ground_truth.json written by `civicpulse sample` (beside the sample folder).",
)
@click.option(
    "--min-sessions",
    type=int,
    default=1,
    show_default=True,
    help="Headline ARI over users with at least this many sessions (1 = all users; the ARI "
    "at every session threshold is printed too).",
)
def evaluate(ground_truth: Path, min_sessions: int) -> None:
    """Compare segments, lift estimates and A/B test results with a sample city's ground truth;
    print JSON."""
    settings = _settings()
    truth = json.loads(ground_truth.read_text(encoding="utf-8"))
    code = str(truth.get("municipality_code", settings.municipality_code))
    con = _reader(settings)
    try:
        assigned = _query(
            con,
            "select user_key, segment_id, n_sessions from marts.ml_user_segments "
            "where municipality_code = ?",
            [code],
        )
        lift = _query(
            con, "select * from marts.ml_campaign_lift where municipality_code = ?", [code]
        )
        ab_results = _optional(
            con, "select * from marts.ml_ab_test_results where municipality_code = ?", [code]
        )
        try:
            respondents = con.sql(
                "select * from marts.fct_survey_respondents where municipality_code = ?",
                params=[code],
            ).pl()
        except duckdb.CatalogException:
            respondents = None
    finally:
        con.close()
    if assigned.height == 0:
        raise click.ClickException("marts.ml_user_segments is empty: no web segments were fitted")
    segments = evaluation.segment_agreement(
        _user_segments_truth(ground_truth, truth), assigned, settings.pseudonym_key, min_sessions
    )
    lifts = evaluation.lift_agreement(truth.get("campaigns", []), lift)
    survey_truth = (truth.get("channels") or {}).get("survey", {}).get("channel_use_true_share")
    survey = (
        evaluation.survey_reach_error(survey_truth, respondents)
        if survey_truth and respondents is not None
        else {"survey_reach_mae": None}
    )
    ab_truth = (truth.get("channels") or {}).get("line", {}).get("ab_effects") or []
    ab = (
        evaluation.ab_agreement(ab_truth, ab_results)
        if ab_results is not None
        else {"ab_coverage": None, "ab_false_positive_rate": None}
    )
    out = {
        "adjusted_rand_index": segments["adjusted_rand_index"],
        "lift_coverage": lifts["lift_coverage"],
        "placebo_false_positive_rate": lifts["placebo_false_positive_rate"],
        "ab_coverage": ab["ab_coverage"],
        "ab_false_positive_rate": ab["ab_false_positive_rate"],
        "survey_reach_mae": survey["survey_reach_mae"],
        "segments": segments,
        "lift": lifts,
        "ab_tests": ab,
        "survey": survey,
        "definitions": evaluation.__doc__,
        "seed": truth.get("seed"),
        "scale": truth.get("scale"),
    }
    click.echo(json.dumps(out, ensure_ascii=False, indent=2, default=str))


def _audience(con: duckdb.DuckDBPyConnection, code: str, target: Target) -> Audience:
    if target.kind == "web":
        seg = _query(
            con,
            "select segment_name, users from marts.ml_segment_profiles "
            "where municipality_code = ? and segment_id = ? and not is_suppressed",
            [code, target.segment_id],
        )
        if seg.height == 0:
            raise PlanError(f"no web segment {target.segment_id} (see marts.ml_segment_profiles)")
        reach = _query(
            con,
            "select channel, reach_share from marts.ml_channel_reach_by_segment "
            "where municipality_code = ? and segment_source = 'web' and segment_id = ?",
            [code, target.segment_id],
        )
        mapped = reach.with_columns(
            pl.col("channel").replace_strict(WEB_TO_PLANNED, default=None)
        ).drop_nulls("channel")
        mapped = pl.concat(
            [
                mapped.group_by("channel").agg(pl.col("reach_share").max()),
                pl.DataFrame({"channel": ["website"], "reach_share": [1.0]}),
            ]
        )
        name, users = seg.row(0)
        return audience_from_reach(
            mapped,
            float(users),
            f"ウェブセグメント{target.segment_id}「{name}」",
            "GA4の流入履歴（期間中に各経路から1回以上訪れた利用者の割合を到達可能率とみなす）",
            target.segment_id,
        )
    if target.kind == "survey":
        seg = _query(
            con,
            "select segment_name, estimated_residents from marts.ml_survey_segments "
            "where municipality_code = ? and segment_id = ? and not is_suppressed",
            [code, target.segment_id],
        )
        if seg.height == 0:
            raise PlanError(f"no survey segment {target.segment_id} (see marts.ml_survey_segments)")
        reach = _query(
            con,
            "select channel, reach_share from marts.ml_channel_reach_by_segment "
            "where municipality_code = ? and segment_source = 'survey' and segment_id = ?",
            [code, target.segment_id],
        )
        name, residents = seg.row(0)
        return audience_from_reach(
            reach,
            float(residents),
            f"市民セグメント{target.segment_id}「{name}」",
            "市民意識調査の重み付き集計（セグメント内で各媒体を使う住民の割合）",
        )
    respondents = _query(
        con, "select * from marts.fct_survey_respondents where municipality_code = ?", [code]
    )
    return audience_from_cells(respondents, target)


def _search_cpc(con: duckdb.DuckDBPyConnection, code: str) -> float | None:
    try:
        row = con.execute(
            "select sum(spend_jpy) / nullif(sum(clicks), 0) from marts.fct_ad_performance_daily "
            "where municipality_code = ? and campaign_type = '検索'",
            [code],
        ).fetchall()
    except duckdb.Error:
        return None
    return float(row[0][0]) if row and row[0][0] is not None else None


@ml.command()
@click.option(
    "--target", required=True, help="web:<id>, survey:<id>, age=30-39|40-49,area=<town>, or all."
)
@click.option("--budget", type=float, required=True, help="Budget in yen.")
@click.option(
    "--start", type=click.DateTime(formats=["%Y-%m-%d"]), required=True, help="First day."
)
@click.option("--end", type=click.DateTime(formats=["%Y-%m-%d"]), required=True, help="Last day.")
@click.option(
    "--costs",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help='JSON overriding channel assumptions, e.g. {"line": {"unit_cost_jpy": 0}}.',
)
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
def plan(
    target: str,
    budget: float,
    start: dt.datetime,
    end: dt.datetime,
    costs: Path | None,
    as_json: bool,
) -> None:
    """Rank channels by reach per yen for a target and recommend a mix and timing."""
    settings = _settings()
    code = settings.municipality_code
    con = _reader(settings)
    try:
        try:
            parsed = parse_target(target)
            audience = _audience(con, code, parsed)
            channels = with_overrides(DEFAULT_CHANNELS, load_overrides(costs) if costs else {})
            cpc = _search_cpc(con, code)
            if cpc is not None and not (costs and "search_ads" in load_overrides(costs)):
                channels = tuple(
                    replace(c, unit_cost_jpy=round(cpc, 1), source_ja="広告実績の平均CPC")
                    if c.code == "search_ads"
                    else c
                    for c in channels
                )
            scope = (
                "segment_id = ?" if audience.web_segment_id is not None else "segment_scope = 'all'"
            )
            params: list[Any] = [code] + (
                [audience.web_segment_id] if audience.web_segment_id is not None else []
            )
            engagement = _query(
                con,
                "select day_of_week, hour_of_day, engaged_sessions, engagement_rate "
                f"from marts.ml_segment_engagement_by_hour where municipality_code = ? and {scope}",
                params,
            )
            result = make_plan(audience, channels, budget, start.date(), end.date(), engagement)
        except (PlanError, ValueError) as error:
            raise click.ClickException(str(error)) from None
    finally:
        con.close()
    if as_json:
        click.echo(
            json.dumps(
                {
                    "target": audience.label_ja,
                    "audience_size": round(audience.size),
                    "total_reach": round(result.total_reach),
                    "reach_share": result.total_reach / max(audience.size, 1.0),
                    "total_spend_jpy": round(result.total_spend),
                    "channels": result.ranking.to_dicts(),
                    "timing": result.timing,
                    "assumptions": result.assumptions,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    click.echo(f"対象: {audience.label_ja}（推定 {round(audience.size):,}人）")
    click.echo("媒体ランキング（1,000円あたりの到達人数）と推奨配分:")
    for r in result.ranking.iter_rows(named=True):
        per = r["people_per_1000_jpy"]
        click.echo(
            f"  {r['channel_ja']}: 到達可能 {r['reachable_people']:,}人, "
            f"{per:,.1f}人/1,000円, {r['units']}×{r['unit_ja']} = {r['spend_jpy']:,}円 → "
            f"{r['expected_reach']:,}人"
        )
    click.echo("おすすめの曜日・時間帯: " + ("; ".join(result.timing) or "（履歴なし）"))
    click.echo("前提:")
    for line in result.assumptions:
        click.echo(f"  - {line}")
    click.echo(
        f"plan: {round(result.total_reach):,} people reached "
        f"({result.total_reach / max(audience.size, 1.0):.0%} of the target) "
        f"for {result.total_spend:,.0f} JPY of {budget:,.0f}"
    )


if __name__ == "__main__":  # pragma: no cover - `python -m civicpulse.ml_cli`
    ml()
