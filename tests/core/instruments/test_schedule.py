"""The questionnaire rules: which one fits the age (at every band edge) and when each is due."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from calmskin.core.errors import InputError
from calmskin.core.instruments.schedule import (
    ADCT_FROM_MONTHS,
    CDLQI_FROM_MONTHS,
    DLQI_FROM_MONTHS,
    EVERY_DAYS,
    Plan,
    fitting_instruments,
    is_due,
    plan,
    quality_of_life_instrument,
)

TODAY = date(2026, 3, 15)
ADULT = 35 * 12


def months(years: int, extra: int = 0) -> int:
    return 12 * years + extra


@pytest.mark.parametrize(
    ("age", "instrument"),
    [
        (0, "idqol"),
        (months(3, 11), "idqol"),
        (months(4, 0), "cdlqi"),
        (months(15, 11), "cdlqi"),
        (months(16, 0), "dlqi"),
        (months(90), "dlqi"),
    ],
)
def test_the_quality_of_life_questionnaire_at_each_band_edge(age: int, instrument: str) -> None:
    assert quality_of_life_instrument(age) == instrument


def test_the_band_edges_are_the_documented_birthdays() -> None:
    assert (CDLQI_FROM_MONTHS, DLQI_FROM_MONTHS, ADCT_FROM_MONTHS) == (48, 192, 144)


@pytest.mark.parametrize(
    ("age", "fitting"),
    [
        (-1, ()),
        (0, ("poem", "idqol")),
        (months(11, 11), ("poem", "cdlqi")),
        (months(12, 0), ("poem", "cdlqi", "adct")),
        (months(15, 11), ("poem", "cdlqi", "adct")),
        (months(16, 0), ("poem", "dlqi", "adct")),
    ],
)
def test_the_adct_is_offered_from_12_years(age: int, fitting: tuple[str, ...]) -> None:
    assert fitting_instruments(age) == fitting


def test_a_negative_age_has_no_quality_of_life_questionnaire() -> None:
    with pytest.raises(InputError) as caught:
        quality_of_life_instrument(-1)
    assert caught.value.field == "age_months" and "after" in caught.value.message
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("age", [1.5, "48", True, None])
def test_an_age_that_is_not_whole_months_is_refused(age: object) -> None:
    with pytest.raises(InputError):
        quality_of_life_instrument(age)  # type: ignore[arg-type]
    with pytest.raises(InputError):
        fitting_instruments(age)  # type: ignore[arg-type]


def by_instrument(plans: list[Plan]) -> dict[str, Plan]:
    return {p.instrument: p for p in plans}


def test_poem_is_due_from_day_7_not_on_day_6() -> None:
    six = by_instrument(plan(ADULT, TODAY, {"poem": TODAY - timedelta(days=6)}))["poem"]
    seven = by_instrument(plan(ADULT, TODAY, {"poem": TODAY - timedelta(days=7)}))["poem"]
    assert not six.due and six.next_on == TODAY + timedelta(days=1)
    assert seven.due and seven.next_on == TODAY


@pytest.mark.parametrize("instrument", ["idqol", "cdlqi", "dlqi"])
def test_the_quality_of_life_questionnaire_is_due_from_day_28_not_on_day_27(
    instrument: str,
) -> None:
    age = {"idqol": months(2), "cdlqi": months(10), "dlqi": ADULT}[instrument]
    day27 = plan(age, TODAY, {instrument: TODAY - timedelta(days=27)})
    day28 = plan(age, TODAY, {instrument: TODAY - timedelta(days=28)})
    assert not by_instrument(day27)[instrument].due
    assert by_instrument(day28)[instrument].due
    assert by_instrument(day27)[instrument].next_on == TODAY + timedelta(days=1)


def test_never_done_is_due_and_the_adct_is_never_due() -> None:
    plans = by_instrument(plan(ADULT, TODAY, {"adct": TODAY - timedelta(days=400)}))
    assert plans["poem"] == Plan("poem", True, False, None, None)
    assert plans["dlqi"].due and plans["dlqi"].next_on is None
    assert plans["adct"] == Plan("adct", False, True, TODAY - timedelta(days=400), None)


def test_a_completion_of_a_questionnaire_for_another_age_is_ignored() -> None:
    plans = by_instrument(plan(ADULT, TODAY, {"cdlqi": TODAY}))
    assert set(plans) == {"poem", "dlqi", "adct"} and plans["dlqi"].due


def test_is_due_and_the_rhythms() -> None:
    assert EVERY_DAYS == {"poem": 7, "idqol": 28, "cdlqi": 28, "dlqi": 28}
    assert is_due(None, TODAY, 7)
    assert not is_due(TODAY - timedelta(days=6), TODAY, 7)
    assert is_due(TODAY - timedelta(days=7), TODAY, 7)
    assert not is_due(TODAY, TODAY, 28)
