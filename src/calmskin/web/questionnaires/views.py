"""Questionnaire pages: authorize (the door) -> parse (forms) -> score and save (services) -> render.

Every page comes through :func:`calmskin.web.lib.door.profile_view` (the profile, or the response
through ``selectors.response_for``): 404 for anyone but the owner, then 405, then the profile's
time zone for the request.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from calmskin.core.instruments.base import fmt
from calmskin.core.instruments.registry import get
from calmskin.web.diary.models import Profile
from calmskin.web.lib.door import READ, READ_WRITE, ProfileRequest, profile_view
from calmskin.web.lib.once import AlreadySaved, once
from calmskin.web.questionnaires import forms, schedule, selectors, services
from calmskin.web.questionnaires.models import Instrument, QuestionnaireResponse

HISTORY_LENGTH = 50


def due_context(profile: Profile) -> dict[str, Any]:
    """The "what is due" list for a profile (also used by the diary's today page)."""
    today = profile.local_today()
    plans = schedule.plan(profile, today, selectors.last_done(profile))
    return {
        "profile": profile,
        "plans": [{"plan": p, "title": forms.TITLES[p.instrument]} for p in plans],
        "any_due": any(p.due for p in plans),
    }


@profile_view(READ)
def questionnaire_list(request: ProfileRequest, profile: Profile) -> HttpResponse:
    responses = selectors.responses_of(profile)[:HISTORY_LENGTH]
    context = {
        **due_context(profile),
        "responses": [
            {"r": r, "score": _score_text(r.score), "band": _band_label(r)} for r in responses
        ],
    }
    return render(request, "questionnaires/list.html", context)


def _score_text(score: Any) -> str | None:
    return None if score is None else fmt(score)


@profile_view(READ_WRITE)
def questionnaire_fill(request: ProfileRequest, profile: Profile, instrument: str) -> HttpResponse:
    if instrument not in Instrument.values:
        raise Http404("no such questionnaire")
    today = request.today
    fitting = schedule.fitting_instruments(profile, today)
    context: dict[str, Any] = {
        "profile": profile,
        "instrument": instrument,
        "title": forms.TITLES[instrument],
    }
    if instrument not in fitting:
        # Refuse (never silently swap): say why and offer the questionnaire that fits the age.
        qol = [i for i in fitting if i in schedule.QOL_INSTRUMENTS]
        context["suggested"] = [{"id": i, "title": forms.TITLES[i]} for i in qol or fitting]
        status = 400 if request.method == "POST" else 200
        return render(request, "questionnaires/wrong_age.html", context, status=status)
    prompts = forms.prompt_set(instrument)
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    respondent = forms.default_respondent(profile)
    if request.method == "POST":
        filled = forms.fill(instrument, prompts, request.POST)
        if filled.result is not None and not filled.errors:
            try:
                with once(profile, request.POST):
                    saved = services.save_response(
                        profile, instrument, filled.raw, filled.respondent, today, filled.result
                    )
            except AlreadySaved:
                messages.info(
                    request, _("This questionnaire was already saved; it was not saved twice.")
                )
                return redirect("questionnaires:list", profile_uuid=profile.uuid)
            messages.success(request, _("Questionnaire saved."))
            return redirect("questionnaires:response", response_uuid=saved.uuid)
        errors = filled.errors
        values = forms.posted_values(prompts, filled.raw)
        respondent = filled.respondent
    context.update(
        {
            "prompts": prompts,
            "copyright": forms.COPYRIGHT[instrument],
            "questions": forms.questions(instrument, prompts, values, errors),
            "respondent_options": forms.respondent_options(respondent),
            "respondent_error": errors.get("respondent"),
            "has_errors": bool(errors),
            "day": today,
        }
    )
    return render(request, "questionnaires/fill.html", context, status=400 if errors else 200)


@profile_view(READ, lookup=selectors.response_for)
def questionnaire_response(
    request: ProfileRequest, response: QuestionnaireResponse
) -> HttpResponse:
    core = get(response.instrument)
    details = response.rescore().details  # re-scored on demand for the notes; score is stored
    context = {
        "profile": response.profile,
        "response": response,
        "title": forms.TITLES.get(response.instrument, response.instrument),
        "score": _score_text(response.score),
        "score_max": fmt(core.score_max),
        "band_label": _band_label(response),
        "missing_note": details.get("missing_note"),
        "severity": details.get("severity"),
        "no_bands": not core.band_sets,
    }
    return render(request, "questionnaires/response.html", context)


def _band_label(response: QuestionnaireResponse) -> str | None:
    """The core's label of the stored band (``severe`` -> ``Severe``)."""
    band: str = response.band
    if not band or not response.band_set:
        return None
    band_set = get(response.instrument).band_sets.get(response.band_set)
    if band_set is None:
        return band
    return next((b.label for b in band_set.bands if b.id == band), band)
