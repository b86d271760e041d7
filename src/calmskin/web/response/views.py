"""'Is it working?' for one course: baseline against now, adherence, and trial results for context.

The treatment comes through the door (:func:`calmskin.web.lib.door.profile_view` with
``treatment_for``): 404 for anyone but the owner, then 405, then the profile's time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from calmskin.core import response as core
from calmskin.core.instruments.base import fmt
from calmskin.web.lib.door import READ_WRITE, ProfileRequest, profile_view
from calmskin.web.response import selectors, services
from calmskin.web.response.forms import QOL_NAMES, BaselineForm
from calmskin.web.treatment import selectors as treatment_selectors
from calmskin.web.treatment.models import Treatment
from calmskin.web.treatment.services import adherence_of


@dataclass(frozen=True)
class Row:
    """One measure as the page shows it (numbers already in their canonical text)."""

    measure: str
    name: str
    result: core.MeasureResult
    baseline: str | None
    current: str | None
    fall: str | None
    threshold: str | None
    min_baseline: str | None
    entered: bool


def _name(measure: str, instrument: str) -> str:
    if measure == "poem":
        return "POEM"
    if measure == "itch":
        return _("Worst itch (7-day average)")
    return QOL_NAMES.get(instrument, instrument.upper())


def _row(result: core.MeasureResult) -> Row:
    change = result.change
    rule = result.rule
    return Row(
        measure=result.measure,
        name=_name(result.measure, result.instrument),
        result=result,
        baseline=fmt(result.baseline.value) if result.baseline else None,
        current=fmt(result.current.value) if result.current else None,
        fall=fmt(abs(change.absolute_change)) if change is not None else None,
        threshold=fmt(rule.threshold) if rule is not None else None,
        min_baseline=fmt(rule.min_baseline) if rule and rule.min_baseline is not None else None,
        entered=result.baseline is not None and result.baseline.origin == "entered",
    )


@profile_view(READ_WRITE, lookup=treatment_selectors.treatment_for)
def response_page(request: ProfileRequest, treatment: Treatment) -> HttpResponse:
    profile = treatment.profile
    today = request.today
    trials = selectors.trial_context(treatment.drug)
    context: dict[str, Any] = {
        "profile": profile,
        "treatment": treatment,
        "today": today,
        "decision_week": core.DECISION_WEEK,
        "week": None,
        "assessment": None,
        "trials": trials,
        "sources": selectors.trial_sources(trials),
    }
    if today < treatment.start_date:  # a course recorded ahead of its first dose
        if request.method == "POST":
            return redirect("response:page", treatment_uuid=treatment.uuid)
        return render(request, "response/page.html", context)

    instruments = selectors.instruments_for(treatment, today)
    assessment = selectors.assessment(treatment, today)
    from_diary = {
        m.measure for m in assessment.measures if m.baseline and m.baseline.origin == "diary"
    }
    offered = tuple(m for m in core.MEASURES if m not in from_diary)
    entered = selectors.entered_baselines(treatment, today)
    form_kwargs: dict[str, Any] = {"measures": offered, "qol_instrument": instruments["qol"]}
    if request.method == "POST":
        form = BaselineForm(request.POST, **form_kwargs)
        if form.is_valid():
            services.save_baselines(treatment, form.cleaned_data, instruments)
            messages.success(request, _("The baseline was saved."))
            return redirect("response:page", treatment_uuid=treatment.uuid)
    else:
        form = BaselineForm(
            initial={m: fmt(entered[m].value) for m in offered if m in entered}, **form_kwargs
        )
    rows = [_row(m) for m in assessment.measures]
    # the thresholds' own sources join the page's one Sources line (each once)
    rule_sources = [
        rule.source
        for m in assessment.measures
        if m.change is not None
        for rule in (m.rule, m.upper_rule)
        if rule is not None and rule.source
    ]
    context["sources"] = list(dict.fromkeys([*context["sources"], *rule_sources]))
    context |= {
        "assessment": assessment,
        "week": assessment.week,
        "rows": rows,
        "form": form,
        "offered": offered,
        "adherence": adherence_of(treatment, today).counts,
        "qol_instrument": instruments["qol"],
    }
    return render(request, "response/page.html", context)
