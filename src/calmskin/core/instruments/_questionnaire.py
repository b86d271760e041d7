"""Shared machinery for the summed questionnaires (POEM, DLQI, CDLQI, IDQOL, ADCT, RECAP).

Private to ``calmskin.core.instruments``: the instrument modules import it, nothing else should.

* :class:`ItemTopic` / :class:`Outline`: the *neutral* description of a questionnaire (item keys,
  short topics in CalmSkin's own words, allowed answers with neutral labels). No licensed wording
  lives here; :mod:`calmskin.core.instruments.textpack` overlays a licensed text pack on an outline.
* :func:`highest_of_ticked`: the "several boxes ticked, record the highest" rule (each instrument
  module wraps it and states the source and status for that instrument).
* :func:`score_summed`: sum item scores under a "k missing answers allowed, scored 0" rule and
  return a banded result or a not-scorable result with a reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from calmskin.core.instruments.base import (
    InputError,
    Instrument,
    Json,
    ScoreResult,
    fmt,
    json_repr,
)


@dataclass(frozen=True)
class ItemTopic:
    """One question, described neutrally.

    ``field`` is the dotted input path the answer goes to (``answers.itch``, ``severity``).
    ``options`` are ``(answer value as text, neutral label)`` pairs in display order; the answer
    value is what the UI posts back (``"0"`` .. ``"4"``, ``"not_relevant"``, ``"no"``).
    ``shown_when`` optionally names another item key and the answer that makes this one apply
    (DLQI question 7 follow-up: ``("q7", "no")``).
    """

    key: str
    field: str
    topic: str
    options: tuple[tuple[str, str], ...]
    shown_when: tuple[str, str] | None = None

    @property
    def option_keys(self) -> tuple[str, ...]:
        return tuple(value for value, _ in self.options)


@dataclass(frozen=True)
class Outline:
    """A questionnaire's neutral outline: what the UI shows when no licensed text pack is installed."""

    instrument: str
    title: str
    instructions: str
    items: tuple[ItemTopic, ...]

    def item(self, key: str) -> ItemTopic:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)


def scale(labels: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """Options ``("0", labels[0]), ("1", labels[1]), ...``."""
    return tuple((str(i), label) for i, label in enumerate(labels))


DAY_COUNT_LABELS = ("0 days", "1-2 days", "3-4 days", "5-6 days", "All 7 days")
"""Neutral labels for the five day-count answers scored 0-4 (POEM [S13][S16]; RECAP [S19])."""


def highest_of_ticked(ticked: Iterable[object], allowed: Sequence[int], field: str) -> int | None:
    """Resolve a paper answer with several boxes ticked: record the **highest** score.

    Source: the RECAP scoring instructions (University of Nottingham CEBD, "if two or more response
    options are selected, the response option with the highest score should be recorded"; CONFIRMED
    for RECAP [S19]). Instrument modules that reuse it for other questionnaires say so and state
    the status there. No box ticked returns ``None`` (a missing answer). Every ticked value must be
    an allowed whole number; anything else raises :class:`InputError` naming ``field``.
    """
    values: list[int] = []
    for position, value in enumerate(ticked):
        number = _whole(value)
        if number is None or number not in allowed:
            names = ", ".join(str(a) for a in allowed)
            raise InputError(
                f"{field}[{position}]", f"must be one of {names} (got {json_repr(value)})"
            )
        values.append(number)
    return max(values) if values else None


def _whole(value: object) -> int | None:
    """An int or an integral finite Decimal as int; anything else (bool, NaN, 1.5, "2") None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    return None


@dataclass(frozen=True)
class Tally:
    """Item scores after the missing-item rule: ``total`` is ``None`` when too many are missing."""

    items: dict[str, int | None]
    missing: tuple[str, ...]
    imputed_zero: tuple[str, ...]
    total: int | None


def tally(scores: Mapping[str, int | None], max_missing: int) -> Tally:
    """Apply "up to ``max_missing`` unanswered items score 0; more and the total is not computed"."""
    missing = tuple(key for key, value in scores.items() if value is None)
    if len(missing) > max_missing:
        return Tally(dict(scores), missing, (), None)
    total = sum(value for value in scores.values() if value is not None)
    return Tally(dict(scores), missing, missing, total)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def missing_rule_text(max_missing: int, score_max: Decimal, source: str) -> str:
    """Plain statement of a missing-item rule, e.g. for ``details.missing_rule``."""
    if max_missing == 0:
        return f"every item must be answered ({source})"
    allowance = (
        "one unanswered item" if max_missing == 1 else f"up to {max_missing} unanswered items"
    )
    return (
        f"{allowance} scored 0 with the total kept out of {fmt(score_max)}; "
        f"{max_missing + 1} or more unanswered: not scored ({source})"
    )


def score_summed(
    instrument: Instrument,
    parsed: Mapping[str, Any],
    scores: Mapping[str, int | None],
    *,
    max_missing: int,
    source: str,
    extra: Mapping[str, Json] | None = None,
) -> tuple[ScoreResult, Tally]:
    """Score a summed questionnaire under "up to ``max_missing`` unanswered items score 0".

    ``source`` names where the missing-item rule comes from (or that it is a documented choice); the
    rule is stated in ``details.missing_rule`` and, when the record cannot be scored, in ``reason``.
    """
    counted = tally(scores, max_missing)
    rule = missing_rule_text(max_missing, instrument.score_max, source)
    details: dict[str, Json] = {
        "items": counted.items,
        "missing": list(counted.missing),
        "imputed_zero": list(counted.imputed_zero),
        "missing_rule": rule,
    }
    details.update(extra or {})
    if counted.total is None:
        names = ", ".join(counted.missing)
        if max_missing == 0:
            why = f"{instrument.name} is scored only when every item is answered"
        else:
            why = f"{instrument.name} is not scored with {max_missing + 1} or more unanswered"
        reason = f"{plural(len(counted.missing), 'answer')} missing ({names}): {why} ({source})"
        return instrument.not_scorable(reason, details), counted
    if counted.imputed_zero:
        names = ", ".join(counted.imputed_zero)
        details["missing_note"] = (
            f"{names} unanswered: scored 0, total out of {fmt(instrument.score_max)} as usual"
        )
    return instrument.banded(Decimal(counted.total), parsed, details), counted


def as_int(value: object) -> int | None:
    """A validated answer (``Decimal`` from :class:`~calmskin.core.instruments.base.Choice`) as int."""
    if value is None:
        return None
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return int(value)
    raise TypeError(f"not a numeric answer: {value!r}")  # a bug: specs only let numbers through
