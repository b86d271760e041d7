"""The baseline form: only the measures without a baseline in the diary, each optional.

An empty box means "no entered baseline" (an earlier entry is removed). A value outside the range
comes back with the message next to its field and everything typed kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

QOL_NAMES = {"dlqi": "DLQI", "cdlqi": "CDLQI", "idqol": "IDQOL"}


def _whole(label: Any, top: int, help_text: Any) -> forms.IntegerField:
    message = _("Enter a whole number from 0 to %(top)s.") % {"top": top}
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=top,
        help_text=help_text,
        error_messages={"invalid": message, "min_value": message, "max_value": message},
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


def _itch() -> forms.DecimalField:
    message = _("Enter a number from 0 to 10, with at most one decimal (for example 7.5).")
    return forms.DecimalField(
        label=_("Worst itch: the average of the week before the first dose (0–10)"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(10),
        max_digits=3,
        decimal_places=1,
        help_text=_("0 is no itch, 10 the worst itch you can imagine."),
        error_messages={
            "invalid": message,
            "min_value": message,
            "max_value": message,
            "max_digits": message,
            "max_decimal_places": message,
            "max_whole_digits": message,
        },
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.1"}),
    )


class BaselineForm(forms.Form):
    """Fields for ``measures`` (a subset of poem, itch, qol) in that order."""

    def __init__(
        self,
        *args: Any,
        measures: tuple[str, ...],
        qol_instrument: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: Mapping[str, Any] = {
            "poem": lambda: _whole(
                _("POEM total (0–28)"),
                28,
                _("From a POEM filled in on paper or at the clinic before the first dose."),
            ),
            "itch": _itch,
            "qol": lambda: _whole(
                _("%(name)s total (0–30)") % {"name": QOL_NAMES[qol_instrument]},
                30,
                _("From a questionnaire filled in before the first dose."),
            ),
        }
        for measure in measures:
            self.fields[measure] = fields[measure]()
