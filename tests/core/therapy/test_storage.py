"""Room-temperature limits: vectors 32-35, every drug and region, unconfirmed limits never shown as
fact, the expiry cap, naive times refused, 14 x 24 h across daylight-saving changes."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calmskin.core.errors import InputError
from calmskin.core.therapy.catalog import DRUG_IDS, REGIONS, load_drug
from calmskin.core.therapy.storage import NOT_SPECIFIED, room_temperature_limit

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
OUT = datetime(2026, 11, 25, 8, 0, tzinfo=PARIS)  # 08:00 this morning (no DST change ahead)

# (drug, region) -> (max_temp_c, max_days) as the app may state them; None: not specified.
EXPECTED = {
    ("dupilumab", "US"): (25, 14),
    ("dupilumab", "EU"): (25, 14),
    ("tralokinumab", "US"): None,
    ("tralokinumab", "EU"): (25, 14),
    ("lebrikizumab", "US"): None,
    ("lebrikizumab", "EU"): (30, 7),
    ("nemolizumab", "US"): (25, 90),
    ("nemolizumab", "EU"): None,
}


def elapsed(start: datetime, end: datetime) -> timedelta:
    """True elapsed time (aware subtraction in one zone ignores a DST change)."""
    return end.astimezone(UTC) - start.astimezone(UTC)


@pytest.mark.parametrize(("drug", "region"), sorted(EXPECTED))
def test_every_drug_and_region(drug, region):
    advice = room_temperature_limit(drug, region, OUT)
    expected = EXPECTED[(drug, region)]
    assert advice.back_in_fridge is False
    if expected is None:
        assert (advice.use_by, advice.use_by_date, advice.max_temp_c, advice.max_days) == (
            None,
            None,
            None,
            None,
        )
        assert NOT_SPECIFIED in advice.message
        assert advice.rules == ()
    else:
        temp, days = expected
        assert (advice.max_temp_c, advice.max_days) == (temp, days)
        assert advice.use_by == OUT + timedelta(days=days)
        assert advice.use_by.tzinfo is PARIS
        assert advice.rules  # the rule text as the data gives it
        assert "Do not put it back in the fridge" in advice.message


def test_every_drug_and_region_is_covered():
    assert {(d, r) for d in DRUG_IDS for r in REGIONS} == set(EXPECTED)


def test_vector_32_dupilumab_day_15_is_past_its_use_by():
    advice = room_temperature_limit("dupilumab", "EU", OUT)
    assert (advice.max_temp_c, advice.max_days, advice.back_in_fridge) == (25, 14, False)
    assert advice.expired(OUT + timedelta(days=15)) is True
    assert advice.expired(OUT + timedelta(days=14)) is False  # exactly 14 x 24 h: still allowed
    assert advice.expired(OUT + timedelta(days=14, seconds=1)) is True
    assert advice.expired(OUT + timedelta(days=13, hours=23)) is False
    assert any("Do not put it back in the fridge" in r for r in advice.rules)


def test_vector_33_journey_tralokinumab_pen_out_since_eight_this_morning():
    advice = room_temperature_limit("tralokinumab", "EU", OUT)
    assert advice.use_by == datetime(2026, 12, 9, 8, 0, tzinfo=PARIS)
    assert advice.use_by_date == date(2026, 12, 9)
    assert (advice.max_temp_c, advice.max_days) == (25, 14)
    assert advice.to_json()["use_by"] == "2026-12-09T08:00:00+01:00"


def test_vector_33_tralokinumab_us_limit_is_not_shown_as_fact():
    advice = room_temperature_limit("tralokinumab", "US", OUT)
    result = advice.to_json()
    assert result["use_by"] is None and result["max_temp_c"] is None
    assert result["status"] == "unconfirmed"
    assert NOT_SPECIFIED in result["message"]
    # The stored values appear only under the separate, labelled key.
    assert result["unconfirmed_note"].startswith("Unconfirmed, not shown as fact:")
    shown = {k: v for k, v in result.items() if k != "unconfirmed_note"}
    assert "30 degrees" not in json.dumps(shown) and "14 days" not in json.dumps(shown)
    assert advice.expired(OUT + timedelta(days=30)) is None


def test_vector_34_nemolizumab_single_period_of_90_days():
    advice = room_temperature_limit("nemolizumab", "US", OUT)
    assert (advice.max_temp_c, advice.max_days) == (25, 90)
    assert elapsed(OUT, advice.use_by) == timedelta(days=90)
    assert advice.capped_by_expiry is False


def test_vector_34_nemolizumab_is_capped_by_the_expiry_date():
    advice = room_temperature_limit("nemolizumab", "US", OUT, expiry=date(2027, 1, 31))
    assert advice.capped_by_expiry is True
    assert advice.use_by == datetime(2027, 1, 31, 23, 59, 59, tzinfo=PARIS)
    assert advice.use_by_date == date(2027, 1, 31)
    assert advice.expired(datetime(2027, 2, 1, 0, 0, tzinfo=PARIS)) is True
    assert advice.expired(datetime(2027, 1, 31, 20, 0, tzinfo=PARIS)) is False
    assert "expiry date" in advice.message


def test_vector_35_lebrikizumab_eu_below_30_for_7_days_us_unconfirmed():
    eu = room_temperature_limit("lebrikizumab", "EU", OUT)
    assert (eu.max_temp_c, eu.max_days, eu.back_in_fridge) == (30, 7, False)
    assert eu.use_by == datetime(2026, 12, 2, 8, 0, tzinfo=PARIS)
    us = room_temperature_limit("lebrikizumab", "US", OUT)
    assert (us.use_by, us.max_temp_c, us.max_days) == (None, None, None)
    assert NOT_SPECIFIED in us.message


def test_expiry_after_the_limit_does_not_cap():
    advice = room_temperature_limit("dupilumab", "EU", OUT, expiry=date(2027, 6, 30))
    assert advice.capped_by_expiry is False
    assert advice.use_by == OUT + timedelta(days=14)


def test_expiry_on_the_day_of_the_limit_caps_at_the_end_of_that_day_only_if_earlier():
    # Limit 2026-12-09 08:00; expiry 2026-12-09 ends at 23:59:59, later: no cap.
    advice = room_temperature_limit("dupilumab", "EU", OUT, expiry=date(2026, 12, 9))
    assert (advice.capped_by_expiry, advice.use_by) == (False, OUT + timedelta(days=14))
    earlier = room_temperature_limit("dupilumab", "EU", OUT, expiry=date(2026, 12, 8))
    assert earlier.capped_by_expiry is True
    assert earlier.use_by == datetime(2026, 12, 8, 23, 59, 59, tzinfo=PARIS)


def test_an_expired_pen_is_expired_at_once():
    advice = room_temperature_limit("dupilumab", "EU", OUT, expiry=date(2026, 11, 1))
    assert advice.expired(OUT) is True
    assert "has passed" in advice.message


def test_unspecified_limit_still_honours_the_expiry_date():
    advice = room_temperature_limit("nemolizumab", "EU", OUT, expiry=date(2026, 12, 31))
    assert advice.use_by is None
    assert advice.expired(datetime(2027, 1, 1, 9, 0, tzinfo=PARIS)) is True
    assert advice.expired(datetime(2026, 12, 1, 9, 0, tzinfo=PARIS)) is None
    assert "2026-12-31" in advice.message


def test_dst_spring_forward_keeps_the_clock_time_typed():
    out = datetime(2025, 3, 20, 8, 0, tzinfo=PARIS)  # CET; clocks go forward on 2025-03-30
    advice = room_temperature_limit("dupilumab", "EU", out)
    assert elapsed(out, advice.use_by) == timedelta(days=14) - timedelta(hours=1)
    assert advice.use_by.isoformat() == "2025-04-03T08:00:00+02:00"


def test_dst_fall_back_keeps_the_clock_time_typed():
    out = datetime(2025, 10, 20, 8, 0, tzinfo=PARIS)  # CEST; clocks go back on 2025-10-26
    advice = room_temperature_limit("tralokinumab", "EU", out)
    assert elapsed(out, advice.use_by) == timedelta(days=14) + timedelta(hours=1)
    assert advice.use_by.isoformat() == "2025-11-03T08:00:00+01:00"


def test_new_york_pen_out_before_the_spring_change_is_used_by_the_same_clock_time():
    new_york = ZoneInfo("America/New_York")
    out = datetime(2027, 3, 13, 6, 0, tzinfo=new_york)  # EST; clocks go forward on 2027-03-14
    advice = room_temperature_limit("dupilumab", "US", out)
    assert advice.use_by is not None
    assert advice.use_by.isoformat() == "2027-03-27T06:00:00-04:00"


def test_a_clock_time_in_the_spring_gap_moves_on_to_one_that_exists():
    new_york = ZoneInfo("America/New_York")
    out = datetime(2027, 2, 28, 2, 30, tzinfo=new_york)  # 14 days on: 02:30 does not exist
    advice = room_temperature_limit("dupilumab", "US", out)
    assert advice.use_by is not None
    assert advice.use_by.isoformat() == "2027-03-14T03:30:00-04:00"


def test_fixed_offset_and_other_zones_keep_their_zone():
    fixed = datetime(2026, 11, 25, 8, 0, tzinfo=timezone(timedelta(hours=1)))
    assert room_temperature_limit("dupilumab", "EU", fixed).to_json()["use_by"] == (
        "2026-12-09T08:00:00+01:00"
    )
    ny = datetime(2026, 3, 1, 20, 0, tzinfo=NEW_YORK)
    assert room_temperature_limit("dupilumab", "US", ny).use_by.tzinfo is NEW_YORK


def test_region_is_case_insensitive():
    assert room_temperature_limit("dupilumab", "eu", OUT).region == "EU"


def test_to_json_shape():
    result = room_temperature_limit("dupilumab", "US", OUT, expiry=date(2027, 5, 31)).to_json()
    assert set(result) >= {
        "use_by",
        "use_by_date",
        "max_temp_c",
        "back_in_fridge",
        "rules",
        "status",
        "source",
        "message",
        "unconfirmed_note",
    }
    assert (result["use_by_date"], result["expiry"], result["back_in_fridge"]) == (
        "2026-12-09",
        "2027-05-31",
        False,
    )
    assert json.loads(json.dumps(result)) == result


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("dupilumab", "EU", datetime(2026, 11, 25, 8, 0)), "taken_out"),
        (("dupilumab", "EU", date(2026, 11, 25)), "taken_out"),
        (("dupilumab", "EU", "2026-11-25T08:00+01:00"), "taken_out"),
        (("dupilumab", "MARS", OUT), "region"),
        (("dupilumab", None, OUT), "region"),
        (("aspirin", "EU", OUT), "drug"),
        (("dupilumab", "EU", OUT, datetime(2027, 1, 1, tzinfo=PARIS)), "expiry"),
        (("dupilumab", "EU", OUT, "2027-01-01"), "expiry"),
    ],
)
def test_bad_input_names_the_field(args, field):
    with pytest.raises(InputError) as caught:
        room_temperature_limit(*args)
    assert caught.value.field == field


def test_naive_time_message_asks_for_an_offset():
    with pytest.raises(InputError) as caught:
        room_temperature_limit("dupilumab", "EU", datetime(2026, 11, 25, 8, 0))
    assert "UTC offset" in caught.value.message


def test_expired_refuses_a_naive_now():
    advice = room_temperature_limit("dupilumab", "EU", OUT)
    with pytest.raises(InputError) as caught:
        advice.expired(datetime(2026, 12, 1, 8, 0))
    assert caught.value.field == "now"


@pytest.mark.parametrize("drug", DRUG_IDS)
def test_unconfirmed_values_never_reach_the_fact_fields(drug):
    data = load_drug(drug)
    for region, rule in data.storage.items():
        advice = room_temperature_limit(drug, region, OUT)
        for fact, shown in ((rule.max_temp_c, advice.max_temp_c), (rule.max_days, advice.max_days)):
            if fact is not None and (not fact.is_fact or rule.status == "unconfirmed"):
                assert shown is None
        if rule.status == "unconfirmed":
            assert advice.rules == () and advice.use_by is None


@settings(max_examples=200, deadline=None)
@given(
    drug_region=st.sampled_from(sorted(k for k, v in EXPECTED.items() if v is not None)),
    moment=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 1, 1)),
    zone=st.sampled_from([PARIS, NEW_YORK, UTC, ZoneInfo("Australia/Sydney")]),
    expiry=st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
)
def test_use_by_is_the_limit_or_the_expiry_whichever_is_first(drug_region, moment, zone, expiry):
    drug, region = drug_region
    out = moment.replace(tzinfo=zone)
    advice = room_temperature_limit(drug, region, out, expiry)
    # the same clock time so many calendar days later, in the zone it was taken out in
    limit = (out + timedelta(days=EXPECTED[drug_region][1])).astimezone(UTC)
    assert advice.use_by is not None and advice.use_by.tzinfo is zone
    if advice.capped_by_expiry:
        assert expiry is not None and advice.use_by.date() == expiry
        assert advice.use_by.astimezone(UTC) < limit
    else:
        assert advice.use_by.astimezone(UTC) == limit
        assert expiry is None or advice.expiry_limit.astimezone(UTC) >= limit


# -- fridge basics for every medicine and region (issue 10, item 6) ---------------------------------


@pytest.mark.parametrize("drug", ["dupilumab", "tralokinumab", "lebrikizumab", "nemolizumab"])
@pytest.mark.parametrize("region", ["US", "EU"])
def test_fridge_basics_for_every_medicine_and_region(drug, region):
    advice = room_temperature_limit(drug, region, OUT)
    basics = " ".join(advice.basics)
    assert "fridge at 2 to 8 degrees C" in basics
    assert "carton to protect it from light" in basics
    assert "Do not freeze it" in basics and "do not shake it" in basics
    assert advice.basics_source
    assert advice.to_json()["basics"] == list(advice.basics)


@pytest.mark.parametrize(("drug", "region"), [("tralokinumab", "US"), ("lebrikizumab", "US")])
def test_basics_are_shown_while_an_unconfirmed_limit_stays_unshown(drug, region):
    advice = room_temperature_limit(drug, region, OUT)
    assert advice.basics
    assert advice.max_temp_c is None and advice.max_days is None and advice.use_by is None
    assert advice.rules == ()
