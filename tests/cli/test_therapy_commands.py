"""The therapy commands' contract: JSON out, exit 2 with one stderr line on bad input."""

from __future__ import annotations

import json

import icalendar
import pytest

from calmskin.cli.main import main


@pytest.fixture
def cli(capsys):
    def run(*args: str):
        status = main(list(args))
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run


def ok(cli, *args: str):
    status, out, err = cli(*args)
    assert (status, err) == (0, ""), err
    return json.loads(out)


def test_drugs_lists_the_catalog_with_targets_and_atc(cli):
    drugs = {d["id"]: d for d in ok(cli, "drugs")}
    assert set(drugs) == {"dupilumab", "tralokinumab", "lebrikizumab", "nemolizumab"}
    assert drugs["dupilumab"]["atc"] == "D11AH05"
    assert drugs["tralokinumab"]["names"] == {"US": "Adbry", "EU": "Adtralza"}
    assert all(d["target"] for d in drugs.values())


ADULT = ("--drug", "dupilumab", "--region", "US", "--age-years", "40", "--weight-kg", "45")


def test_regimen_for_an_adult_on_dupilumab(cli):
    result = ok(cli, "regimen", *ADULT)
    assert result["covered"] is True
    assert (
        result["loading"][0] | {"day": 0, "dose_mg": 600, "injections": 2} == result["loading"][0]
    )
    assert (result["maintenance"]["dose_mg"], result["maintenance"]["interval_days"]) == (300, 14)
    assert result["maintenance"]["first_day"] == 14
    assert result["sources"]


def test_regimen_weight_band_edge_15_kg_for_a_5_year_old(cli):
    below = ok(
        cli,
        "regimen",
        "--drug",
        "dupilumab",
        "--region",
        "US",
        "--age-years",
        "5",
        "--weight-kg",
        "14.9",
    )
    at = ok(
        cli,
        "regimen",
        "--drug",
        "dupilumab",
        "--region",
        "US",
        "--age-years",
        "5",
        "--weight-kg",
        "15.0",
    )
    assert below["maintenance"]["dose_mg"] == 200 and at["maintenance"]["dose_mg"] == 300
    assert below["loading"] == [] and at["maintenance"]["interval_days"] == 28


def test_regimen_not_covered_is_a_result_with_a_reason(cli):
    result = ok(
        cli,
        "regimen",
        "--drug",
        "dupilumab",
        "--region",
        "US",
        "--age-months",
        "48",
        "--weight-kg",
        "4.5",
    )
    assert result["covered"] is False
    assert "not specif" in result["reason"]


def test_regimen_check_names_each_difference_and_keeps_the_prescription(cli):
    same = ok(
        cli,
        "regimen",
        "check",
        *ADULT,
        "--dose-mg",
        "300",
        "--interval-days",
        "14",
        "--loading-mg",
        "600",
    )
    assert same == same | {"matches_label": True, "differences": []}
    other = ok(
        cli,
        "regimen",
        "check",
        *ADULT,
        "--dose-mg",
        "200",
        "--interval-days",
        "28",
        "--loading-mg",
        "600",
    )
    assert other["matches_label"] is False
    assert len(other["differences"]) == 2
    assert any("200 mg" in d and "300 mg" in d for d in other["differences"])


def test_schedule_lists_dated_doses_and_writes_an_ics(cli, tmp_path):
    path = tmp_path / "plan.ics"
    result = ok(
        cli,
        "schedule",
        *ADULT,
        "--start",
        "2028-02-01",
        "--until",
        "2028-03-31",
        "--ics",
        str(path),
        "--tz",
        "Europe/Paris",
    )
    dates = [d["date"] for d in result["doses"]]
    assert dates == ["2028-02-01", "2028-02-15", "2028-02-29", "2028-03-14", "2028-03-28"]
    assert result["doses"][0] == {
        "date": "2028-02-01",
        "dose_mg": 600,
        "injections": 2,
        "phase": "loading",
    }
    assert {d["phase"] for d in result["doses"][1:]} == {"maintenance"}
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    assert len(calendar.walk("VEVENT")) == len(dates)


def test_schedule_switches_to_a_label_option_from_a_date_and_keeps_history(cli):
    teen = ("--drug", "tralokinumab", "--region", "US", "--age-years", "40", "--weight-kg", "80")
    result = ok(
        cli,
        "schedule",
        *teen,
        "--start",
        "2026-01-05",
        "--until",
        "2026-07-01",
        "--switch-option",
        "us-adult-q4w",
        "--switch-from",
        "2026-04-27",
    )
    dates = [d["date"] for d in result["doses"]]
    assert dates[:9] == [
        "2026-01-05",
        "2026-01-19",
        "2026-02-02",
        "2026-02-16",
        "2026-03-02",
        "2026-03-16",
        "2026-03-30",
        "2026-04-13",
        "2026-04-27",
    ]
    assert dates[9:] == ["2026-05-25", "2026-06-22"]


