import datetime as dt

import pytest

from ingest.values import parse_count, parse_date, parse_date_range, parse_number


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1,356,884", 1356884),
        ("１２３", 123),
        ("2.81%", 0.0281),
        (" --", None),
        ("", None),
        ("-", None),
        ("¥1,200", 1200),
        ("825.0", 825.0),
        ("1.2E+3", 1200.0),
    ],
)
def test_parse_number(cell: str, expected: float | None) -> None:
    assert parse_number(cell) == pytest.approx(expected) if expected else parse_number(cell) is None


def test_decimal_comma_only_when_the_locale_says_so() -> None:
    assert parse_number("2,1%", decimal_comma=True) == pytest.approx(0.021)
    assert parse_number("2,100") == 2100


def test_bounds_are_not_numbers() -> None:
    with pytest.raises(ValueError, match="bound"):
        parse_number("< 10%")


def test_bad_number_says_what_is_accepted() -> None:
    with pytest.raises(ValueError, match="accepted"):
        parse_number("12abc")


def test_parse_count_refuses_fractions() -> None:
    assert parse_count("1,040") == 1040
    with pytest.raises(ValueError):
        parse_count("2.5")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2025-04-01", dt.date(2025, 4, 1)),
        ("2025/4/1", dt.date(2025, 4, 1)),
        ("20250401", dt.date(2025, 4, 1)),
        ("2025年4月1日", dt.date(2025, 4, 1)),
        ("令和7年4月1日", dt.date(2025, 4, 1)),
        ("令和元年5月1日", dt.date(2019, 5, 1)),
        ("R7.4.1", dt.date(2025, 4, 1)),
        ("平成31年4月30日", dt.date(2019, 4, 30)),
        ("4/1/2025", dt.date(2025, 4, 1)),
        ("28-08-2025", dt.date(2025, 8, 28)),
        ("Aug 28, 2025", dt.date(2025, 8, 28)),
        ("28 August 2025", dt.date(2025, 8, 28)),
        ("2025-04-01 09:30:00+09:00", dt.date(2025, 4, 1)),
        ("２０２５／０４／０１", dt.date(2025, 4, 1)),
    ],
)
def test_parse_date(cell: str, expected: dt.date) -> None:
    assert parse_date(cell) == expected


def test_day_first_when_the_file_proves_it() -> None:
    assert parse_date("03/04/2025", day_first=True) == dt.date(2025, 4, 3)
    assert parse_date("03/04/2025") == dt.date(2025, 3, 4)


def test_bad_date_names_accepted_forms() -> None:
    with pytest.raises(ValueError, match="accepted"):
        parse_date("2025-13-45")


@pytest.mark.parametrize(
    "line",
    [
        "27 January 2026 - 23 February 2026",
        '"July 8, 2025 - July 31, 2025"',
        "2026年1月27日～2026年2月23日",
        "2026/01/27 - 2026/02/23",
    ],
)
def test_parse_date_range(line: str) -> None:
    found = parse_date_range(line)
    assert found is not None and found[0] < found[1]
