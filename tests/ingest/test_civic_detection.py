"""The city's templates are told apart by their required headers: none takes another's file."""

from __future__ import annotations

import pytest

from ingest import (
    campaign_plan,
    cashless_payments,
    e_applications,
    my_number_card,
    offline_channels,
    population,
    survey,
)
from tests.conftest import E_APPLICATIONS_HEADER

POPULATION = (
    "regionName,surveyDate,"
    + ",".join(f"man{i},woman{i}" for i in range(1, 19))
    + "\n本町,4/1/2025,"
    + ",".join(["1"] * 36)
    + "\n"
)
FILES = {
    "offline_channels": "日付,チャネル,番組・号,テーマ,リーチ・接触数,費用,備考\n2025-04-01,窓口,,,1,,\n",
    "my_number_card": "日付,申請件数,うちオンライン申請,交付件数\n2025-04-01,1,1,1\n",
    "cashless_payments": "日付,決済種別,決済件数,決済金額\n2025-04-01,PayPay,1,100\n",
    "population": POPULATION,
    "survey": "調査名,回答者ID,年齢,性別,居住地区,情報入手手段\nR7,1,20代,女性,本町,LINE\n",
    "campaign_plan": "キャンペーン名,テーマ,手続ID,開始日,終了日\na,b,P001,2025-04-01,2025-04-30\n",
    "e_applications": E_APPLICATIONS_HEADER + "\n2025/04/01,P001,a,1,1\n",
}
READERS = {
    "offline_channels": offline_channels.READER,
    "my_number_card": my_number_card.READER,
    "cashless_payments": cashless_payments.READER,
    "population": population.READER,
    "survey": survey.READER,
    "campaign_plan": campaign_plan.READER,
    "e_applications": e_applications.READER,
}


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize("file", sorted(FILES))
def test_each_template_is_recognised_by_its_own_reader_only(reader: str, file: str) -> None:
    assert READERS[reader].looks_like(FILES[file]) == (reader == file)


def test_templates_are_tried_after_the_platform_exports() -> None:
    for name in (
        "offline_channels",
        "my_number_card",
        "cashless_payments",
        "survey",
        "campaign_plan",
    ):
        assert READERS[name].priority >= 200
    assert population.READER.priority < 200
