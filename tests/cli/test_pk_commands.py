"""The `calmskin pk` contract: models, simulate (with charts) and population as JSON."""

from __future__ import annotations

import json

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


def test_models_lists_the_five_published_models(cli):
    listed = {m["id"]: m for m in ok(cli, "pk", "models")}
    assert set(listed) == {
        "dupilumab-kovalenko-2016",
        "dupilumab-kovalenko-2020",
        "tralokinumab-soehoel-2022",
        "lebrikizumab-zhu-2017",
        "nemolizumab-takechi-2025",
    }
    assert all(m["citation"] and m["population"] and m["drug"] for m in listed.values())


def test_simulate_from_a_dose_file_reports_troughs_and_the_assay_limit_day(cli, tmp_path):
    doses = [{"day": 0, "dose_mg": 600}] + [{"day": d, "dose_mg": 300} for d in range(14, 211, 14)]
    path = tmp_path / "doses.json"
    path.write_text(json.dumps(doses))
    png, svg = tmp_path / "c.png", tmp_path / "c.svg"
    result = ok(
        cli,
        "pk",
        "simulate",
        "--model",
        "dupilumab-kovalenko-2016",
        "--weight-kg",
        "75",
        "--doses",
        str(path),
        "--days",
        "350",
        "--png",
        str(png),
        "--svg",
        str(svg),
    )
    times = result["times_days"]
    assert times[0] == 0 and times[-1] == 350
    assert len(result["conc_mg_per_l"]) == len(result["p05"]) == len(result["p95"]) == len(times)
    troughs = result["summary"]["troughs"]
    assert [t["day"] for t in troughs] == [d["day"] for d in doses[1:]]
    # week-16 trough of the typical 75 kg adult: reference 66.8 mg/L (within 5%)
    week16 = next(t["conc"] for t in troughs if t["day"] == 112)
    assert 66.8 * 0.95 <= week16 <= 66.8 * 1.05
    # falls below 0.078 mg/L 9-13 weeks after the last dose (label)
    weeks = (result["summary"]["below_limit_day"] - 210) / 7
    assert 9 <= weeks <= 13
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in svg.read_bytes()[:500]


def test_simulate_takes_doses_from_the_label_regimen(cli):
    result = ok(
        cli,
        "pk",
        "simulate",
        "--model",
        "tralokinumab-soehoel-2022",
        "--drug",
        "tralokinumab",
        "--region",
        "US",
        "--age-years",
        "40",
        "--weight-kg",
        "75",
        "--days",
        "120",
    )
    days = [d["day"] for d in result["doses"]]
    assert days == list(range(0, 120, 14))
    assert [d["dose_mg"] for d in result["doses"]][:2] == [600, 300]


def test_population_is_seeded_and_ordered(cli):
    args = (
        "pk",
        "population",
        "--model",
        "nemolizumab-takechi-2025",
        "--n",
        "500",
        "--seed",
        "7",
        "--drug",
        "nemolizumab",
        "--region",
        "EU",
        "--age-years",
        "30",
        "--days",
        "112",
    )
    first, again = ok(cli, *args), ok(cli, *args)
    assert first == again
    assert all(
        a <= b <= c for a, b, c in zip(first["p05"], first["p50"], first["p95"], strict=True)
    )
    assert first["n"] == 500 and len(first["p50"]) == len(first["times_days"])


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("pk", "simulate", "--model", "nope", "--days", "10", "--doses", "x.json"), "model"),
        (("pk", "simulate", "--model", "dupilumab-kovalenko-2016", "--days", "10"), "--drug"),
        (
            (
                "pk",
                "simulate",
                "--model",
                "dupilumab-kovalenko-2016",
                "--days",
                "10",
                "--weight-kg",
                "-5",
                "--doses",
                "x.json",
            ),
            "weight_kg",
        ),
        (
            (
                "pk",
                "simulate",
                "--model",
                "dupilumab-kovalenko-2016",
                "--days",
                "10",
                "--covariate",
                "shoe_size=40",
                "--doses",
                "x.json",
            ),
            "shoe_size",
        ),
        (
            (
                "pk",
                "simulate",
                "--model",
                "dupilumab-kovalenko-2016",
                "--days",
                "10",
                "--doses",
                "/no/such.json",
            ),
            "--doses",
        ),
        (
            (
                "pk",
                "simulate",
                "--model",
                "dupilumab-kovalenko-2016",
                "--days",
                "10",
                "--drug",
                "tralokinumab",
                "--region",
                "US",
                "--age-years",
                "40",
            ),
            "--drug",
        ),
        (
            (
                "pk",
                "population",
                "--model",
                "dupilumab-kovalenko-2016",
                "--n",
                "0",
                "--seed",
                "1",
                "--drug",
                "dupilumab",
                "--region",
                "US",
                "--age-years",
                "40",
                "--days",
                "30",
            ),
            "n",
        ),
        (("pk", "fly"), "pk"),
    ],
)
def test_bad_input_exits_2_with_one_line(cli, args, needle):
    status, out, err = cli(*args)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and needle in err