def test_schedule_refuses_an_option_the_label_does_not_give_this_person(cli):
    heavy = ("--drug", "tralokinumab", "--region", "US", "--age-years", "40", "--weight-kg", "100")
    status, out, err = cli(
        "schedule",
        *heavy,
        "--start",
        "2026-01-05",
        "--until",
        "2026-07-01",
        "--switch-option",
        "us-adult-q4w",
        "--switch-from",
        "2026-04-27",
    )
    assert status == 2 and out == "" and "--switch-option" in err


@pytest.mark.parametrize(
    ("interval", "today", "action", "next_due"),
    [
        ("14", "2025-03-08", "give-now-keep-schedule", "2025-03-17"),
        ("14", "2025-03-12", "skip-wait-for-next", "2025-03-17"),
        ("28", "2025-03-09", "give-now-keep-schedule", "2025-03-31"),
        ("28", "2025-03-12", "give-now-restart-schedule", "2025-04-09"),
    ],
)
def test_missed_dose_follows_the_label(cli, interval, today, action, next_due):
    result = ok(
        cli,
        "missed-dose",
        "--drug",
        "dupilumab",
        "--interval-days",
        interval,
        "--due",
        "2025-03-03",
        "--today",
        today,
    )
    assert (result["action"], result["next_due"]) == (action, next_due)
    assert result["rule"] and result["source"]


def test_storage_gives_the_use_by_time(cli):
    result = ok(
        cli,
        "storage",
        "--drug",
        "dupilumab",
        "--region",
        "EU",
        "--taken-out",
        "2026-11-25T08:00+01:00",
    )
    assert result["use_by"].startswith("2026-12-09T08:00")


def test_sites_for_a_caregiver_include_the_upper_arm(cli):
    self_ = ok(cli, "sites", "--drug", "dupilumab", "--injector", "self")
    carer = ok(cli, "sites", "--drug", "dupilumab", "--injector", "caregiver")
    assert not any("upper-arm" in s for s in self_["allowed"])
    assert any("upper-arm" in s for s in carer["allowed"])
    pair = ok(cli, "sites", "--drug", "dupilumab", "--count", "2")["suggested"]
    assert len(set(pair)) == 2


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (
            (
                "regimen",
                "--drug",
                "aspirin",
                "--region",
                "US",
                "--age-years",
                "40",
                "--weight-kg",
                "70",
            ),
            "drug",
        ),
        (
            (
                "regimen",
                "--drug",
                "dupilumab",
                "--region",
                "US",
                "--age-years",
                "40",
                "--weight-kg",
                "-3",
            ),
            "weight",
        ),
        (
            (
                "regimen",
                "--drug",
                "dupilumab",
                "--region",
                "MARS",
                "--age-years",
                "40",
                "--weight-kg",
                "70",
            ),
            "region",
        ),
        (("regimen", "--drug", "dupilumab", "--region", "US", "--weight-kg", "70"), "age"),
        (
            (
                "regimen",
                "--drug",
                "dupilumab",
                "--region",
                "US",
                "--age-years",
                "forty",
                "--weight-kg",
                "70",
            ),
            "--age-years",
        ),
        (("schedule", *ADULT, "--start", "2025-02-30", "--until", "2025-06-01"), "--start"),
        (("schedule", *ADULT, "--start", "2025-06-01", "--until", "2025-01-01"), "until"),
        (
            (
                "missed-dose",
                "--drug",
                "dupilumab",
                "--interval-days",
                "14",
                "--due",
                "2025-03-03",
                "--today",
                "2025-13-01",
            ),
            "--today",
        ),
        (
            (
                "missed-dose",
                "--drug",
                "dupilumab",
                "--interval-days",
                "14",
                "--due",
                "2025-03-03",
                "--today",
                "2025-03-01",
            ),
            "today",
        ),
        (
            ("storage", "--drug", "dupilumab", "--region", "EU", "--taken-out", "2026-11-25T08:00"),
            "taken_out",
        ),
        (("sites", "--drug", "dupilumab", "--injector", "robot"), "--injector"),
    ],
)
def test_bad_input_exits_2_with_one_line(cli, args, needle):
    status, out, err = cli(*args)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and needle in err
