"""Missed doses: reference vectors 24-31 and 59, the 7/8-day boundary, schedule-day edges, month ends,
the leap day, several passed dates, the close-next-dose note, bad input and schedule properties."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calmskin.core.errors import InputError
from calmskin.core.therapy.catalog import DRUG_IDS, load_drug
from calmskin.core.therapy.missed_dose import (
    CLOSE_NEXT_DOSE_DAYS,
    allowed_intervals,
    missed_dose_advice,
)

D = date.fromisoformat
DUE = D("2025-03-03")
KEEP, SKIP, RESTART = "give-now-keep-schedule", "skip-wait-for-next", "give-now-restart-schedule"
ANY_INTERVAL_DRUGS = ("tralokinumab", "lebrikizumab", "nemolizumab")


@pytest.mark.parametrize(
    ("vector", "drug", "interval", "today", "action", "next_due"),
    [
        (24, "dupilumab", 14, "2025-03-08", KEEP, "2025-03-17"),
        (25, "dupilumab", 14, "2025-03-12", SKIP, "2025-03-17"),
        (26, "dupilumab", 28, "2025-03-09", KEEP, "2025-03-31"),
        (27, "dupilumab", 28, "2025-03-12", RESTART, "2025-04-09"),
        # 59: the EU leaflet words the Q4W rule the same way; the rule is not regional.
        (59, "dupilumab", 28, "2025-03-12", RESTART, "2025-04-09"),
        (29, "tralokinumab", 14, "2025-03-12", KEEP, "2025-03-17"),
        (30, "lebrikizumab", 28, "2025-03-20", KEEP, "2025-03-31"),
        (31, "nemolizumab", 28, "2025-03-20", KEEP, "2025-03-31"),
    ],
)
def test_reference_vectors(vector, drug, interval, today, action, next_due):
    advice = missed_dose_advice(drug, interval, DUE, D(today))
    assert (advice.action, advice.next_due) == (action, D(next_due)), f"vector {vector}"
    assert advice.days_late == (D(today) - DUE).days
    assert advice.counted_from == DUE


def test_vector_25_skipped_dose_is_not_given_today():
    advice = missed_dose_advice("dupilumab", 14, DUE, D("2025-03-12"))
    assert advice.give_today is False
    assert any("Do not give the missed dose" in n for n in advice.notes)


@pytest.mark.parametrize(
    ("interval", "days_late", "action", "next_due"),
    [
        (14, 7, KEEP, "2025-03-17"),  # vector 28: day 7 counts as within 7 days
        (14, 8, SKIP, "2025-03-17"),
        (28, 7, KEEP, "2025-03-31"),
        (28, 8, RESTART, "2025-04-08"),
    ],
)
def test_dupilumab_boundary_seven_is_within_eight_is_beyond(interval, days_late, action, next_due):
    today = DUE + timedelta(days=days_late)
    advice = missed_dose_advice("dupilumab", interval, DUE, today)
    assert (advice.action, advice.next_due, advice.days_late) == (action, D(next_due), days_late)


def test_day_seven_choice_is_stated_in_the_notes():
    advice = missed_dose_advice("dupilumab", 14, DUE, D("2025-03-10"))
    assert any("counts it as within" in n for n in advice.notes)


@pytest.mark.parametrize("drug", DRUG_IDS)
def test_zero_days_late_gives_the_dose_and_keeps_the_schedule(drug):
    interval = allowed_intervals(load_drug(drug))[0]
    advice = missed_dose_advice(drug, interval, DUE, DUE)
    assert (advice.action, advice.days_late) == (KEEP, 0)
    assert advice.next_due == DUE + timedelta(days=interval)
    assert any("due today" in n for n in advice.notes)


def test_skip_on_the_next_schedule_day_gives_that_dose_today():
    today = D("2025-03-17")  # 14 days late on a 2-weekly schedule: the next original date
    advice = missed_dose_advice("dupilumab", 14, DUE, today)
    assert (advice.action, advice.next_due, advice.give_today) == (SKIP, today, True)
    assert any("give that scheduled dose today" in n for n in advice.notes)


def test_skip_the_day_before_the_next_schedule_day():
    advice = missed_dose_advice("dupilumab", 14, DUE, D("2025-03-16"))
    assert (advice.action, advice.next_due, advice.give_today) == (SKIP, D("2025-03-17"), False)


def test_keep_schedule_on_a_schedule_day_moves_to_the_following_date():
    # tralokinumab, 14 days late: today is an original date; the next dose is strictly after today.
    advice = missed_dose_advice("tralokinumab", 14, DUE, D("2025-03-17"))
    assert (advice.action, advice.next_due) == (KEEP, D("2025-03-31"))


def test_restart_exactly_four_weeks_late():
    advice = missed_dose_advice("dupilumab", 28, DUE, D("2025-03-31"))
    assert (advice.action, advice.next_due) == (RESTART, D("2025-04-28"))
    assert any("restarts from today" in n for n in advice.notes)


@pytest.mark.parametrize(
    ("drug", "interval", "due", "today", "action", "next_due"),
    [
        ("dupilumab", 14, "2025-01-31", "2025-02-03", KEEP, "2025-02-14"),
        ("dupilumab", 28, "2025-01-31", "2025-02-09", RESTART, "2025-03-09"),
        ("dupilumab", 14, "2025-12-29", "2026-01-02", KEEP, "2026-01-12"),
        ("dupilumab", 28, "2025-02-28", "2025-03-10", RESTART, "2025-04-07"),
        # leap year 2028
        ("dupilumab", 14, "2028-02-15", "2028-02-20", KEEP, "2028-02-29"),
        ("dupilumab", 14, "2028-02-15", "2028-02-29", SKIP, "2028-02-29"),
        ("dupilumab", 28, "2028-02-20", "2028-02-29", RESTART, "2028-03-28"),
        ("dupilumab", 28, "2028-02-29", "2028-03-03", KEEP, "2028-03-28"),
        ("nemolizumab", 56, "2028-02-29", "2028-03-20", KEEP, "2028-04-25"),
    ],
)
def test_month_ends_and_the_leap_day(drug, interval, due, today, action, next_due):
    advice = missed_dose_advice(drug, interval, D(due), D(today))
    assert (advice.action, advice.next_due) == (action, D(next_due))


def test_several_passed_dates_apply_the_rule_to_the_most_recent_one():
    # Due 03-03, and the 03-17 dose has passed too: 03-17 is 3 days late, so give now.
    advice = missed_dose_advice("dupilumab", 14, DUE, D("2025-03-20"))
    assert (advice.action, advice.next_due) == (KEEP, D("2025-03-31"))
    assert (advice.days_late, advice.counted_from, advice.days_late_counted) == (
        17,
        D("2025-03-17"),
        3,
    )
    assert any("2025-03-17" in n and "care team" in n for n in advice.notes)


def test_several_passed_dates_beyond_the_window_skip():
    advice = missed_dose_advice("dupilumab", 14, DUE, D("2025-03-26"))
    assert (advice.action, advice.next_due, advice.days_late_counted) == (SKIP, D("2025-03-31"), 9)


def test_several_passed_dates_four_weekly_beyond_the_window_restarts():
    advice = missed_dose_advice("dupilumab", 28, DUE, D("2025-04-12"))  # 03-31 is 12 days late
    assert (advice.action, advice.next_due, advice.counted_from) == (
        RESTART,
        D("2025-05-10"),
        D("2025-03-31"),
    )


@pytest.mark.parametrize("days_late", [11, 12, 13])
def test_close_next_dose_keeps_the_label_advice_and_adds_a_care_team_note(days_late):
    today = DUE + timedelta(days=days_late)
    advice = missed_dose_advice("tralokinumab", 14, DUE, today)
    assert (advice.action, advice.next_due) == (KEEP, D("2025-03-17"))
    gap = (advice.next_due - today).days
    assert gap < CLOSE_NEXT_DOSE_DAYS
    assert any("check" in n and "care team" in n and f"{gap} day" in n for n in advice.notes)


@pytest.mark.parametrize(
    ("drug", "interval", "days_late"),
    [("tralokinumab", 14, 7), ("dupilumab", 14, 7), ("lebrikizumab", 28, 17)],
)
def test_no_close_dose_note_when_the_next_dose_is_a_week_or_more_away(drug, interval, days_late):
    advice = missed_dose_advice(drug, interval, DUE, DUE + timedelta(days=days_late))
    assert (advice.next_due - advice.today).days >= CLOSE_NEXT_DOSE_DAYS
    assert not any("this close together" in n for n in advice.notes)


@pytest.mark.parametrize("drug", ANY_INTERVAL_DRUGS)
def test_any_interval_rule_never_skips_or_restarts(drug):
    for interval in allowed_intervals(load_drug(drug)):
        for days_late in (0, 1, 7, 8, interval - 1, interval + 3):
            advice = missed_dose_advice(drug, interval, DUE, DUE + timedelta(days=days_late))
            assert advice.action == KEEP


def test_allowed_intervals_follow_the_data():
    assert allowed_intervals(load_drug("dupilumab")) == (14, 28)
    assert allowed_intervals(load_drug("tralokinumab")) == (14, 28)
    assert allowed_intervals(load_drug("lebrikizumab")) == (14, 28)
    assert allowed_intervals(load_drug("nemolizumab")) == (28, 56)


@pytest.mark.parametrize("drug", DRUG_IDS)
def test_rule_source_and_status_come_from_the_data(drug):
    data = load_drug(drug)
    interval = allowed_intervals(data)[0]
    advice = missed_dose_advice(drug, interval, DUE, DUE + timedelta(days=3))
    rule = next(
        r for r in data.missed_doses if r.interval_days in (interval, None)
    )  # dupilumab lists 14 first
    source = data.sources[rule.source]
    assert advice.rule == rule.rule
    assert source.title in advice.source and source.date in advice.source
    assert advice.status == rule.status


def test_to_json_carries_the_cli_contract():
    result = missed_dose_advice("dupilumab", 14, DUE, D("2025-03-08")).to_json()
    assert result["action"] == KEEP
    assert result["next_due"] == "2025-03-17"
    assert result["days_late"] == 5
    assert result["rule"].startswith("Every 2 weeks")
    assert "2025-03" in result["source"]
    assert result["status"] == "secondary"
    assert isinstance(result["notes"], list) and all(isinstance(n, str) for n in result["notes"])


@pytest.mark.parametrize(
    ("args", "field", "needle"),
    [
        (("aspirin", 14, DUE, DUE), "drug", "aspirin"),
        (("Dupilumab", 14, DUE, DUE), "drug", "known"),
        (("dupilumab", 56, DUE, DUE), "interval_days", "14, 28"),
        (("dupilumab", 7, DUE, DUE), "interval_days", "14, 28"),
        (("nemolizumab", 14, DUE, DUE), "interval_days", "28, 56"),
        (("dupilumab", 0, DUE, DUE), "interval_days", "1 or more"),
        (("dupilumab", -14, DUE, DUE), "interval_days", "1 or more"),
        (("dupilumab", True, DUE, DUE), "interval_days", "whole number"),
        (("dupilumab", "14", DUE, DUE), "interval_days", "whole number"),
        (("dupilumab", 14, DUE, D("2025-03-02")), "today", "before the due date"),
        (("dupilumab", 14, datetime(2025, 3, 3, 9, 0), DUE), "due", "date"),
        (("dupilumab", 14, DUE, "2025-03-08"), "today", "date"),
    ],
)
def test_bad_input_names_the_field(args, field, needle):
    with pytest.raises(InputError) as caught:
        missed_dose_advice(*args)
    assert caught.value.field == field
    assert needle in caught.value.message


def test_today_before_due_message_is_exact():
    with pytest.raises(InputError) as caught:
        missed_dose_advice("dupilumab", 14, DUE, DUE - timedelta(days=1))
    assert caught.value.message == "is before the due date: the dose is not missed yet"


def _drug_and_interval():
    return st.sampled_from([(d, i) for d in DRUG_IDS for i in allowed_intervals(load_drug(d))])


@settings(max_examples=400, deadline=None)
@given(
    drug_interval=_drug_and_interval(),
    due=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    days_late=st.integers(min_value=0, max_value=400),
)
def test_next_due_is_after_today_and_on_the_schedule_unless_restarted(
    drug_interval, due, days_late
):
    drug, interval = drug_interval
    today = due + timedelta(days=days_late)
    advice = missed_dose_advice(drug, interval, due, today)
    gap = (advice.next_due - today).days
    assert advice.days_late == days_late
    # The counted date is the latest original date strictly before today (or due itself).
    assert (advice.counted_from - due).days % interval == 0
    assert 0 <= advice.days_late_counted <= interval
    if advice.action == RESTART:
        assert advice.next_due == today + timedelta(days=interval)
    else:
        assert (advice.next_due - due).days % interval == 0
        if advice.action == KEEP:
            assert 0 < gap <= interval  # the first original date strictly after today
        else:
            assert 0 <= gap < interval  # the first original date on or after today
            assert advice.give_today == (gap == 0)
    # The label window decides the action.
    if drug == "dupilumab":
        assert (advice.action == KEEP) == (advice.days_late_counted <= 7)
    else:
        assert advice.action == KEEP
    # The care-team note appears exactly for a kept schedule with the next dose under 7 days away.
    close = any("this close together" in n for n in advice.notes)
    assert close == (advice.action == KEEP and gap < CLOSE_NEXT_DOSE_DAYS)
