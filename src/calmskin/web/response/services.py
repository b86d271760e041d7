"""Writes of the response app: the baselines a person enters (one per course and measure)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction

from calmskin.web.response.models import Baseline
from calmskin.web.treatment.models import Treatment


@transaction.atomic
def save_baselines(
    treatment: Treatment, values: Mapping[str, Decimal | None], instruments: Mapping[str, str]
) -> None:
    """Store (or replace) each entered value, dated the first-dose day; an empty one removes it.

    ``values`` holds only the measures the form offered (those without a baseline in the diary).
    """
    for measure, value in values.items():
        if value is None:
            Baseline.objects.filter(treatment=treatment, measure=measure).delete()
            continue
        Baseline.objects.update_or_create(
            treatment=treatment,
            measure=measure,
            defaults={
                "instrument": instruments[measure],
                "value": value,
                "entered_on": treatment.start_date,
            },
        )
