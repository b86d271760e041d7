"""``calmskin schedule --from``: the doses of a window, however long ago the course started."""

from __future__ import annotations

import json

from calmskin.cli.main import main

ADULT = ("--drug", "dupilumab", "--region", "US", "--age-years", "40", "--weight-kg", "70")


def run(capsys, *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_a_course_started_thirty_years_ago_lists_the_doses_of_the_window(capsys) -> None:
    status, out, err = run(
        capsys, "schedule", *ADULT, "--start", "1996-03-04", "--from", "2026-05-01",
        "--until", "2026-06-01",
    )  # fmt: skip
    assert (status, err) == (0, "")
    doses = json.loads(out)["doses"]
    assert [d["date"] for d in doses] == ["2026-05-04", "2026-05-18", "2026-06-01"]
    assert {d["phase"] for d in doses} == {"maintenance"}


def test_without_from_the_window_starts_on_the_start_as_before(capsys) -> None:
    args = ("schedule", *ADULT, "--start", "2026-01-05", "--until", "2026-02-02")
    status, out, _ = run(capsys, *args)
    same, again, _ = run(capsys, *args, "--from", "2026-01-05")
    assert status == same == 0 and out == again
    assert [d["date"] for d in json.loads(out)["doses"]] == [
        "2026-01-05",
        "2026-01-19",
        "2026-02-02",
    ]


def test_a_window_longer_than_ten_years_is_still_refused(capsys) -> None:
    status, out, err = run(
        capsys, "schedule", *ADULT, "--start", "1996-03-04", "--from", "2000-01-01",
        "--until", "2026-06-01",
    )  # fmt: skip
    assert status == 2 and out == ""
    assert err.startswith("until:") and err.count("\n") == 1


def test_from_after_until_is_refused(capsys) -> None:
    status, out, err = run(
        capsys, "schedule", *ADULT, "--start", "2026-01-05", "--from", "2026-07-01",
        "--until", "2026-06-01",
    )  # fmt: skip
    assert status == 2 and out == "" and err.startswith("since:")
