import datetime as dt
from pathlib import Path

import pytest

from ingest import cashless_payments, registry
from ingest.errors import IngestError
from ingest.text import decode_text
from tests.conftest import e_applications_csv
from tests.ingest.civic_quirks import ENCODINGS, encode, lookalike, write

HEADER = "日付,決済種別,決済件数,決済金額,受付場所"
ROWS = [
    '2025/04/01,PayPay,12,"3,400",窓口',
    "令和7年4月1日,ｸﾚｼﾞｯﾄｶｰﾄﾞ,３,￥1200,オンライン",
    "2025-04-01,交通系IC,1,300円,",
    "2025-04-01,ポイント払い,2,--,本庁 市民課",
]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_every_encoding_and_line_ending(tmp_path: Path, encoding: str, newline: str) -> None:
    path = write(tmp_path, encode([HEADER, *ROWS], encoding, newline))
    assert registry.detect(path).name == "cashless_payments"
    result = cashless_payments.read(path)
    frame = result.frame
    assert not result.rejects
    assert frame["payment_date"].to_list() == [dt.date(2025, 4, 1)] * 4
    assert frame["payment_type_code"].to_list() == ["qr_code", "credit_card", "transit_ic", "other"]
    assert frame["payment_type_name"][1] == "ｸﾚｼﾞｯﾄｶｰﾄﾞ"
    assert frame["transactions"].to_list() == [12, 3, 1, 2]
    assert frame["amount_jpy"].to_list() == [3400.0, 1200.0, 300.0, None]
    assert frame["place_code"].to_list() == ["counter", "online", None, "other"]


def test_tab_separated_english_and_lookalike_headers(tmp_path: Path) -> None:
    data = encode(["Date\tPayment type\tTransactions\tAmount", "2025-04-01\tSuica\t2\t500"])
    frame = cashless_payments.read(write(tmp_path, data)).frame
    assert frame.select("payment_type_code", "transactions").row(0) == ("transit_ic", 2)
    data = encode([lookalike("日付,決済種別,決済件数"), "2025-04-01,iD,1"], "utf-16-le-bom")
    assert cashless_payments.read(write(tmp_path, data)).frame["payment_type_code"][0] == "e_money"


def test_bad_rows_are_rejected_and_formulas_kept(tmp_path: Path) -> None:
    rows = [
        "2025-04-01,=cmd|' /C calc'!A0,1,100,",
        "2025-04-02,PayPay,-1,100,",
        "2025-04-03,PayPay,1,-100,",
        "2025-04-04,,1,100,",
    ]
    result = cashless_payments.read(write(tmp_path, encode([HEADER, *rows])))
    assert result.frame["payment_type_name"].to_list() == ["=cmd|' /C calc'!A0"]
    assert [(r.line, r.column) for r in result.rejects] == [
        (3, "決済件数"),
        (4, "決済金額"),
        (5, "決済種別"),
    ]


def test_missing_required_column_and_other_formats(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="expected columns"):
        cashless_payments.read(write(tmp_path, encode(["日付,決済種別", "2025-04-01,iD"])))
    eapps = decode_text(e_applications_csv(["2025/04/01,P001,a,1,1"]))
    assert not cashless_payments.looks_like(eapps)
    assert not cashless_payments.looks_like("日付,申請件数,交付件数\n2025-04-01,1,1\n")
