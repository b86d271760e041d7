"""Missed doses: the label's advice for a dose given (or remembered) late, and the next due date.

Facts come from each drug's data file (``[[missed_doses]]``), each naming its source and status:

* dupilumab (shared reference section 2.5; drugs.com 2024/2025 and Medscape 2019 quoting US label
  section 2, and the EU package leaflet, all tagged secondary): every 2 weeks, up to 7 days late:
  give it and keep the original schedule, more than 7 days late: skip it and wait for the next
  original date. Every 4 weeks, up to 7 days late: give it and keep the original schedule, more than
  7 days late: give it and start a new 4-weekly schedule from that day. No rule for other intervals.
* tralokinumab (section 3.2, US label and EU leaflet), lebrikizumab (section 4.2, EU SmPC) and
  nemolizumab (section 5.2, US label): give it as soon as possible, then resume the regular
  schedule, whatever the interval and the delay (one rule without an interval or a late limit).

Test vectors 24-31 and 59 of the reference (section 10.2) are in
``tests/core/therapy/test_missed_dose.py``.

Documented choices:

* ``days_late`` is ``today - due`` in calendar days. ``late_days_max`` is inclusive: 7 days late
  still counts as "within 7 days" (the labels do not say; vector 28 records the choice). 0 days late
  (the dose is due today) follows the "within" action.
* Next due date. Keep the schedule: the first date of the original schedule (``due + k x
  interval``) strictly after today. Skip: the first original date on or after today; when today *is*
  that date, the scheduled dose is given today (one dose). Restart: ``today + interval``.
* Several scheduled dates passed. When ``today`` is more than one interval after ``due``, later
  scheduled doses were missed too. The label rule is applied to the most recent scheduled date
  before today (``counted_from``), as if the person had asked about that dose; the reasoning: the
  older dose was already past saving, and skipping a later dose that is still within the label's
  window would contradict the label. A note asks the person to check with the care team.
  ``days_late`` still reports ``today - due``; ``days_late_counted`` the delay actually judged.
* A "give now and keep the schedule" dose can fall only days before the next original date (for the
  any-interval rules, e.g. tralokinumab every 2 weeks, 13 days late: next dose tomorrow). CalmSkin
  keeps the label's advice, unchanged, and adds a note suggesting the person check with the care
  team when the next dose is fewer than :data:`CLOSE_NEXT_DOSE_DAYS` (7) days away. Seven days is
  the shortest gap any of the four labels itself produces (dupilumab every 2 weeks, given 7 days
  late, next dose 7 days later); shorter gaps are not something a label describes. No dosing rule is
  invented: the action and the next due date never change because of this note.
* Intervals: a drug with interval-specific rules accepts only those intervals (dupilumab: 14 and 28
  days; 56 is refused). A drug with an any-interval rule accepts the intervals its regimens use
  (maintenance and options), so a schedule the catalog does not know is refused, not guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from calmskin.core.errors import InputError
from calmskin.core.therapy._lookup import cite, drug_or_input_error, plain_date
from calmskin.core.therapy.catalog import Drug, MissedAction, MissedDoseRule, Status

CLOSE_NEXT_DOSE_DAYS = 7
"""A kept-schedule dose with the next dose fewer than this many days away gets a care-team note."""


@dataclass(frozen=True)
class MissedDoseAdvice:
    drug_id: str
    interval_days: int
    due: date
    today: date
    action: MissedAction
    next_due: date
    """The next dose after today's decision (equal to ``today`` only for a skip on a schedule day)."""
    days_late: int
    """``today - due`` in days."""
    counted_from: date
    """The scheduled date the label rule was applied to: ``due`` unless later dates passed too."""
    days_late_counted: int
    """``today - counted_from``: the delay judged against ``late_days_max``."""
    rule: str
    source: str
    """Source title and date, as the data file gives them."""
    plain_source: str
    """The source as patient pages name it: plain document name and date (``Source.shown``)."""
    status: Status
    notes: tuple[str, ...]

    @property
    def give_today(self) -> bool:
        """Whether a dose is given today (the late one, or the scheduled one falling today)."""
        return self.action != "skip-wait-for-next" or self.next_due == self.today

    def to_json(self) -> dict[str, Any]:
        return {
            "drug": self.drug_id,
            "interval_days": self.interval_days,
            "due": self.due.isoformat(),
            "today": self.today.isoformat(),
            "action": self.action,
            "give_today": self.give_today,
            "next_due": self.next_due.isoformat(),
            "days_late": self.days_late,
            "counted_from": self.counted_from.isoformat(),
            "days_late_counted": self.days_late_counted,
            "rule": self.rule,
            "source": self.source,
            "plain_source": self.plain_source,
            "status": self.status,
            "notes": list(self.notes),
        }


