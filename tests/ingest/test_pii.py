import pytest

from ingest.pii import scrub_pii


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("山田様 090-1234-5678 折り返し希望", "山田様 [phone] 折り返し希望"),
        ("電話03-1234-5678まで", "電話[phone]まで"),
        ("(03)1234-5678", "[phone]"),
        ("０９０－１２３４－５６７８", "[phone]"),
        ("電話 ０３（１２３４）５６７８", "電話 [phone]"),
        ("09012345678", "[phone]"),
        ("0120-123-456", "[phone]"),
        ("+81-90-1234-5678", "[phone]"),
        ("問合せはinfo@city.midori.example.jpへ", "問合せは[email]へ"),
        ("ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｊｐ", "[email]"),
        ("0901234567@docomo.ne.jp", "[email]"),
        ("メール:a.b+c@mail.example.com、電話090-1111-2222", "メール:[email]、電話[phone]"),
    ],
)
def test_contacts_are_replaced(text: str, expected: str) -> None:
    assert scrub_pii(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2025-04-01 10:30 受付",
        "04-01-2025",
        "〒012-3456",
        "金額 1,234,567円",
        "令和7年4月1日",
        "=cmd|' /C calc'!A0",
        "12345678901",
        "第2回 10-20名",
    ],
)
def test_other_text_is_kept(text: str) -> None:
    assert scrub_pii(text) == text


def test_none_stays_none() -> None:
    assert scrub_pii(None) is None
