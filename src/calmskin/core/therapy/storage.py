"""Room temperature after the fridge: until when a pen or syringe that came out may be used.

Facts come from each drug's data file (``[storage.<region>]``: ``max_temp_c`` and ``max_days``,
each a sourced value with a status, ``None`` when the file does not specify it):

* dupilumab (shared reference section 2.4; EU product site and package leaflet, confirmed; US
  tagged secondary): up to 25 degrees C for at most 14 days, never back in the fridge, discard if
  not used within 14 days.
* tralokinumab (section 3.2): EU package leaflet, up to 25 degrees C for at most 14 days, never back
  in the fridge; the current US limit is unconfirmed (30 degrees C in the 2023 label, 25 degrees C
  on the current HCP site), so CalmSkin gives no US use-by time.
* lebrikizumab (section 4.2): EU package leaflet, below 30 degrees C, use within 7 days, never back
  in the fridge; US limit unconfirmed (label section 16 not retrieved).
* nemolizumab (section 5.2; US HCP site, secondary): up to 25 degrees C for a single period of up to
  90 days, within the expiry date.

Test vectors 32-35 of the reference (section 10.3) are in ``tests/core/therapy/test_storage.py``.

Documented choices:

* "14 days" means 14 calendar days on the person's own clock, in the zone of ``taken_out``: a
  pen out at 06:00 is used by 06:00 fourteen days later, across a daylight-saving change too
  (America/New_York, out on 2027-03-13 at 06:00 EST: use by 2027-03-27 at 06:00 EDT; Europe/Paris,
  out on 2025-03-20 at 08:00 CET: use by 2025-04-03 at 08:00 CEST). The labels count days, and a
  person reads and remembers the clock time they typed; the hour a DST change adds or removes is
  within the label's margin. A wall time that does not exist that day (in the spring gap) moves
  forward to the time that does. ``use_by`` is the last moment it may be used:
  :meth:`StorageAdvice.expired` is true strictly after it.
* ``taken_out`` must carry a time zone or UTC offset; a naive time is refused (``taken_out``).
* The expiry date on the carton caps ``use_by`` at the end of that day (23:59:59 in the zone of
  ``taken_out``), for every drug (nemolizumab's label says "within the expiry date"; no medicine is
  used after it). For a month-only expiry pass the last day of the month.
* A value with status ``unconfirmed`` is never used or shown as fact: when ``max_days`` is
  unconfirmed or absent, ``use_by`` is ``None`` and ``message`` says the limit is "not specified by
  the label information CalmSkin holds; check the leaflet". A region whose whole rule is
  ``unconfirmed`` shows none of its values or rule text as fact, even a value tagged ``secondary``
  (tralokinumab US: the 14 days are secondary, but the rule as a whole is not confirmed for the
  current label). Stored unconfirmed values and text appear only under ``unconfirmed_note``,
  labelled as such.
* The fridge basics (``[storage.<region>] basics``: 2 to 8 degrees C, in the carton to protect
  from light, never frozen, never shaken; every label's storage section, per the team's safety
  review of 2026-12) are a fact of their own: :attr:`StorageAdvice.basics` gives them for every drug
  and region even where the room-temperature rule is unconfirmed (tralokinumab US, lebrikizumab
  US, nemolizumab EU), whose limit stays unshown.
* ``back_in_fridge`` is ``False`` when the data does not say otherwise: CalmSkin never suggests
  putting a pen back in the fridge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal, TypeAlias

from calmskin.core.errors import InputError
from calmskin.core.therapy._lookup import cite, drug_or_input_error, plain_date
from calmskin.core.therapy.catalog import REGIONS, CatalogError, Fact, Status

StorageStatus: TypeAlias = Status | Literal["not-specified"]

NOT_SPECIFIED = "not specified by the label information CalmSkin holds; check the leaflet"
"""The message for a limit CalmSkin cannot give as fact."""


@dataclass(frozen=True)
class StorageAdvice:
    drug_id: str
    region: str
    taken_out: datetime
    expiry: date | None
    max_temp_c: int | float | None
    """The room-temperature ceiling in degrees C, or ``None`` when not specified as fact."""
    max_days: int | None
    """Days allowed out of the fridge, or ``None`` when not specified as fact."""
    use_by: datetime | None
    """The last moment it may be used (zone of ``taken_out``); ``None`` when not specified."""
    capped_by_expiry: bool
    expiry_limit: datetime | None
    """The end of the expiry day, when an expiry date was given."""
    back_in_fridge: bool
    rules: tuple[str, ...]
    status: StorageStatus
    source: str | None
    message: str
    unconfirmed_note: str | None = None
    basics: tuple[str, ...] = ()
    """The fridge basics (2-8 degrees C, in the carton away from light, never frozen, never
    shaken), shown for every drug and region whose data holds them as fact, even when the
    room-temperature rule itself is unconfirmed."""
    basics_source: str | None = None
    plain_source: str | None = None
    """The room-temperature rule's source as patient pages name it: plain document name and date
    (``Source.shown``); ``source`` keeps the full cited title for the CLI."""

    @property
    def use_by_date(self) -> date | None:
        return None if self.use_by is None else self.use_by.date()

    def expired(self, now: datetime) -> bool | None:
        """Whether it is past its room-temperature use-by time (or its expiry) at ``now``.

        ``None`` means CalmSkin cannot tell (limit not specified, expiry not passed or not given):
        it is never "fine" by default. ``now`` must carry a time zone.
        """
        _aware("now", now)
        if self.use_by is not None:
            return _utc(now) > _utc(self.use_by)
        if self.expiry_limit is not None and _utc(now) > _utc(self.expiry_limit):
            return True
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "drug": self.drug_id,
            "region": self.region,
            "taken_out": self.taken_out.isoformat(),
            "expiry": None if self.expiry is None else self.expiry.isoformat(),
            "max_temp_c": self.max_temp_c,
            "max_days": self.max_days,
            "use_by": None if self.use_by is None else self.use_by.isoformat(),
            "use_by_date": None if self.use_by_date is None else self.use_by_date.isoformat(),
            "capped_by_expiry": self.capped_by_expiry,
            "back_in_fridge": self.back_in_fridge,
            "rules": list(self.rules),
            "status": self.status,
            "source": self.source,
            "message": self.message,
            "unconfirmed_note": self.unconfirmed_note,
            "basics": list(self.basics),
            "basics_source": self.basics_source,
            "plain_source": self.plain_source,
        }


def _utc(moment: datetime) -> datetime:
    """Compare instants in UTC: Python compares two datetimes sharing a tzinfo by wall clock."""
    return moment.astimezone(UTC)


def _aware(field: str, value: object) -> datetime:
    if not isinstance(value, datetime):
        raise InputError(field, f"must be a date and time with a UTC offset, got {value!r}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise InputError(
            field,
            "needs a time zone or UTC offset (for example 2026-11-25T08:00+01:00)",
        )
    return value


def _number(fact: Fact, where: str) -> int | float:
    value = fact.value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CatalogError(f"{where}: must be a number, not {value!r}")
    return value


def _unconfirmed(label: str, fact: Fact | None, unit: str, rule_is_fact: bool) -> str | None:
    """The stored value of ``fact`` for ``unconfirmed_note`` when it cannot be shown as fact."""
    if fact is None or (fact.is_fact and rule_is_fact):
        return None
    note = f" ({fact.note})" if fact.note else ""
    return f"{label} {fact.value}{unit}{note}"


def room_temperature_limit(
    drug_id: str, region: str, taken_out: datetime, expiry: date | None = None
) -> StorageAdvice:
    """Until when a pen or syringe of ``drug_id`` that left the fridge at ``taken_out`` may be used
    under the ``region`` label (``US`` or ``EU``), capped by ``expiry`` when given."""
    drug = drug_or_input_error(drug_id)
    if not isinstance(region, str) or region.upper() not in REGIONS:
        raise InputError("region", f"must be one of {', '.join(REGIONS)}, got {region!r}")
    region = region.upper()
    taken_out = _aware("taken_out", taken_out)
    if expiry is not None:
        expiry = plain_date("expiry", expiry)
    zone = taken_out.tzinfo

    expiry_limit = None
    if expiry is not None:
        expiry_limit = datetime.combine(expiry, time(23, 59, 59), tzinfo=zone)

    rule = drug.storage.get(region)
    where = f"{drug.id}.toml: storage.{region}"
    days_fact = rule.max_days if rule is not None else None
    temp_fact = rule.max_temp_c if rule is not None else None
    rule_is_fact = rule is not None and rule.status != "unconfirmed"
    max_days = None
    if rule_is_fact and days_fact is not None and days_fact.is_fact:
        value = _number(days_fact, f"{where}.max_days")
        if not isinstance(value, int) or value < 0:
            raise CatalogError(f"{where}.max_days: must be a whole number of days")
        max_days = value
    max_temp_c = None
    if rule_is_fact and temp_fact is not None and temp_fact.is_fact:
        max_temp_c = _number(temp_fact, f"{where}.max_temp_c")

    use_by = None
    capped = False
    if max_days is not None:
        try:
            wall = taken_out.astimezone(zone) + timedelta(days=max_days)  # same clock time
            use_by = wall.astimezone(UTC).astimezone(zone)  # a time in the DST gap moves on
        except OverflowError:
            raise InputError("taken_out", "is too far in the future") from None
        if expiry_limit is not None and _utc(expiry_limit) < _utc(use_by):
            use_by, capped = expiry_limit, True

    gaps = [
        note
        for note in (
            _unconfirmed("room-temperature limit", temp_fact, " degrees C", rule_is_fact),
            _unconfirmed("days out of the fridge:", days_fact, "", rule_is_fact),
        )
        if note is not None
    ]
    parts = ["Unconfirmed, not shown as fact: " + "; ".join(gaps) + "."] if gaps else []
    if rule is not None and not rule_is_fact and rule.rules:
        parts.append("Unconfirmed rule text: " + " ".join(rule.rules))
    unconfirmed_note = " ".join(parts) or None

    basics_fact = rule.basics if rule is not None else None
    basics: tuple[str, ...] = ()
    basics_source = None
    if basics_fact is not None and basics_fact.is_fact:
        basics = tuple(str(line) for line in basics_fact.value)
        basics_source = cite(drug.sources[basics_fact.source])

    name = drug.names.get(region, drug.inn)
    if use_by is None:
        message = f"How long {name} may stay at room temperature ({region}) is {NOT_SPECIFIED}."
        if expiry_limit is not None:
            message += f" Do not use it after the expiry date, {expiry_limit.date().isoformat()}."
    else:
        stamp = use_by.strftime("%Y-%m-%d %H:%M %z")
        if capped and _utc(use_by) < _utc(taken_out):
            message = f"The expiry date ({use_by.date().isoformat()}) has passed: do not use it."
        elif capped:
            message = (
                f"Use by {stamp}: the end of the expiry date comes before the end of the "
                f"{max_days}-day room-temperature period."
            )
        else:
            message = f"Use by {stamp}: {max_days} days after it came out of the fridge."
        if max_temp_c is None:
            message += f" The temperature limit is {NOT_SPECIFIED}."
        if not (rule is not None and rule.back_in_fridge):
            message += " Do not put it back in the fridge."

    return StorageAdvice(
        drug_id=drug.id,
        region=region,
        taken_out=taken_out,
        expiry=expiry,
        max_temp_c=max_temp_c,
        max_days=max_days,
        use_by=use_by,
        capped_by_expiry=capped,
        expiry_limit=expiry_limit,
        back_in_fridge=bool(rule is not None and rule.back_in_fridge),
        rules=rule.rules if rule is not None and rule_is_fact else (),
        status=rule.status if rule is not None else "not-specified",
        source=cite(drug.sources[rule.source]) if rule is not None else None,
        message=message,
        unconfirmed_note=unconfirmed_note,
        basics=basics,
        basics_source=basics_source,
        plain_source=drug.sources[rule.source].shown if rule is not None else None,
    )
