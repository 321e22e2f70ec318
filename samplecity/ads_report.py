"""Write the Google Ads UI campaign report (Japanese UI): UTF-16LE with BOM, TAB, CRLF."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

TITLE = "キャンペーン レポート"
HEADER = (
    "キャンペーンのステータス\tキャンペーン\tキャンペーン タイプ\t日\tデバイス\t通貨コード\t"
    "表示回数\tクリック数\t費用\tコンバージョン\t視聴回数"
)
PLACEHOLDER = " --"


def _jp_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def fmt_int(v: int) -> str:
    """Thousands separators, quoted when the value needs one (as the UI export writes)."""
    return f'"{v:,}"' if abs(v) >= 1000 else str(v)


def fmt_dec(v: float) -> str:
    s = f"{v:,.2f}"
    return f'"{s}"' if "," in s else s


def report_lines(rows: pl.DataFrame, first: dt.date, last: dt.date) -> list[str]:
    lines = [TITLE, f"{_jp_date(first)} - {_jp_date(last)}", HEADER]
    for r in rows.iter_rows(named=True):
        views = PLACEHOLDER if r["video_views"] is None else fmt_int(r["video_views"])
        lines.append(
            "\t".join(
                [
                    r["campaign_status"],
                    r["campaign_name"],
                    r["campaign_type"],
                    r["date"].isoformat(),
                    r["device"],
                    "JPY",
                    fmt_int(r["impressions"]),
                    fmt_int(r["clicks"]),
                    fmt_int(r["cost_jpy"]),
                    fmt_dec(r["conversions"]),
                    views,
                ]
            )
        )
    imp, clk, cost = (int(rows[c].sum()) for c in ("impressions", "clicks", "cost_jpy"))
    conv = round(float(rows["conversions"].sum()), 2)
    views_total = rows["video_views"].drop_nulls()
    views = fmt_int(int(views_total.sum())) if len(views_total) else PLACEHOLDER
    totals = [fmt_int(imp), fmt_int(clk), fmt_int(cost), fmt_dec(conv), views]
    lines.append(
        "\t".join(
            [
                "合計: キャンペーン",
                PLACEHOLDER,
                PLACEHOLDER,
                PLACEHOLDER,
                PLACEHOLDER,
                "JPY",
                *totals,
            ]
        )
    )
    lines.append("\t".join(["合計: アカウント", "", "", "", "", "JPY", *totals]))
    return lines


def write_ads_report(path: Path, rows: pl.DataFrame, first: dt.date, last: dt.date) -> int:
    """Write the report; returns the number of data rows (total rows excluded)."""
    text = "\r\n".join(report_lines(rows, first, last)) + "\r\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    return rows.height
