"""``calmskin drugs | regimen | schedule | missed-dose | storage | sites``: the therapy engine as JSON.

Thin: parse flags, call ``calmskin.core.therapy``, print one JSON object. Bad input raises
:class:`~calmskin.core.errors.InputError` or :class:`BadInput`; ``main`` turns both into one stderr
line and exit status 2.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from calmskin.cli.common import BadInput, Parser, dumps
from calmskin.core.therapy import calendar, missed_dose, regimens, schedule, sites, storage
from calmskin.core.therapy.catalog import DRUG_IDS, all_drugs


def _date(flag: str) -> Any:
    def parse(text: str) -> date:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise BadInput(f"{flag}: {text!r} is not a date (use YYYY-MM-DD)") from None

    return parse


def _datetime(flag: str) -> Any:
    def parse(text: str) -> datetime:
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            raise BadInput(
                f"{flag}: {text!r} is not a date and time (use YYYY-MM-DDTHH:MM+01:00)"
            ) from None

    return parse


def _decimal(flag: str) -> Any:
    def parse(text: str) -> Decimal:
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise BadInput(f"{flag}: {text!r} is not a number") from None
        if not value.is_finite():
            raise BadInput(f"{flag}: {text!r} is not a number")
        return value

    return parse


def _integer(flag: str) -> Any:
    def parse(text: str) -> int:
        try:
            return int(text)
        except ValueError:
            raise BadInput(f"{flag}: {text!r} is not a whole number") from None

    return parse


def _add_person(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--drug", required=True, help=f"one of {', '.join(DRUG_IDS)}")
    parser.add_argument("--region", required=True, help="US or EU")
    age = parser.add_mutually_exclusive_group(required=True)
    age.add_argument("--age-years", type=_integer("--age-years"), help="completed years")
    age.add_argument("--age-months", type=_integer("--age-months"), help="completed months")
    parser.add_argument("--weight-kg", required=True, type=_decimal("--weight-kg"))


def _age_months(args: argparse.Namespace) -> int:
    if args.age_months is not None:
        return int(args.age_months)
    if args.age_years < 0:
        raise BadInput(f"--age-years: must be 0 or more (got {args.age_years})")
    return int(args.age_years) * 12


def _lookup(args: argparse.Namespace) -> regimens.LabelLookup:
    return regimens.label_regimen(args.drug, args.region, _age_months(args), args.weight_kg)


def cmd_drugs(argv: Sequence[str], out: IO[str]) -> int:
    Parser(prog="calmskin drugs", description="The biologic catalog summary.").parse_args(argv)
    out.write(dumps([drug.summary() for drug in all_drugs()]) + "\n")
    return 0


def cmd_regimen(argv: Sequence[str], out: IO[str]) -> int:
    if argv and argv[0] == "check":
        return cmd_regimen_check(argv[1:], out)
    parser = Parser(prog="calmskin regimen", description="The label regimen for one person.")
    _add_person(parser)
    args = parser.parse_args(argv)
    out.write(dumps(_lookup(args).to_json()) + "\n")
    return 0


def cmd_regimen_check(argv: Sequence[str], out: IO[str]) -> int:
    parser = Parser(
        prog="calmskin regimen check",
        description="Compare a prescription with the label regimen; the prescription is kept.",
    )
    _add_person(parser)
    parser.add_argument("--dose-mg", required=True, type=_integer("--dose-mg"))
    parser.add_argument("--interval-days", required=True, type=_integer("--interval-days"))
    parser.add_argument("--loading-mg", type=_integer("--loading-mg"), help="0 for no loading dose")
    args = parser.parse_args(argv)
    prescription = regimens.Prescription(args.dose_mg, args.interval_days, args.loading_mg)
    check = regimens.check_prescription(_lookup(args), prescription)
    out.write(dumps(check.to_json()) + "\n")
    return 0


def cmd_schedule(argv: Sequence[str], out: IO[str]) -> int:
    parser = Parser(prog="calmskin schedule", description="The dated dose plan from a start date.")
    _add_person(parser)
    parser.add_argument("--start", required=True, type=_date("--start"))
    parser.add_argument("--until", required=True, type=_date("--until"))
    parser.add_argument(
        "--from",
        dest="since",
        type=_date("--from"),
        help="list only the doses from this date (default --start), for a course started long ago",
    )
    parser.add_argument("--ics", help="also write an iCalendar file here")
    parser.add_argument("--tz", default="UTC", help="the person's time zone, e.g. Europe/Paris")
    parser.add_argument("--remind-at", default="09:00", help="local time of the reminder, HH:MM")
    parser.add_argument("--switch-option", help="a label option id (see calmskin regimen)")
    parser.add_argument(
        "--switch-from", type=_date("--switch-from"), help="date of the first dose on that option"
    )
    args = parser.parse_args(argv)
    if (args.switch_option is None) != (args.switch_from is None):
        raise BadInput("--switch-option: give it together with --switch-from")
    lookup = _lookup(args)
    if lookup.regimen is None:
        raise BadInput(f"--drug: {lookup.reason}")
    try:
        remind_at = time.fromisoformat(args.remind_at)
    except ValueError:
        raise BadInput(f"--remind-at: {args.remind_at!r} is not a time (use HH:MM)") from None
    switch = None
    if args.switch_option is not None:
        try:
            option = lookup.option(args.switch_option)
        except KeyError:
            available = ", ".join(o.id for o in lookup.options) or "none"
            raise BadInput(
                f"--switch-option: {args.switch_option!r} is not an option the label gives this "
                f"person (available: {available})"
            ) from None
        switch = schedule.switch_to_option(option, args.switch_from)
    doses = schedule.dose_plan(lookup.regimen, args.start, args.until, switch, since=args.since)
    if args.ics:
        name = lookup.drug.names.get(args.region, lookup.drug.inn)
        ics = calendar.schedule_ics(doses, drug_name=name, tz=args.tz, reminder_at=remind_at)
        try:
            Path(args.ics).write_bytes(ics)
        except OSError as exc:
            raise BadInput(f"--ics: cannot write {args.ics}: {exc.strerror}") from None
    result = {
        "drug": lookup.drug.id,
        "region": args.region,
        "regimen_id": lookup.regimen.id,
        "doses": [
            {
                "date": d.date.isoformat(),
                "dose_mg": d.dose_mg,
                "injections": d.injections,
                "phase": d.phase,
            }
            for d in doses
        ],
    }
    out.write(dumps(result) + "\n")
    return 0


def cmd_missed_dose(argv: Sequence[str], out: IO[str]) -> int:
    parser = Parser(prog="calmskin missed-dose", description="The label's advice for a late dose.")
    parser.add_argument("--drug", required=True)
    parser.add_argument("--interval-days", required=True, type=_integer("--interval-days"))
    parser.add_argument("--due", required=True, type=_date("--due"))
    parser.add_argument("--today", required=True, type=_date("--today"))
    args = parser.parse_args(argv)
    advice = missed_dose.missed_dose_advice(args.drug, args.interval_days, args.due, args.today)
    out.write(dumps(advice.to_json()) + "\n")
    return 0


def cmd_storage(argv: Sequence[str], out: IO[str]) -> int:
    parser = Parser(
        prog="calmskin storage",
        description="Until when a pen or syringe taken out of the fridge may be used.",
    )
    parser.add_argument("--drug", required=True)
    parser.add_argument("--region", required=True)
    parser.add_argument(
        "--taken-out",
        required=True,
        type=_datetime("--taken-out"),
        help="when it came out of the fridge, with its UTC offset",
    )
    parser.add_argument("--expiry", type=_date("--expiry"), help="the expiry date on the carton")
    args = parser.parse_args(argv)
    advice = storage.room_temperature_limit(args.drug, args.region, args.taken_out, args.expiry)
    out.write(dumps(advice.to_json()) + "\n")
    return 0


def cmd_sites(argv: Sequence[str], out: IO[str]) -> int:
    parser = Parser(prog="calmskin sites", description="Injection sites: allowed and suggested.")
    parser.add_argument("--drug", required=True)
    parser.add_argument("--injector", choices=["self", "caregiver"], default="self")
    parser.add_argument(
        "--history", default="", help="sites used so far, oldest first, comma-separated"
    )
    parser.add_argument("--count", type=_integer("--count"), default=1)
    parser.add_argument("--same-area", action="store_true")
    args = parser.parse_args(argv)
    history = [s.strip() for s in args.history.split(",") if s.strip()]
    suggested = sites.suggest_sites(
        args.drug, args.injector, history, count=args.count, same_area=args.same_area
    )
    result = sites.site_guide(args.drug, args.injector).to_json()
    result["allowed"] = [site["id"] for site in result["allowed"]]
    result["suggested"] = list(suggested)
    out.write(dumps(result) + "\n")
    return 0


COMMANDS = {
    "drugs": cmd_drugs,
    "regimen": cmd_regimen,
    "schedule": cmd_schedule,
    "missed-dose": cmd_missed_dose,
    "storage": cmd_storage,
    "sites": cmd_sites,
}
