"""Questionnaire pages: authorize (selectors) -> parse (forms) -> score and save (services) -> render.

Every page takes a public UUID and resolves it through ``diary.selectors.profile_for`` or
``questionnaires.selectors.response_for``, which answer 404 for anyone but the owner; the method
check comes after it, so a non-owner gets the same 404 for every method.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from calmskin.core.instruments.base import fmt
from calmskin.core.instruments.registry import get
from calmskin.web.diary import selectors as diary_selectors
from calmskin.web.diary.models import Profile
from calmskin.web.questionnaires import forms, schedule, selectors, services
from calmskin.web.questionnaires.models import Instrument, QuestionnaireResponse

HISTORY_LENGTH = 50
READ = ("GET", "HEAD")
READ_WRITE = ("GET", "HEAD", "POST")


def _refuse_method(request: HttpRequest, allowed: tuple[str, ...]) -> HttpResponse | None:
    return None if request.method in allowed else HttpResponseNotAllowed(allowed)


def _base(request: HttpRequest, profile: Profile) -> dict[str, Any]:
    return {
        "current_profile": profile,
        "profiles": diary_selectors.profiles_of(request.user),
        "profile": profile,
    }


def due_context(profile: Profile) -> dict[str, Any]:
    """The "what is due" list for a profile (also used by the diary's today page)."""
    today = profile.local_today()
    plans = schedule.plan(profile, today, selectors.last_done(profile))
    return {
        "profile": profile,
        "plans": [{"plan": p, "title": forms.TITLES[p.instrument]} for p in plans],
        "any_due": any(p.due for p in plans),
    }


@login_required
def questionnaire_list(request: HttpRequest, profile_uuid: UUID) -> HttpResponse:
    profile = diary_selectors.profile_for(request.user, profile_uuid)
    if refused := _refuse_method(request, READ):
        return refused
    diary_selectors.choose_profile(request, profile)
    responses = selectors.responses_of(profile)[:HISTORY_LENGTH]
    context = {
        **_base(request, profile),
        **due_context(profile),
        "responses": [
            {"r": r, "score": _score_text(r.score), "band": _band_label(r)} for r in responses
        ],
    }
    return render(request, "questionnaires/list.html", context)


def _score_text(score: Any) -> str | None:
    return None if score is None else fmt(score)


@login_required
def questionnaire_fill(request: HttpRequest, profile_uuid: UUID, instrument: str) -> HttpResponse:
    profile = diary_selectors.profile_for(request.user, profile_uuid)
    if refused := _refuse_method(request, READ_WRITE):
        return refused
    if instrument not in Instrument.values:
        raise Http404("no such questionnaire")
    today = profile.local_today()
    fitting = schedule.fitting_instruments(profile, today)
    context: dict[str, Any] = {
        **_base(request, profile),
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
            saved = services.save_response(
                profile, instrument, filled.raw, filled.respondent, today, filled.result
            )
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


@login_required
def questionnaire_response(request: HttpRequest, response_uuid: UUID) -> HttpResponse:
    response = selectors.response_for(request.user, response_uuid)
    if refused := _refuse_method(request, READ):
        return refused
    profile = response.profile
    core = get(response.instrument)
    details = response.rescore().details  # re-scored on demand for the notes; score is stored
    context = {
        **_base(request, profile),
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
