"""Login throttling with a fake clock, and the small pure helpers of the auth layer."""

from __future__ import annotations

from datetime import date

from dashboards.auth import _callback_roles
from dashboards.fiscal import clip, fiscal_range, fiscal_year, fiscal_years
from dashboards.throttle import LoginThrottle
from dashboards.urlstate import DateRange, replace_params, with_lang


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_five_failures_lock_the_pair_for_five_minutes():
    clock = Clock()
    throttle = LoginThrottle(5, 300, clock)
    assert [throttle.failure("Hanako", "10.0.0.1") for _ in range(5)] == [False] * 4 + [True]
    assert throttle.locked_for("hanako", "10.0.0.1") == 300  # names compare case-insensitively
    assert throttle.locked_for("hanako", "10.0.0.2") == 0  # another address
    assert throttle.locked_for("taro", "10.0.0.1") == 0  # another name
    clock.now += 299
    assert throttle.locked_for("hanako", "10.0.0.1") == 1
    clock.now += 1
    assert throttle.locked_for("hanako", "10.0.0.1") == 0


def test_failures_expire_and_success_resets():
    clock = Clock()
    throttle = LoginThrottle(3, 60, clock)
    throttle.failure("a", "ip")
    throttle.failure("a", "ip")
    clock.now += 61  # the first two are outside the window now
    assert not throttle.failure("a", "ip")
    assert not throttle.failure("a", "ip")
    throttle.success("a", "ip")
    assert not throttle.failure("a", "ip") and not throttle.failure("a", "ip")
    assert throttle.failure("a", "ip")


def test_many_names_are_pruned():
    clock = Clock()
    throttle = LoginThrottle(5, 60, clock)
    for index in range(600):
        throttle.failure(f"user{index}", "ip")
    clock.now += 120
    for index in range(300):
        throttle.failure(f"other{index}", "ip")
    assert len(throttle._records) < 900


def test_callback_roles_by_component_and_page():
    sql = {"output": "..sql-grid.data...sql-status.children..", "inputs": [], "state": []}
    assert _callback_roles(sql)
    routed = {
        "output": ".._pages_content.children..._pages_store.data..",
        "inputs": [{"id": "_pages_location", "property": "pathname", "value": "/sql/"}],
    }
    assert _callback_roles(routed)
    pattern = {
        "output": "x.data",
        "inputs": [[{"id": {"type": "sql-option", "value": 1}, "property": "n_clicks"}]],
    }
    assert _callback_roles(pattern)
    assert _callback_roles({"output": "kpi-sessions.children", "inputs": []}) == []
    assert _callback_roles(None) == [] and _callback_roles([1, 2]) == []


def test_url_helpers_keep_other_parameters():
    assert with_lang("?lang=en&start=2025-04-01&platform=x", "ja") == "?start=2025-04-01&platform=x"
    assert with_lang("?start=2025-04-01", "en") == "?lang=en&start=2025-04-01"
    assert replace_params("?lang=en&platform=x", {"platform": None, "theme": "子育て"}) == (
        "?lang=en&theme=%E5%AD%90%E8%82%B2%E3%81%A6"
    )
    assert replace_params("?lang=ja", {}) == ""


def test_fiscal_years():
    assert fiscal_year(date(2026, 3, 31)) == 2025 and fiscal_year(date(2025, 4, 1)) == 2025
    assert fiscal_range(2025) == DateRange(date(2025, 4, 1), date(2026, 3, 31))
    data = DateRange(date(2024, 10, 1), date(2025, 6, 30))
    assert fiscal_years(data) == [2025, 2024]
    assert clip(fiscal_range(2025), data) == DateRange(date(2025, 4, 1), date(2025, 6, 30))
    assert clip(fiscal_range(2030), data) == data
