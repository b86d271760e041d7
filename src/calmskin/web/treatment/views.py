"""Treatment pages. Every view reaches its rows through an ownership helper first:
``profile_for`` (diary), ``treatment_for``; anyone but the owner gets 404 for every method (the
method is checked only after ownership, so a 405 never confirms that an id exists)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from calmskin.core.therapy.sites import SITES
from calmskin.web.diary import selectors as diary_selectors
from calmskin.web.diary.models import Profile, Relation
from calmskin.web.diary.views import _refuse_method
from calmskin.web.treatment import selectors, services, sitemap
from calmskin.web.treatment.forms import (
    ChangePlanForm,
    DrugChoiceForm,
    InjectionForm,
    PenOutForm,
    StartForm,
)
from calmskin.web.treatment.models import Device, Injection, Injector, PlanStep

READ = ("GET", "HEAD")
READ_WRITE = ("GET", "HEAD", "POST")
SCHEDULE_SHOWN = 8


def _base(request: HttpRequest, profile: Profile) -> dict[str, Any]:
    diary_selectors.choose_profile(request, profile)
    return {
        "profile": profile,
        "current_profile": profile,
        "profiles": diary_selectors.profiles_of(request.user),
    }


@login_required
def overview(request: HttpRequest, profile_uuid: UUID) -> HttpResponse:
    """The treatment page: plan, label check, next dose or the missed-dose advice, log, schedule."""
    profile = diary_selectors.profile_for(request.user, profile_uuid)
    if refused := _refuse_method(request, READ):
        return refused
    context = _base(request, profile)
    treatment = selectors.current_treatment(profile)
    context["treatment"] = treatment
    if treatment is not None:
        today = profile.local_today()
        result = services.adherence_of(treatment, today)
        steps = list(PlanStep.objects.filter(treatment=treatment))
        upcoming = [r for r in result.records if r.dose.date >= today]
        context |= {
            "today": today,
            "week": services.week_of_treatment(treatment, today),
            "steps": steps,
            "current_step": steps[-1] if steps else None,
            "adherence": result,
            "next_due": result.next_due,
            "overdue": result.overdue,
            "advice": services.advice_for_overdue(treatment, result, today),
            "schedule": upcoming[:SCHEDULE_SHOWN],
            "past": [r for r in result.records if r.dose.date < today][::-1][:SCHEDULE_SHOWN],
            "injections": list(Injection.objects.filter(treatment=treatment)[:12]),
            "pens": [
                services.pen_status(treatment, pen, timezone.now())
                for pen in services.active_pens(treatment)
            ],
            "pen_form": PenOutForm(),
        }
        lookup, band_changed = services.label_now(treatment, today)
        context["label_now"] = lookup
        context["band_changed"] = band_changed
    with timezone.override(profile.zone):  # times on the page in the profile's own zone
        return render(request, "treatment/overview.html", context)


@login_required
def start(request: HttpRequest, profile_uuid: UUID) -> HttpResponse:
    """Start a course: choose the medicine (and weight), see the label, record the prescription."""
    profile = diary_selectors.profile_for(request.user, profile_uuid)
    if refused := _refuse_method(request, READ_WRITE):
        return refused
    context = _base(request, profile)
    today = profile.local_today()
    source = request.POST if request.method == "POST" else request.GET
    choice = DrugChoiceForm(
        source if "drug" in source else None,
        initial={"weight_kg": services.latest_weight(profile)},
    )
    context["choice"] = choice
    if not choice.is_bound or not choice.is_valid():
        return render(request, "treatment/start.html", context)
    drug, weight = choice.cleaned_data["drug"], choice.cleaned_data["weight_kg"]
    lookup = services.label_for(profile, drug, weight, today)
    regimen = lookup.regimen
    label_loading = services.loading_from_label(lookup)
    kwargs: dict[str, Any] = {
        "label_loading": label_loading,
        "label_first_day": regimen.maintenance.first_day if regimen is not None else None,
    }
    if request.method == "POST":
        form = StartForm(request.POST, **kwargs)
        if form.is_valid():
            services.start_treatment(profile, form.cleaned_data, today)
            messages.success(request, _("The treatment plan was saved."))
            return redirect("treatment:overview", profile_uuid=profile.uuid)
    else:
        initial: dict[str, Any] = {
            "drug": drug,
            "weight_kg": weight,
            "start_date": today,
            "device": Device.PEN,
            "loading": "label" if label_loading else "none",
        }
        if regimen is not None:
            m = regimen.maintenance
            initial |= {
                "dose_mg": m.dose_mg,
                "interval_days": m.interval_days,
                "injections": m.injections,
            }
        form = StartForm(initial=initial, **kwargs)
    context |= {"form": form, "lookup": lookup, "drug": drug}
    return render(request, "treatment/start.html", context)


@login_required
def change(request: HttpRequest, treatment_uuid: UUID) -> HttpResponse:
    """A dated change of plan (e.g. a step-down after week 16); earlier doses stay as they were."""
    treatment = selectors.treatment_for(request.user, treatment_uuid)
    if refused := _refuse_method(request, READ_WRITE):
        return refused
    profile = treatment.profile
    context = _base(request, profile)
    today = profile.local_today()
    course = services.course_of(treatment)
    current = course.step_on(today)
    if request.method == "POST":
        form = ChangePlanForm(request.POST, course=course)
        if form.is_valid():
            services.change_plan(treatment, form.cleaned_data, today)
            messages.success(request, _("The change of plan was saved; earlier doses are kept."))
            return redirect("treatment:overview", profile_uuid=profile.uuid)
    else:
        result = services.adherence_of(treatment, today)
        nxt = result.next_due
        form = ChangePlanForm(
            course=course,
            initial={
                "from_date": nxt.dose.date if nxt is not None else today,
                "dose_mg": current.dose_mg,
                "interval_days": current.interval_days,
                "injections": current.injections,
            },
        )
    lookup, _changed = services.label_now(treatment, today)
    context |= {"treatment": treatment, "form": form, "lookup": lookup, "current": current}
    return render(request, "treatment/change.html", context)


@login_required
def log_injection(request: HttpRequest, treatment_uuid: UUID) -> HttpResponse:
    """Log a dose on one screen: the loading dose's two injections get two different sites."""
    treatment = selectors.treatment_for(request.user, treatment_uuid)
    if refused := _refuse_method(request, READ_WRITE):
        return refused
    profile = treatment.profile
    context = _base(request, profile)
    today = profile.local_today()
    result = services.adherence_of(treatment, today)
    target = result.overdue or result.next_due
    count = target.dose.injections if target is not None else 1
    per_injection = target.dose.injection_mg if target is not None else 0
    if target is not None and target.given:  # part of the dose is logged already
        count = max(1, count - len(target.given))
    default_injector = Injector.CAREGIVER if profile.relation != Relation.SELF else Injector.SELF
    injector = str(request.POST.get("injector") or default_injector)
    try:
        suggested = services.suggested_sites(treatment, injector, count)
    except Exception:
        suggested = ()
    kwargs: dict[str, Any] = {"drug": treatment.drug, "count": count}
    advice = services.advice_for_overdue(treatment, result, today)
    if request.method == "POST":
        form = InjectionForm(request.POST, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            given_at = (
                timezone.make_aware(data["given_at"], profile.zone)
                if timezone.is_naive(data["given_at"])
                else data["given_at"]
            )
            entries = [
                services.InjectionEntry(data[f"site_{n}"], data["dose_mg"])
                for n in range(1, count + 1)
            ]
            services.log_injections(
                treatment,
                given_at,
                entries,
                device=data["device"],
                injector=data["injector"],
                lot=data["lot"],
                pain=data["pain"],
                note=data["note"],
            )
            messages.success(
                request,
                _("Injection logged.")
                if count == 1
                else _("%(n)s injections logged.") % {"n": count},
            )
            given_on = timezone.localtime(given_at, profile.zone).date()
            if (
                advice is not None
                and advice.action == "give-now-restart-schedule"
                and result.overdue is not None
                and given_on > result.overdue.dose.date
            ):
                step = services.restart_schedule(
                    treatment, given_on, _("new schedule from a late dose, as the label advises")
                )
                messages.info(
                    request,
                    _("As the label advises, the schedule starts again: next dose on %(date)s.")
                    % {"date": date_format(step.from_date, "DATE_FORMAT")},
                )
            return redirect("treatment:overview", profile_uuid=profile.uuid)
    else:
        initial: dict[str, Any] = {
            "given_at": timezone.localtime(timezone.now(), profile.zone).replace(tzinfo=None),
            "injector": default_injector,
            "dose_mg": per_injection or None,
            "device": treatment.device,
        }
        for n, site in enumerate(suggested, start=1):
            initial[f"site_{n}"] = site
        form = InjectionForm(initial=initial, **kwargs)
    recent = services.site_history(treatment, 4)
    background, drawn = sitemap.sitemap(set(SITES), set(suggested), set(recent))
    context |= {
        "treatment": treatment,
        "form": form,
        "target": target,
        "suggested": [SITES[s].label for s in suggested],
        "count": count,
        "site_history": [SITES[s].label for s in recent[::-1]],
        "viewbox": sitemap.VIEWBOX,
        "background": background,
        "sites": drawn,
        "suggested_ids": set(suggested),
        "recent_ids": set(recent),
    }
    return render(request, "treatment/inject.html", context)


@login_required
def skip_dose(request: HttpRequest, treatment_uuid: UUID) -> HttpResponse:
    """POST: the overdue dose was skipped, as the label advised; the log says so."""
    treatment = selectors.treatment_for(request.user, treatment_uuid)
    if refused := _refuse_method(request, ("POST",)):
        return refused
    profile = treatment.profile
    today = profile.local_today()
    result = services.adherence_of(treatment, today)
    overdue = result.overdue
    if overdue is not None and request.POST.get("due_on") == overdue.dose.date.isoformat():
        services.record_skip(treatment, overdue.dose.date, _("skipped as the label advises"))
        messages.success(request, _("Noted: that dose was skipped."))
    else:
        messages.error(request, _("There is no late dose to skip any more."))
    return redirect("treatment:overview", profile_uuid=profile.uuid)


@login_required
def pen_out(request: HttpRequest, treatment_uuid: UUID) -> HttpResponse:
    """POST: a pen was taken out of the fridge (now, or at the time given)."""
    treatment = selectors.treatment_for(request.user, treatment_uuid)
    if refused := _refuse_method(request, ("POST",)):
        return refused
    profile = treatment.profile
    form = PenOutForm(request.POST)
    if form.is_valid():
        when = form.cleaned_data["taken_out_at"]
        if when is None:
            when = timezone.now()
        elif timezone.is_naive(when):
            when = timezone.make_aware(when, profile.zone)
        if when > timezone.now() + timedelta(minutes=5):
            messages.error(request, _("The time taken out cannot be in the future."))
        else:
            services.take_pen_out(treatment, when, form.cleaned_data["expiry"])
            messages.success(request, _("Noted: the pen is out of the fridge."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("treatment:overview", profile_uuid=profile.uuid)


@login_required
def pen_end(request: HttpRequest, pen_uuid: UUID) -> HttpResponse:
    """POST ``how=used`` or ``how=discarded``: the pen's clock stops."""
    pen = selectors.pen_for(request.user, pen_uuid)
    if refused := _refuse_method(request, ("POST",)):
        return refused
    how = request.POST.get("how")
    if how in ("used", "discarded"):
        services.end_pen(pen, "used" if how == "used" else "discarded", timezone.now())
    return redirect("treatment:overview", profile_uuid=pen.treatment.profile.uuid)


@login_required
def level(request: HttpRequest, treatment_uuid: UUID) -> HttpResponse:
    """The estimated drug level from the injections logged (a model estimate, not a measurement)."""
    treatment = selectors.treatment_for(request.user, treatment_uuid)
    if refused := _refuse_method(request, READ):
        return refused
    profile = treatment.profile
    context = _base(request, profile)
    today = profile.local_today()
    context |= {"treatment": treatment, "level": services.cached_drug_level(treatment, today)}
    return render(request, "treatment/level.html", context)


@login_required
def level_chart(request: HttpRequest, treatment_uuid: UUID) -> HttpResponse:
    """The drug-level chart as SVG (served to the owner only, never cached by shared caches)."""
    treatment = selectors.treatment_for(request.user, treatment_uuid)
    if refused := _refuse_method(request, READ):
        return refused
    level = services.cached_drug_level(treatment, treatment.profile.local_today())
    if level is None:
        raise Http404("no injections logged")
    title = _("%(drug)s: estimated level for a typical person of this weight") % {
        "drug": treatment.drug_name
    }
    response = HttpResponse(services.level_chart_svg(level, title), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response
