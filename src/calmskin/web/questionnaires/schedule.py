"""What is due for a profile: the core's questionnaire rules applied to the profile's age.

The rules (which questionnaire fits which age, POEM weekly, the life-quality questionnaire every
4 weeks, the optional ADCT from 12 years) and their sources are in
:mod:`calmskin.core.instruments.schedule`; this module only turns a profile into its age in months.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from calmskin.core.instruments import schedule as rules
from calmskin.core.instruments.schedule import QOL_INSTRUMENTS as QOL_INSTRUMENTS
from calmskin.core.instruments.schedule import Plan as Plan
from calmskin.web.diary.models import Profile


def fitting_instruments(profile: Profile, today: date) -> tuple[str, ...]:
    """The questionnaires that fit the profile's age today (empty before the birth month)."""
    return rules.fitting_instruments(profile.age_months(today))


def plan(profile: Profile, today: date, last_done: Mapping[str, date]) -> list[Plan]:
    """POEM, the age-appropriate life-quality questionnaire and (from 12 years) the optional ADCT."""
    return rules.plan(profile.age_months(today), today, last_done)
