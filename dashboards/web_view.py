"""What the web page shows: page and department tables, the page views × jReadability scatter
and the JIS X 8341-3 criteria status counts (pure: query results in, figures and tables out).

Page views are page_view events, not people, so they are shown as they are.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import polars as pl

from dashboards import figures, tables
from dashboards.formatting import fmt_int
from dashboards.i18n import t
from dashboards.tables import INT, NUMBER, TEXT, Column, TableData

CHARTS: tuple[tuple[str, str], ...] = (
    ("web-scatter", "web.scatter.title"),
    ("web-jis", "web.jis.title"),
)
PAGES_KEY = "web-pages"
DEPTS_KEY = "web-depts"
NO_DEPT = "__none__"
STATUSES = (
    ("jis_conform_criteria", "web.jis.conform"),
    ("jis_fail_criteria", "web.jis.fail"),
    ("jis_review_criteria", "web.jis.review"),
)


def dept_label(department: str | None, lang: str) -> str:
    return department if department else t("web.dept.none", lang)


def _yes_no(value: bool | None, lang: str) -> str | None:
    if value is None:
        return None
    return t("web.yes" if value else "web.no", lang)


def by_department(pages: pl.DataFrame) -> pl.DataFrame:
    """Per department: pages, pages_with_violations, violation_nodes, the three JIS status
    counts (summed over pages), mean jReadability, page_views; most viewed first."""
    if pages.is_empty():
        return pl.DataFrame(
            schema={
                "department": pl.String,
                "pages": pl.Int64,
                "pages_with_violations": pl.Int64,
                "violation_nodes": pl.Int64,
                "jis_conform_criteria": pl.Int64,
                "jis_fail_criteria": pl.Int64,
                "jis_review_criteria": pl.Int64,
                "mean_jreadability": pl.Float64,
                "page_views": pl.Int64,
            }
        )
    return (
        pages.group_by("department")
        .agg(
            pl.len().cast(pl.Int64).alias("pages"),
            (pl.col("violation_rules") > 0).sum().cast(pl.Int64).alias("pages_with_violations"),
            pl.col("violation_nodes").sum().cast(pl.Int64),
            pl.col("jis_conform_criteria").sum().cast(pl.Int64),
            pl.col("jis_fail_criteria").sum().cast(pl.Int64),
            pl.col("jis_review_criteria").sum().cast(pl.Int64),
            pl.col("jreadability").mean().alias("mean_jreadability"),
            pl.col("page_views").sum().cast(pl.Int64),
        )
        .sort(["page_views", "department"], descending=[True, False])
    )


def build_tables(pages: pl.DataFrame, lang: str) -> dict[str, TableData]:
    page_rows = [
        {
            "path": row["page_path"],
            "department": dept_label(row["department"], lang),
            "views": row["page_views"],
            "rules": row["violation_rules"],
            "nodes": row["violation_nodes"],
            "fail": row["jis_fail_criteria"],
            "review": row["jis_review_criteria"],
            "conform": row["jis_conform_criteria"],
            "failed": row["failed_criteria"],
            "jreadability": row["jreadability"],
            "band": row["readability_band"],
            "language": row["language"],
            "easy": _yes_no(row["has_easy_japanese_version"], lang),
        }
        for row in pages.to_dicts()
    ]
    depts = by_department(pages)
    dept_rows = [
        {**row, "department": dept_label(row["department"], lang)} for row in depts.to_dicts()
    ]
    path = Column("path", "web.col.path", TEXT)
    views = Column("views", "web.col.views", INT)
    jread = Column("jreadability", "web.col.jreadability", NUMBER)
    jis = [
        Column("conform", "web.jis.conform", INT),
        Column("fail", "web.jis.fail", INT),
        Column("review", "web.jis.review", INT),
    ]
    return {
        PAGES_KEY: tables.build(
            "pages_latest_audit",
            t("web.pages.title", lang),
            [
                path,
                Column("department", "web.col.department", TEXT),
                views,
                Column("rules", "web.col.rules", INT),
                Column("nodes", "web.col.nodes", INT),
                *jis,
                Column("failed", "web.col.failed", TEXT),
                jread,
                Column("band", "web.col.band", TEXT),
                Column("language", "web.col.language", TEXT),
                Column("easy", "web.col.easy", TEXT),
            ],
            page_rows,
            threshold=1,  # page views are events, not people
        ),
        DEPTS_KEY: tables.build(
            "accessibility_by_department",
            t("web.depts.title", lang),
            [
                Column("department", "web.col.department", TEXT),
                Column("pages", "web.col.pages", INT),
                Column("pages_with_violations", "web.col.pages_with_violations", INT),
                Column("violation_nodes", "web.col.nodes", INT),
                Column("jis_conform_criteria", "web.jis.conform", INT),
                Column("jis_fail_criteria", "web.jis.fail", INT),
                Column("jis_review_criteria", "web.jis.review", INT),
                Column("mean_jreadability", "web.col.mean_jreadability", NUMBER),
                Column("page_views", "web.col.views", INT),
            ],
            dept_rows,
            threshold=1,
        ),
        "web-scatter": tables.build(
            "page_views_and_readability",
            t("web.scatter.title", lang),
            [path, views, jread, Column("band", "web.col.band", TEXT)],
            [row for row in page_rows if row["jreadability"] is not None],
            threshold=1,
        ),
        "web-jis": tables.build(
            "jis_criteria_status_by_department",
            t("web.jis.title", lang),
            [
                Column("department", "web.col.department", TEXT),
                Column("jis_conform_criteria", "web.jis.conform", INT),
                Column("jis_fail_criteria", "web.jis.fail", INT),
                Column("jis_review_criteria", "web.jis.review", INT),
            ],
            dept_rows,
            threshold=1,
        ),
    }


def scatter_figure(pages: pl.DataFrame, lang: str) -> go.Figure:
    """Page views (x) against jReadability (y; higher is easier), one marker per page."""
    title = t("web.scatter.title", lang)
    scored = pages.filter(pl.col("jreadability").is_not_null())
    if scored.is_empty():
        return figures.empty_figure(title, lang)
    colour, _, marker = figures._style(0)
    fig = go.Figure(
        go.Scatter(
            x=scored["page_views"].to_list(),
            y=scored["jreadability"].to_list(),
            text=[figures.plot_text(p) for p in scored["page_path"].to_list()],
            mode="markers+text",
            textposition="top center",
            marker={"symbol": marker, "size": 11, "color": colour},
            hovertemplate="%{text}: %{x:,d} / %{y:.2f}<extra></extra>",
        )
    )
    figures._base_layout(fig, title)
    fig.update_layout(showlegend=False)
    fig.update_xaxes(title_text=t("web.col.views", lang), type="log")
    fig.update_yaxes(title_text=t("web.axis.jreadability", lang), range=[0, 7])
    return fig


def jis_figure(pages: pl.DataFrame, lang: str) -> go.Figure:
    """Criteria 適合 / 不適合 / 要確認 per department (summed over pages), stacked bars with the
    count on each part (patterns as well as colours tell the parts apart)."""
    title = t("web.jis.title", lang)
    depts = by_department(pages)
    if depts.is_empty():
        return figures.empty_figure(title, lang)
    names = [figures.plot_text(dept_label(d, lang)) for d in depts["department"].to_list()]
    fig = go.Figure()
    for index, (column, key) in enumerate(STATUSES):
        values = depts[column].to_list()
        fig.add_trace(
            go.Bar(
                x=values,
                y=names,
                orientation="h",
                name=t(key, lang),
                marker={
                    "color": figures.OKABE_ITO[index],
                    "pattern": {"shape": ("", "x", ".")[index]},
                },
                text=[fmt_int(v) for v in values],
                textposition="inside",
            )
        )
    figures._base_layout(fig, title)
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title_text=t("web.axis.criteria", lang))
    fig.update_yaxes(automargin=True, autorange="reversed")
    return fig


def summaries(pages: pl.DataFrame, lang: str) -> tuple[str, str, str]:
    """(page overview, scatter summary, JIS summary)."""
    if pages.is_empty():
        empty = t("summary.empty", lang)
        return empty, empty, empty
    with_violations = int((pages["violation_rules"] > 0).sum())
    mean = pages["jreadability"].mean()
    overview = t(
        "web.overview",
        lang,
        pages=pages.height,
        violations=with_violations,
        mean="—" if mean is None else f"{float(mean):.2f}",  # type: ignore[arg-type]
    )
    scored = pages.filter(pl.col("jreadability").is_not_null())
    if scored.is_empty():
        scatter = t("summary.empty", lang)
    else:
        top = scored.row(0, named=True)  # most viewed first
        scatter = t(
            "web.scatter.summary",
            lang,
            pages=scored.height,
            top=top["page_path"],
            views=fmt_int(top["page_views"]),
            score=f"{top['jreadability']:.2f}",
        )
    totals: dict[str, Any] = {c: int(pages[c].sum() or 0) for c, _ in STATUSES}
    jis = t(
        "web.jis.summary",
        lang,
        conform=fmt_int(totals["jis_conform_criteria"]),
        fail=fmt_int(totals["jis_fail_criteria"]),
        review=fmt_int(totals["jis_review_criteria"]),
        pages=pages.height,
    )
    return overview, scatter, jis
