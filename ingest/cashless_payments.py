"""キャッシュレス決済: payments taken by the city per day, payment type and place — the
city's documented template (e.g. the counter POS or the e-application payment export).

Template (CSV, UTF-8 ± BOM / CP932 / UTF-16; Japanese or English headers; header on line 1):
    日付 (date), 決済種別 (payment type), 決済件数 (transactions), 決済金額 (amount_jpy, optional),
    受付場所 (place: 窓口 / オンライン, optional)

決済種別 may name a scheme (クレジットカード, 電子マネー, 交通系IC, QRコード決済, デビットカード) or a
brand (PayPay, Suica, iD …); both are kept as written and mapped to a payment_type_code.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ingest.fields import (
    code_lookup,
    empty_flat,
    non_negative_count,
    scrub_rejects,
    text,
    yen,
)
from ingest.reader import Reader
from ingest.result import ReadResult
from ingest.template_csv import Template, TemplateColumn, read_template
from ingest.template_csv import looks_like as _looks_like
from ingest.values import is_missing, parse_date

PAYMENT_TYPES: dict[str, tuple[str, ...]] = {
    "credit_card": (
        "クレジットカード",
        "クレジット",
        "credit card",
        "VISA",
        "Mastercard",
        "JCB",
        "American Express",
        "AMEX",
        "Diners",
    ),
    "e_money": ("電子マネー", "e-money", "iD", "QUICPay", "WAON", "nanaco", "楽天Edy", "Edy"),
    "transit_ic": (
        "交通系IC",
        "交通系電子マネー",
        "transit IC",
        "Suica",
        "PASMO",
        "ICOCA",
        "manaca",
        "TOICA",
        "SUGOCA",
        "Kitaca",
        "nimoca",
        "はやかけん",
    ),
    "qr_code": (
        "QRコード決済",
        "コード決済",
        "QR",
        "QR code",
        "PayPay",
        "d払い",
        "楽天ペイ",
        "au PAY",
        "メルペイ",
        "J-Coin Pay",
        "Alipay",
        "WeChat Pay",
    ),
    "debit_card": ("デビットカード", "debit card", "J-Debit"),
}
PLACES: dict[str, tuple[str, ...]] = {
    "counter": ("窓口", "本庁", "支所", "市民課", "counter"),
    "online": ("オンライン", "電子申請", "ウェブ", "web", "online", "インターネット"),
}
_type_code = code_lookup(PAYMENT_TYPES, default="other")
_place_code = code_lookup(PLACES, default="other")


def _payment_type(cell: str) -> dict[str, str | None]:
    if is_missing(cell):
        raise ValueError(
            "required value is empty (accepted: "
            + ", ".join(v[0] for v in PAYMENT_TYPES.values())
            + ")"
        )
    return {"payment_type_code": _type_code(cell), "payment_type_name": text(cell)}


def _place(cell: str) -> dict[str, str | None]:
    return {"place_code": _place_code(cell), "place_name": text(cell)}


TEMPLATE = Template(
    source="outcomes",
    entity="cashless_payments",
    columns=(
        TemplateColumn(
            "payment_date", ("日付", "date", "決済日", "利用日", "取引日"), parse_date, pl.Date()
        ),
        TemplateColumn(
            "payment_type",
            ("決済種別", "決済手段", "支払方法", "payment type", "payment method"),
            _payment_type,
            pl.Struct({"payment_type_code": pl.String(), "payment_type_name": pl.String()}),
        ),
        TemplateColumn(
            "transactions",
            ("決済件数", "件数", "取引件数", "transactions", "count"),
            non_negative_count,
            pl.Int64(),
        ),
        TemplateColumn(
            "amount_jpy",
            ("決済金額", "金額", "取引金額", "amount", "amount (jpy)"),
            yen,
            pl.Float64(),
            required=False,
        ),
        TemplateColumn(
            "place",
            ("受付場所", "場所", "利用場所", "受付", "place", "location"),
            _place,
            pl.Struct({"place_code": pl.String(), "place_name": pl.String()}),
            required=False,
        ),
    ),
    natural_key=("payment_date", "payment_type_name", "place_name"),
)


def looks_like(text_head: str) -> bool:
    return _looks_like(TEMPLATE, text_head)


def read(path: Path) -> ReadResult:
    return scrub_rejects(read_template(TEMPLATE, path))


def empty() -> ReadResult:
    return empty_flat(TEMPLATE)


READER = Reader(
    "cashless_payments",
    "キャッシュレス決済 template (日付, 決済種別, 決済件数, 決済金額, 受付場所)",
    looks_like,
    read,
    empty,
    priority=230,
)
