"""The ``calmskin`` command: JSON in, JSON out.

Contract (scripts depend on it):

* ``calmskin score INSTRUMENT [--input FILE] [--jsonl]`` scores one JSON object (or, with
  ``--jsonl``, one object per line) and prints the result as JSON.
* ``calmskin score change INSTRUMENT --baseline X --current Y`` prints the change and the responder
  thresholds met.
* ``calmskin score --list`` prints every instrument with its input schema.
* ``calmskin drugs | regimen | regimen check | schedule | missed-dose | storage | sites``: the
  biologic therapy engine (see :mod:`calmskin.cli.therapy`).
* ``calmskin pk models | simulate | population``: the drug-level engine (:mod:`calmskin.cli.pk`).
* ``calmskin remind [--dry-run] [--now ISO]``: e-mail the web app's due reminders (for cron).
* Bad input anywhere: exit status 2, nothing on stdout, one line on stderr naming the field.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import IO, Any, NoReturn

from calmskin.cli.common import EXIT_BAD_INPUT, EXIT_OK, BadInput, Parser, dumps
from calmskin.cli.pk import cmd_pk
from calmskin.cli.therapy import COMMANDS as THERAPY_COMMANDS
from calmskin.cli.web import cmd_remind
from calmskin.core.errors import InputError
from calmskin.core.instruments import registry
from calmskin.core.instruments.base import Instrument
from calmskin.core.instruments.change import evaluate_change


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise BadInput(f"{key}: given twice in the same object")
        out[key] = value
    return out


def parse_json_object(text: str, where: str = "input") -> dict[str, Any]:
    """One JSON object with exact decimals; duplicate keys are refused rather than dropped."""
    try:
        value = json.loads(text, parse_float=Decimal, object_pairs_hook=_reject_duplicates)
    except json.JSONDecodeError as exc:
        raise BadInput(
            f"{where}: not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        ) from None
    if not isinstance(value, dict):
        raise BadInput(f"{where}: must be one JSON object")
    return value


def score_one(instrument: Instrument, text: str) -> str:
    """Score one JSON object given as text; raise BadInput naming the field."""
    data = parse_json_object(text)
    try:
        return dumps(instrument.score(data).to_json())
    except InputError as exc:
        raise BadInput(str(exc)) from None


def score_lines(
    instrument: Instrument, lines: Iterable[str], keep_going: bool = False
) -> Iterator[str]:
    """Score JSON lines. Blank lines are skipped. An error names the line and the field.

    Without ``keep_going`` the first bad line raises :class:`BadInput`; with it, a bad line yields
    ``{"line": n, "error": {"field": ..., "message": ...}}`` and scoring goes on.
    """
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = parse_json_object(line, "input")
            result = instrument.score(data).to_json()
        except (InputError, BadInput) as exc:
            if not keep_going:
                raise BadInput(f"line {number}: {exc}") from None
            field = exc.field if isinstance(exc, InputError) else "input"
            message = exc.message if isinstance(exc, InputError) else str(exc)
            yield dumps({"line": number, "error": {"field": field, "message": message}}, True)
            continue
        yield dumps(result, compact=True)


def _open_input(path: str | None) -> IO[str]:
    if path is None or path == "-":
        return sys.stdin
    try:
        return open(path, encoding="utf-8")
    except OSError as exc:
        raise BadInput(f"--input: cannot read {path}: {exc.strerror}") from None


def _instrument(instrument_id: str) -> Instrument:
    try:
        return registry.get(instrument_id)
    except InputError as exc:
        raise BadInput(str(exc)) from None


def cmd_score(argv: Sequence[str], out: IO[str]) -> int:
    if argv and argv[0] == "change":
        return cmd_change(argv[1:], out)
    parser = Parser(prog="calmskin score", description="Score one record of an instrument.")
    parser.add_argument("instrument", nargs="?", help="instrument id, e.g. easi, poem, scorad")
    parser.add_argument("--input", help="read JSON from this file (default: standard input)")
    parser.add_argument("--jsonl", action="store_true", help="one JSON object per line, in and out")
    parser.add_argument(
        "--keep-going",
        action="store_true",
        help="with --jsonl: write an error object for a bad line and go on",
    )
    parser.add_argument("--list", action="store_true", help="list instruments and input schemas")
    args = parser.parse_args(argv)
    if args.list:
        listing = [i.describe() for i in registry.all_instruments()]
        out.write(dumps({"instruments": listing}) + "\n")
        return EXIT_OK
    if not args.instrument:
        raise BadInput("calmskin score: the instrument is required (see calmskin score --list)")
    instrument = _instrument(args.instrument)
    source = _open_input(args.input)
    try:
        if args.jsonl:
            # Score everything before writing anything: bad input leaves stdout empty.
            lines = list(score_lines(instrument, source, keep_going=args.keep_going))
            if lines:
                out.write("\n".join(lines) + "\n")
        else:
            out.write(score_one(instrument, source.read()) + "\n")
    finally:
        if source is not sys.stdin:
            source.close()
    return EXIT_OK


def cmd_change(argv: Sequence[str], out: IO[str]) -> int:
    parser = Parser(
        prog="calmskin score change",
        description="Change between a baseline and a current score, with responder thresholds.",
    )
    parser.add_argument("instrument")
    parser.add_argument("--baseline", required=True)
    parser.add_argument("--current", required=True)
    args = parser.parse_args(argv)
    instrument = _instrument(args.instrument)
    try:
        result = evaluate_change(instrument, args.baseline, args.current)
    except InputError as exc:
        raise BadInput(str(exc)) from None
    out.write(dumps(result.to_json()) + "\n")
    return EXIT_OK


USAGE = """\
usage: calmskin score INSTRUMENT [--input FILE] [--jsonl [--keep-going]]
       calmskin score change INSTRUMENT --baseline X --current Y
       calmskin score --list
       calmskin drugs
       calmskin regimen --drug ID --region US|EU (--age-years N | --age-months N) --weight-kg W
       calmskin regimen check (person flags) --dose-mg N --interval-days N [--loading-mg N]
       calmskin schedule (person flags) --start YYYY-MM-DD --until YYYY-MM-DD [--ics FILE] [--tz ZONE]
       calmskin missed-dose --drug ID --interval-days N --due YYYY-MM-DD --today YYYY-MM-DD
       calmskin storage --drug ID --region US|EU --taken-out YYYY-MM-DDTHH:MM+HH:MM [--expiry DATE]
       calmskin pk models
       calmskin pk simulate --model ID [--weight-kg W] [--covariate N=V] (--doses FILE |
           --drug ID --region R --age-years N [--start-day 0]) --days D [--png F] [--svg F]
       calmskin pk population --model ID --n N --seed S (same dose flags) --days D
       calmskin sites --drug ID [--injector self|caregiver] [--history a,b] [--count N] [--same-area]
       calmskin remind [--dry-run] [--now 2026-03-02T09:00+01:00]   (the web app's e-mail reminders)
"""


def main(argv: Sequence[str] | None = None, out: IO[str] | None = None) -> int:
    """Entry point of the ``calmskin`` console script; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    out = sys.stdout if out is None else out
    try:
        if not argv or argv[0] in ("-h", "--help"):
            out.write(USAGE)
            return EXIT_OK if argv else EXIT_BAD_INPUT
        command, rest = argv[0], argv[1:]
        if command == "score":
            return cmd_score(rest, out)
        if command in THERAPY_COMMANDS:
            return THERAPY_COMMANDS[command](rest, out)
        if command == "pk":
            return cmd_pk(rest, out)
        if command == "remind":
            return cmd_remind(rest, out)
        known = ", ".join(["score", *THERAPY_COMMANDS, "pk", "remind"])
        raise BadInput(f"calmskin: unknown command {command!r} (expected one of: {known})")
    except InputError as exc:
        sys.stderr.write(" ".join(str(exc).split()) + "\n")
        return EXIT_BAD_INPUT
    except BadInput as exc:
        message = " ".join(str(exc).split())  # always one line
        sys.stderr.write(message + "\n")
        return EXIT_BAD_INPUT


def run() -> NoReturn:
    sys.exit(main())


if __name__ == "__main__":
    run()
