"""Shared input checks for the missed-dose, storage and injection-site helpers."""

from __future__ import annotations

from datetime import date, datetime

from calmskin.core.errors import InputError
from calmskin.core.therapy.catalog import DRUG_IDS, Drug, Source, load_drug


def drug_or_input_error(drug_id: object) -> Drug:
    """The catalog entry for ``drug_id``; an unknown id is an :class:`InputError` on ``drug``."""
    if not isinstance(drug_id, str) or drug_id not in DRUG_IDS:
        raise InputError("drug", f"unknown drug {drug_id!r}; known: {', '.join(DRUG_IDS)}")
    return load_drug(drug_id)


def plain_date(field: str, value: object) -> date:
    """``value`` as a calendar date; a ``datetime`` (a subclass of ``date``) is refused."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InputError(field, f"must be a date (YYYY-MM-DD), got {value!r}")
    return value


def cite(source: Source) -> str:
    """A source as shown to people: its title and its date."""
    return f"{source.title} ({source.date})"
