"""Which questionnaires fit a person's age, and when each is due: pure rules on dates and months.

Ages are in completed months (only the birth month is stored, so a birthday is taken to fall on the
1st of that month: a child born in March 2020 is 48 months old from 1 March 2024).

* **The life-quality questionnaire for the age.** IDQOL under 4 years (up to 3 y 11 m); CDLQI from
  4 years; DLQI from 16 years. The sources give the CDLQI as "4-16 y" and the DLQI as "16 y and
  over", overlapping at 16: we switch to the DLQI on the 16th birthday (month), i.e. the CDLQI
  covers 4 y 0 m to 15 y 11 m, so each age maps to exactly one questionnaire
  (shared/reference/instruments.md, section 5).
* **POEM every week**: due when none was completed in the last 7 days (from day 7 after the last).
* **The life-quality questionnaire every 4 weeks**: due from day 28 after the last one.
* **ADCT**: offered from 12 years, never "due" (it is optional).
* Before the birth month no questionnaire fits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, TypeAlias

from calmskin.core.errors import InputError

QualityOfLife: TypeAlias = Literal["idqol", "cdlqi", "dlqi"]

CDLQI_FROM_MONTHS = 4 * 12
"""The CDLQI replaces the IDQOL from this age (4 y 0 m)."""
DLQI_FROM_MONTHS = 16 * 12
"""The DLQI replaces the CDLQI from this age (16 y 0 m)."""
ADCT_FROM_MONTHS = 12 * 12
"""The optional ADCT is offered from this age (12 y 0 m)."""
POEM_EVERY_DAYS = 7
QOL_EVERY_DAYS = 28
QOL_INSTRUMENTS: tuple[QualityOfLife, ...] = ("idqol", "cdlqi", "dlqi")
EVERY_DAYS: Mapping[str, int] = {"poem": POEM_EVERY_DAYS} | dict.fromkeys(
    QOL_INSTRUMENTS, QOL_EVERY_DAYS
)
"""The rhythm of each questionnaire that can be due, in days."""


@dataclass(frozen=True)
class Plan:
    """One questionnaire that fits the age: whether it is due today, or only offered."""

    instrument: str
    due: bool
    optional: bool
    last: date | None
    next_on: date | None
    """The first day it is due again (``None``: never done, or optional)."""


def _age(age_months: int) -> int:
    if isinstance(age_months, bool) or not isinstance(age_months, int):
        raise InputError("age_months", f"must be a whole number of months (got {age_months!r})")
    return age_months


def quality_of_life_instrument(age_months: int) -> QualityOfLife:
    """The life-quality questionnaire for this age in completed months (see the module docstring).

    Raises :class:`~calmskin.core.errors.InputError` (a ``ValueError``) for a negative age: the
    birth month is after the day asked about.
    """
    if _age(age_months) < 0:
        raise InputError("age_months", "is negative: the birth month is after the given day")
    if age_months < CDLQI_FROM_MONTHS:
        return "idqol"
    if age_months < DLQI_FROM_MONTHS:
        return "cdlqi"
    return "dlqi"


def is_due(last: date | None, today: date, every_days: int) -> bool:
    """Due when never done, or when ``every_days`` or more days have passed since ``last``."""
    return last is None or (today - last).days >= every_days


def fitting_instruments(age_months: int) -> tuple[str, ...]:
    """POEM, the life-quality questionnaire for the age and, from 12 years, the ADCT (empty before
    the birth month)."""
    if _age(age_months) < 0:
        return ()
    fitting = ["poem", quality_of_life_instrument(age_months)]
    if age_months >= ADCT_FROM_MONTHS:
        fitting.append("adct")
    return tuple(fitting)


def plan(age_months: int, today: date, last_done: Mapping[str, date]) -> list[Plan]:
    """Each questionnaire that fits the age on ``today``, due or not, from the last completion
    dates (``last_done``: instrument id to date; a missing id was never done)."""
    out: list[Plan] = []
    for instrument in fitting_instruments(age_months):
        last = last_done.get(instrument)
        every = EVERY_DAYS.get(instrument)
        if every is None:
            out.append(Plan(instrument, False, True, last, None))
        else:
            next_on = None if last is None else last + timedelta(days=every)
            out.append(Plan(instrument, is_due(last, today, every), False, last, next_on))
    return out
