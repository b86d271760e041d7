"""The `calmskin score` contract: JSON in, JSON out, exit 2 with one stderr line on bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from calmskin.cli.main import main

E8 = {
    "age_years": 30,
    "regions": {
        "head_neck": {
            "area": 1,
            "erythema": 1.5,
            "edema": 1,
            "excoriation": 0,
            "lichenification": 0,
        },
        "upper_limbs": {
            "area": 0,
            "erythema": 0,
            "edema": 0,
            "excoriation": 0,
            "lichenification": 0,
        },
        "trunk": {"area": 0, "erythema": 0, "edema": 0, "excoriation": 0, "lichenification": 0},
        "lower_limbs": {
            "area": 2,
            "erythema": 2.5,
            "edema": 2,
            "excoriation": 2,
            "lichenification": 2,
        },
    },
}


def run(args, stdin="", monkeypatch=None, capsys=None):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def cli(monkeypatch, capsys):
    return lambda args, stdin="": run(args, stdin, monkeypatch, capsys)


def test_it_scores_one_object_from_stdin(cli):
    status, out, err = cli(["score", "easi"], json.dumps(E8))
    result = json.loads(out)
    assert status == 0 and err == ""
    assert (result["score"], result["band"], result["band_set"]) == (
        "7.05",
        "moderate",
        "leshem-2015",
    )


def test_it_reads_input_from_a_file(cli, tmp_path):
    path = tmp_path / "e8.json"
    path.write_text(json.dumps(E8))
    status, out, _ = cli(["score", "easi", "--input", str(path)])
    assert status == 0 and json.loads(out)["score"] == "7.05"


def test_it_keeps_decimal_input_exact(cli):
    # 0.1 + 0.2 style float noise must not appear: the JSON is read with exact decimals
    status, out, _ = cli(["score", "change", "easi", "--baseline", "0.3", "--current", "0.1"])
    assert status == 0
    assert json.loads(out)["absolute_change"] == "-0.2"


@pytest.mark.parametrize(
    ("args", "stdin", "needle"),
    [
        (["score", "easi"], "{not json", "input: not valid JSON"),
        (["score", "easi"], "[1, 2]", "input: must be one JSON object"),
        (["score", "easi"], json.dumps({**E8, "age_years": -3}), "age_years"),
        (
            ["score", "easi"],
            json.dumps(E8).replace('"erythema": 1.5', '"erythema": 0.5'),
            "regions.head_neck.erythema",
        ),
        (["score", "easi"], '{"age_years": 30, "age_years": 31}', "age_years: given twice"),
        (["score", "nope"], "{}", "unknown instrument"),
        (["score"], "", "instrument is required"),
        (["score", "easi", "--bogus"], "", "unrecognized arguments"),
        (["score", "easi", "--input", "/no/such/file"], "", "--input: cannot read"),
        (["score", "change", "easi", "--baseline", "80", "--current", "1"], "", "baseline"),
        (["score", "change", "easi", "--baseline", "x", "--current", "1"], "", "baseline"),
        (["score", "change", "easi", "--baseline", "8"], "", "--current"),
        (["frobnicate"], "", "unknown command"),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_field(cli, args, stdin, needle):
    status, out, err = cli(args, stdin)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1 and needle in err


def test_change_prints_percent_and_thresholds(cli):
    status, out, _ = cli(["score", "change", "easi", "--baseline", "21.4", "--current", "5.35"])
    result = json.loads(out)
    assert status == 0
    assert result["percent_change"] == "-75"
    assert result["thresholds_met"] == ["easi-50", "easi-75"]


def test_change_with_zero_baseline_is_not_evaluable(cli):
    _, out, _ = cli(["score", "change", "easi", "--baseline", "0", "--current", "0"])
    result = json.loads(out)
    assert result["percent_change"] is None
    assert "not evaluable" in result["percent_change_reason"]


def test_list_prints_every_instrument_with_an_input_schema(cli):
    status, out, _ = cli(["score", "--list"])
    listing = json.loads(out)["instruments"]
    assert status == 0
    easi = next(i for i in listing if i["id"] == "easi")
    assert easi["input_schema"]["required"] == ["age_years", "regions"]
    assert easi["band_sets"]["leshem-2015"]["default"] is True
    assert all(i["input_schema"]["type"] == "object" for i in listing)


def test_jsonl_scores_line_by_line(cli):
    lines = [dict(E8), {**E8, "age_years": 5}]
    status, out, _ = cli(
        ["score", "easi", "--jsonl"], "\n".join(json.dumps(x) for x in lines) + "\n\n"
    )
    results = [json.loads(line) for line in out.splitlines()]
    assert status == 0
    assert [r["score"] for r in results] == ["7.05", "5.6"]


def test_jsonl_bad_line_prints_nothing_and_names_line_and_field(cli):
    bad = json.dumps(E8).replace('"area": 2', '"area": 9')
    status, out, err = cli(["score", "easi", "--jsonl"], json.dumps(E8) + "\n" + bad + "\n")
    assert status == 2 and out == ""
    assert err.startswith("line 2: regions.lower_limbs.area")


def test_jsonl_keep_going_reports_bad_lines_inline(cli):
    bad = json.dumps(E8).replace('"area": 2', '"area": 9')
    status, out, _ = cli(["score", "easi", "--jsonl", "--keep-going"], bad + "\n" + json.dumps(E8))
    first, second = (json.loads(line) for line in out.splitlines())
    assert status == 0
    assert first == {
        "line": 1,
        "error": {"field": "regions.lower_limbs.area", "message": first["error"]["message"]},
    }
    assert second["score"] == "7.05"


def test_the_console_script_is_installed_and_works():
    exe = sys.executable.rsplit("/", 1)[0] + "/calmskin"
    done = subprocess.run(
        [exe, "score", "easi"], input=json.dumps(E8), capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert json.loads(done.stdout)["score"] == "7.05"
