"""What is due: a pure function of the profile's age, today's date and the last completion dates.

* POEM every week: due when none was completed in the last 7 days (day 7 after the last one).
* The life-quality questionnaire for the age (IDQOL / CDLQI / DLQI, see
  ``Profile.quality_of_life_instrument``) every 4 weeks: due from day 28 after the last one.
* ADCT: offered from 12 years, never "due" (optional).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from calmskin.web.diary.models import Profile

POEM_EVERY_DAYS = 7
QOL_EVERY_DAYS = 28
ADCT_FROM_MONTHS = 12 * 12
QOL_INSTRUMENTS = ("idqol", "cdlqi", "dlqi")


@dataclass(frozen=True)
class Plan:
    instrument: str
    due: bool
    optional: bool
    last: date | None
    next_on: date | None  # first day it is due again (None: never done, or optional)


def is_due(last: date | None, today: date, every_days: int) -> bool:
    """Due when never done, or when ``every_days`` or more days have passed since ``last``."""
    return last is None or (today - last).days >= every_days


def _planned(instrument: str, last: date | None, today: date, every_days: int) -> Plan:
    next_on = None if last is None else last + timedelta(days=every_days)
    return Plan(instrument, is_due(last, today, every_days), False, last, next_on)


def fitting_instruments(profile: Profile, today: date) -> tuple[str, ...]:
    """The questionnaires that fit the profile's age today (empty before the birth month)."""
    months = profile.age_months(today)
    if months < 0:
        return ()
    fitting = ["poem", profile.quality_of_life_instrument(today)]
    if months >= ADCT_FROM_MONTHS:
        fitting.append("adct")
    return tuple(fitting)


def plan(profile: Profile, today: date, last_done: Mapping[str, date]) -> list[Plan]:
    """POEM, the age-appropriate life-quality questionnaire and (from 12 years) the optional ADCT."""
    fitting = fitting_instruments(profile, today)
    out: list[Plan] = []
    for instrument in fitting:
        last = last_done.get(instrument)
        if instrument == "poem":
            out.append(_planned(instrument, last, today, POEM_EVERY_DAYS))
        elif instrument in QOL_INSTRUMENTS:
            out.append(_planned(instrument, last, today, QOL_EVERY_DAYS))
        else:
            out.append(Plan(instrument, False, True, last, None))
    return out