def allowed_intervals(drug: Drug) -> tuple[int, ...]:
    """The schedule intervals (days) the missed-dose rules of ``drug`` accept, ascending."""
    explicit = {r.interval_days for r in drug.missed_doses if r.interval_days is not None}
    if any(r.interval_days is None for r in drug.missed_doses):
        for regimen in drug.regimens:
            explicit.add(regimen.maintenance.interval_days)
            explicit.update(o.interval_days for o in regimen.options)
    return tuple(sorted(explicit))


def _rule_for(drug: Drug, interval_days: int) -> MissedDoseRule:
    allowed = allowed_intervals(drug)
    if interval_days not in allowed:
        shown = ", ".join(str(i) for i in allowed) or "none"
        raise InputError(
            "interval_days",
            f"{drug.id} has no missed-dose rule for a {interval_days}-day schedule; "
            f"allowed intervals: {shown} days",
        )
    for rule in drug.missed_doses:
        if rule.interval_days == interval_days:
            return rule
    return next(r for r in drug.missed_doses if r.interval_days is None)


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def missed_dose_advice(
    drug_id: str, interval_days: int, due: date, today: date
) -> MissedDoseAdvice:
    """The label's advice for the dose of ``drug_id`` due on ``due`` on a schedule of
    ``interval_days``, asked about on ``today``.

    Raises :class:`InputError` for an unknown drug (``drug``), an interval without a rule
    (``interval_days``), non-dates (``due``/``today``) or ``today`` before ``due`` (``today``).
    """
    drug = drug_or_input_error(drug_id)
    if isinstance(interval_days, bool) or not isinstance(interval_days, int) or interval_days < 1:
        raise InputError(
            "interval_days", f"must be a whole number of days, 1 or more, got {interval_days!r}"
        )
    due = plain_date("due", due)
    today = plain_date("today", today)
    if today < due:
        raise InputError("today", "is before the due date: the dose is not missed yet")
    rule = _rule_for(drug, interval_days)

    days_late = (today - due).days
    step = timedelta(days=interval_days)
    passed = max(0, (days_late - 1) // interval_days)  # later scheduled dates strictly before today
    counted_from = due + passed * step
    late = (today - counted_from).days
    within = rule.late_days_max is None or late <= rule.late_days_max
    action: MissedAction = rule.within if within else rule.beyond

    try:
        if action == "give-now-keep-schedule":
            next_due = due + (days_late // interval_days + 1) * step
        elif action == "skip-wait-for-next":
            next_due = due + (-(-days_late // interval_days)) * step
        else:
            next_due = today + step
    except OverflowError:
        raise InputError("today", "is too far in the future to compute the next dose") from None

    notes = list(rule.notes)
    if rule.status == "unconfirmed":
        notes.append(
            "This rule is not confirmed in the label information CalmSkin holds; check the leaflet."
        )
    if passed:
        later = ", ".join((due + i * step).isoformat() for i in range(1, passed + 1))
        notes.append(
            f"Later scheduled dates ({later}) have also passed, so more than one dose was missed. "
            f"CalmSkin applies the label's rule to the most recent one, {counted_from.isoformat()}, "
            f"which is {_days(late)} late. Check with the care team."
        )
    if days_late == 0:
        notes.append("The dose is due today: it is not late.")
    if action == "skip-wait-for-next":
        if next_due == today:
            notes.append(
                "Today is the next date on the original schedule: give that scheduled dose today "
                "(one dose), then carry on with the original schedule."
            )
        else:
            notes.append(
                f"Do not give the missed dose; give the next dose on {next_due.isoformat()}."
            )
    elif action == "give-now-restart-schedule":
        notes.append(
            f"Give the dose today; the schedule restarts from today, every {_days(interval_days)}."
        )
    else:
        gap = (next_due - today).days
        if gap < CLOSE_NEXT_DOSE_DAYS:
            notes.append(
                f"The next dose on the original schedule ({next_due.isoformat()}) is only "
                f"{_days(gap)} after today. The label says to give the missed dose and keep the "
                "schedule; CalmSkin suggests checking with the care team when two doses fall "
                "this close together."
            )

    return MissedDoseAdvice(
        drug_id=drug.id,
        interval_days=interval_days,
        due=due,
        today=today,
        action=action,
        next_due=next_due,
        days_late=days_late,
        counted_from=counted_from,
        days_late_counted=late,
        rule=rule.rule,
        source=cite(drug.sources[rule.source]),
        plain_source=drug.sources[rule.source].shown,
        status=rule.status,
        notes=tuple(notes),
    )
