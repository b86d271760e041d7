"""``calmskin pk models | simulate | population``: the drug-level engine as JSON (and charts).

Doses come from a JSON file (``[{"day": number, "dose_mg": number}]``) or from the label regimen
of the therapy engine (``--drug --region --age-years`` with the model's weight), starting on
``--start-day``. Every level printed is a model estimate for a typical person, never a measurement.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from calmskin.cli.common import BadInput, Parser, dumps
from calmskin.core.pk import chart, models, simulate
from calmskin.core.therapy import regimens, schedule

PLAN_START = date(2000, 1, 1)
"""An arbitrary anchor: label plans are built on dates, then turned back into days."""


def _number(flag: str) -> Any:
    def parse(text: str) -> float:
        try:
            return float(text)
        except ValueError:
            raise BadInput(f"{flag}: {text!r} is not a number") from None

    return parse


def _int(flag: str) -> Any:
    def parse(text: str) -> int:
        try:
            return int(text)
        except ValueError:
            raise BadInput(f"{flag}: {text!r} is not a whole number") from None

    return parse


def _covariate(text: str) -> tuple[str, float]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise BadInput(f"--covariate: {text!r} is not NAME=VALUE")
    try:
        return name.strip(), float(value)
    except ValueError:
        raise BadInput(f"--covariate: {value!r} is not a number") from None


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", required=True, help="a model id (see calmskin pk models)")
    parser.add_argument("--weight-kg", type=_number("--weight-kg"))
    parser.add_argument(
        "--covariate", action="append", type=_covariate, default=[], help="NAME=VALUE"
    )
    parser.add_argument("--days", required=True, type=_number("--days"))
    parser.add_argument("--doses", help='JSON file: [{"day": 0, "dose_mg": 600}, ...]')
    parser.add_argument("--drug", help="take the doses from this drug's label regimen")
    parser.add_argument("--region", help="US or EU (with --drug)")
    parser.add_argument("--age-years", type=_int("--age-years"))
    parser.add_argument("--start-day", type=_number("--start-day"), default=0.0)


def _covariates(args: argparse.Namespace) -> dict[str, float]:
    values = dict(args.covariate)
    if args.weight_kg is not None:
        values["weight_kg"] = args.weight_kg
    return values


def _doses_from_file(path: str) -> simulate.Doses:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise BadInput(f"--doses: cannot read {path}: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise BadInput(f"--doses: not valid JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(raw, list):
        raise BadInput('--doses: must be a JSON list of {"day": ..., "dose_mg": ...}')
    pairs = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or set(item) != {"day", "dose_mg"}:
            raise BadInput(f'doses[{i}]: must be an object with "day" and "dose_mg"')
        pairs.append((item["day"], item["dose_mg"]))
    return simulate.Doses.from_list(pairs)


def _doses_from_label(
    args: argparse.Namespace, model: models.PKModel, covariates: dict[str, float]
) -> simulate.Doses:
    missing = [f for f in ("drug", "region", "age_years") if getattr(args, f) is None]
    if missing:
        flags = ", ".join("--" + m.replace("_", "-") for m in missing)
        raise BadInput(f"{flags}: needed to take the doses from a label regimen (or use --doses)")
    if args.drug != model.drug:
        raise BadInput(f"--drug: the model {model.id} is for {model.drug}, not {args.drug}")
    weight = covariates_for_weight(model, covariates)
    lookup = regimens.label_regimen(args.drug, args.region, args.age_years * 12, weight)
    if lookup.regimen is None:
        raise BadInput(f"--drug: {lookup.reason}")
    start = PLAN_START + timedelta(days=args.start_day)
    until = PLAN_START + timedelta(days=int(args.days))
    if until < start:
        raise BadInput("--start-day: must be within --days")
    plan = schedule.dose_plan(lookup.regimen, start, until)
    return simulate.Doses.from_list(((d.date - PLAN_START).days, d.dose_mg) for d in plan)


def covariates_for_weight(model: models.PKModel, covariates: dict[str, float]) -> Decimal:
    """The weight that picks the label band: the given one, else the model's reference."""
    values = models.covariates_for(model, covariates)
    return Decimal(str(values.get("weight_kg", 70.0)))


def _inputs(args: argparse.Namespace) -> tuple[models.PKModel, dict[str, float], simulate.Doses]:
    model = models.get_model(args.model)
    covariates = _covariates(args)
    models.covariates_for(model, covariates)  # refuse bad covariates before anything else
    if args.doses is not None and args.drug is not None:
        raise BadInput("--doses: give either --doses or the label regimen flags, not both")
    if args.doses is not None:
        return model, covariates, _doses_from_file(args.doses)
    return model, covariates, _doses_from_label(args, model, covariates)


def _write(path: str | None, data: bytes, flag: str) -> None:
    if path is None:
        return
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        raise BadInput(f"{flag}: cannot write {path}: {exc.strerror}") from None


def cmd_models(argv: Sequence[str], out: IO[str]) -> int:
    Parser(prog="calmskin pk models", description="The population PK models.").parse_args(argv)
    out.write(dumps([m.to_json() for m in models.MODELS.values()]) + "\n")
    return 0


def cmd_simulate(argv: Sequence[str], out: IO[str]) -> int:
    parser = Parser(prog="calmskin pk simulate", description="A typical person's drug level.")
    _add_common(parser)
    parser.add_argument("--png", help="write the chart as PNG here")
    parser.add_argument("--svg", help="write the chart as SVG here")
    args = parser.parse_args(argv)
    model, covariates, doses = _inputs(args)
    times = simulate.time_grid(args.days)
    estimate = simulate.individual_estimate(
        model, doses, times, covariates, age_years=args.age_years
    )
    for flag, path, fmt in (("--png", args.png, "png"), ("--svg", args.svg, "svg")):
        if path is not None:
            image = chart.render_chart(
                estimate.times,
                estimate.typical,
                p05=estimate.p05,
                p95=estimate.p95,
                dose_days=doses.days,
                dose_mg=doses.amounts_mg,
                title=f"{model.drug.capitalize()}: estimated level ({model.id})",
                assay_limit=model.assay_limit_mg_per_l,
                fmt=fmt,  # type: ignore[arg-type]
            )
            _write(path, image, flag)
    out.write(dumps(estimate.to_json()) + "\n")
    return 0


def cmd_population(argv: Sequence[str], out: IO[str]) -> int:
    parser = Parser(prog="calmskin pk population", description="A seeded virtual population.")
    _add_common(parser)
    parser.add_argument("--n", required=True, type=_int("--n"))
    parser.add_argument("--seed", required=True, type=_int("--seed"))
    args = parser.parse_args(argv)
    model, covariates, doses = _inputs(args)
    result = simulate.population(
        model,
        args.n,
        args.seed,
        doses,
        simulate.time_grid(args.days),
        covariates,
        age_years=args.age_years,
    )
    out.write(dumps(result.to_json()) + "\n")
    return 0


SUBCOMMANDS = {"models": cmd_models, "simulate": cmd_simulate, "population": cmd_population}


def cmd_pk(argv: Sequence[str], out: IO[str]) -> int:
    if not argv or argv[0] not in SUBCOMMANDS:
        given = repr(argv[0]) if argv else "nothing"
        raise BadInput(f"calmskin pk: expected one of {', '.join(SUBCOMMANDS)} (got {given})")
    return SUBCOMMANDS[argv[0]](argv[1:], out)
