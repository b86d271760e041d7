"""Treatment pages. Every view comes through the door (:func:`calmskin.web.lib.door.profile_view`,
with ``treatment_for`` or ``pen_for`` where the URL carries their id): 404 for anyone but the owner,
then 405, then the profile's time zone for the whole request, so every time a person types (an
injection, a pen out of the fridge) is read in that zone and shown back the same."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from calmskin.core.errors import InputError
from calmskin.core.therapy.sites import SITES
from calmskin.web.diary.models import Profile, Relation
from calmskin.web.lib.door import READ, READ_WRITE, WRITE, ProfileRequest, profile_view
from calmskin.web.lib.once import AlreadySaved, once, spent
from calmskin.web.treatment import selectors, services, sitemap
from calmskin.web.treatment.forms import (
    ChangePlanForm,
    DrugChoiceForm,
    EndCourseForm,
    InjectionForm,
    PenOutForm,
    StartForm,
)
from calmskin.web.treatment.models import Device, Injection, Injector, PenOut, PlanStep, Treatment

SCHEDULE_SHOWN = 8


def _already_saved(request: ProfileRequest, profile: Profile) -> HttpResponse:
    messages.info(request, _("This form was already saved; it was not saved a second time."))
    return redirect("treatment:overview", profile_uuid=profile.uuid)


def _log_rows(injections: Any) -> list[tuple[Injection, str]]:
    """Each injection with its clock time in the profile's zone. The day shown is the stored
    local day; the time is left out when the profile has since moved to a zone where that
    instant falls on another day (the entry stays on the day it was given)."""
    rows = []
    for injection in injections:
        local = timezone.localtime(injection.given_at)
        rows.append(
            (injection, local.strftime("%H:%M") if local.date() == injection.given_on else "")
        )
    return rows


@profile_view(READ)
def overview(request: ProfileRequest, profile: Profile) -> HttpResponse:
    """The treatment page: plan, label check, next dose or the missed-dose advice, log, schedule."""
    treatment = selectors.current_treatment(profile)
    context: dict[str, Any] = {"profile": profile, "treatment": treatment}
    context["ended"] = selectors.ended_treatments(profile)
    if treatment is not None:
        today = request.today
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
            "injections": _log_rows(Injection.objects.filter(treatment=treatment)[:12]),
            "pens": [
                services.pen_status(treatment, pen, timezone.now())
                for pen in services.active_pens(treatment)
            ],
            "pen_form": PenOutForm(now=timezone.now()),
        }
        lookup, band_changed = services.label_now(treatment, today)
        context["label_now"] = lookup
        context["band_changed"] = band_changed
        advice = context["advice"]
        context["sources"] = _sources_line(
            [advice.plain_source if advice is not None else None]
            + [p.advice.plain_source for p in context["pens"]]
        )
    return render(request, "treatment/overview.html", context)


def _sources_line(shown: list[str | None]) -> list[str]:
    """The page's one "Sources" line: each plain source (``Source.shown``) once, in order of
    first mention; the full cited titles stay in the data files and the CLI's JSON."""
    return list(dict.fromkeys(s for s in shown if s))


@profile_view(READ_WRITE)
def start(request: ProfileRequest, profile: Profile) -> HttpResponse:
    """Start a course: choose the medicine (and weight), see the label, record the prescription."""
    context: dict[str, Any] = {"profile": profile}
    today = request.today
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
        "today": today,
    }
    if request.method == "POST":
        form = StartForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                with once(profile, request.POST):
                    services.start_treatment(profile, form.cleaned_data, today)
            except AlreadySaved:
                return _already_saved(request, profile)
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


@profile_view(READ_WRITE, lookup=selectors.treatment_for)
def change(request: ProfileRequest, treatment: Treatment) -> HttpResponse:
    """A dated change of plan (e.g. a step-down after week 16); earlier doses stay as they were."""
    profile = treatment.profile
    context: dict[str, Any] = {"profile": profile}
    today = request.today
    course = services.course_of(treatment)
    current = course.step_on(today)
    if request.method == "POST":
        form = ChangePlanForm(request.POST, course=course, today=today)
        if form.is_valid():
            try:
                with once(profile, request.POST):
                    services.change_plan(treatment, form.cleaned_data, today)
            except AlreadySaved:
                return _already_saved(request, profile)
            messages.success(request, _("The change of plan was saved; earlier doses are kept."))
            return redirect("treatment:overview", profile_uuid=profile.uuid)
    else:
        result = services.adherence_of(treatment, today)
        nxt = result.next_due
        form = ChangePlanForm(
            course=course,
            today=today,
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


def _dose_target(treatment: Treatment, result: Any) -> tuple[Any, int, int]:
    """The dose this log is for (overdue first, else the next), how many injections remain of it
    and the milligrams per injection."""
    target = result.overdue or result.next_due
    count = target.dose.injections if target is not None else 1
    per_injection = target.dose.injection_mg if target is not None else 0
    if target is not None and target.given:  # part of the dose is logged already
        count = max(1, count - len(target.given))
    return target, count, per_injection


@profile_view(READ_WRITE, lookup=selectors.treatment_for)
def log_injection(request: ProfileRequest, treatment: Treatment) -> HttpResponse:
    """Log a dose on one screen: the loading dose's two injections get two different sites.

    The time typed is read in the profile's zone (the door); a time in the future or before the
    course started is refused; more than the plan's dose, or a site already used for this dose,
    is saved only once the person confirms it (and the confirmation is kept with the injection).
    """
    profile = treatment.profile
    today = request.today
    result = services.adherence_of(treatment, today)
    target, count, per_injection = _dose_target(treatment, result)
    default_injector = Injector.CAREGIVER if profile.relation != Relation.SELF else Injector.SELF
    injector = str(request.POST.get("injector") or default_injector)
    try:
        suggested = services.suggested_sites(treatment, injector, count)
    except InputError:  # an injector the drug's site rules do not know: no suggestion
        suggested = ()
    kwargs: dict[str, Any] = {
        "drug": treatment.drug,
        "count": count,
        "now": timezone.now(),
        "course_start": treatment.start_date,
        "records": result.records,
        "sites_on": lambda day: services.sites_logged_on(treatment, day),
    }
    if request.method == "POST":
        if spent(request.POST):
            return _already_saved(request, profile)
        form = InjectionForm(request.POST, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            entries = [
                services.InjectionEntry(data[f"site_{n}"], data["dose_mg"])
                for n in range(1, count + 1)
            ]
            try:
                with once(profile, request.POST):
                    logged = services.log_dose(
                        treatment,
                        data["given_at"],
                        entries,
                        today=today,
                        device=data["device"],
                        injector=data["injector"],
                        lot=data["lot"],
                        pain=data["pain"],
                        note=data["note"],
                        confirmed=data["confirmed"],
                    )
            except AlreadySaved:
                return _already_saved(request, profile)
            messages.success(
                request,
                _("Injection logged.")
                if count == 1
                else _("%(n)s injections logged.") % {"n": count},
            )
            if logged.restarted is not None:
                messages.info(
                    request,
                    _("As the label advises, the schedule starts again: next dose on %(date)s.")
                    % {"date": date_format(logged.restarted.from_date, "DATE_FORMAT")},
                )
            return redirect("treatment:overview", profile_uuid=profile.uuid)
    else:
        initial: dict[str, Any] = {
            "given_at": timezone.localtime().replace(tzinfo=None, second=0, microsecond=0),
            "injector": default_injector,
            "dose_mg": per_injection or None,
            "device": treatment.device,
        }
        for n, site in enumerate(suggested, start=1):
            initial[f"site_{n}"] = site
        form = InjectionForm(initial=initial, **kwargs)
    recent = services.site_history(treatment, 4)
    background, drawn = sitemap.sitemap(set(SITES), set(suggested), set(recent))
    context = {
        "profile": profile,
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


@profile_view(WRITE, lookup=selectors.treatment_for)
def skip_dose(request: ProfileRequest, treatment: Treatment) -> HttpResponse:
    """POST: the overdue dose was skipped, as the label advised; the log says so."""
    profile = treatment.profile
    result = services.adherence_of(treatment, request.today)
    overdue = result.overdue
    if overdue is not None and request.POST.get("due_on") == overdue.dose.date.isoformat():
        services.record_skip(treatment, overdue.dose.date, _("skipped as the label advises"))
        messages.success(request, _("Noted: that dose was skipped."))
    else:
        messages.error(request, _("There is no late dose to skip any more."))
    return redirect("treatment:overview", profile_uuid=profile.uuid)


@profile_view(WRITE, lookup=selectors.treatment_for)
def pen_out(request: ProfileRequest, treatment: Treatment) -> HttpResponse:
    """POST: a pen was taken out of the fridge (now, or at the time given, in the profile's zone)."""
    profile = treatment.profile
    now = timezone.now()
    form = PenOutForm(request.POST, now=now)
    if form.is_valid():
        when = form.cleaned_data["taken_out_at"] or now
        try:
            with once(profile, request.POST):
                services.take_pen_out(treatment, when, form.cleaned_data["expiry"])
        except AlreadySaved:
            return _already_saved(request, profile)
        messages.success(request, _("Noted: the pen is out of the fridge."))
    else:
        for message in form.error_sentences():
            messages.error(request, message)
    return redirect("treatment:overview", profile_uuid=profile.uuid)


@profile_view(WRITE, lookup=selectors.pen_for)
def pen_end(request: ProfileRequest, pen: PenOut) -> HttpResponse:
    """POST ``how=used`` or ``how=discarded``: the pen's clock stops."""
    how = request.POST.get("how")
    if how in ("used", "discarded"):
        services.end_pen(pen, "used" if how == "used" else "discarded", timezone.now())
    return redirect("treatment:overview", profile_uuid=pen.treatment.profile.uuid)


def _confirm_page(
    request: ProfileRequest, profile: Profile, *, title: str, text: str, button: str, **extra: Any
) -> HttpResponse:
    context = {"profile": profile, "title": title, "text": text, "button": button, **extra}
    return render(request, "treatment/confirm.html", context)


@profile_view(READ_WRITE, lookup=selectors.treatment_for)
def end_course(request: ProfileRequest, treatment: Treatment) -> HttpResponse:
    """GET asks on which day the course ended; POST records it (its history is kept)."""
    profile = treatment.profile
    if treatment.stopped_on is not None:
        messages.info(request, _("This course has already ended."))
        return redirect("treatment:overview", profile_uuid=profile.uuid)
    form = EndCourseForm(
        request.POST if request.method == "POST" else None,
        start=treatment.start_date,
        today=request.today,
        initial={"stopped_on": request.today},
    )
    if form.is_valid():
        services.end_course(treatment, form.cleaned_data["stopped_on"])
        messages.success(request, _("The course has ended; its history is kept."))
        return redirect("treatment:overview", profile_uuid=profile.uuid)
    return _confirm_page(
        request,
        profile,
        title=_("End this course of %(drug)s") % {"drug": treatment.drug_name},
        text=_(
            "Its doses, injections and side effects stay in the diary and the exports. "
            "Reminders for it stop."
        ),
        button=_("End the course"),
        form=form,
    )


@profile_view(READ_WRITE, lookup=selectors.treatment_for)
def delete_course(request: ProfileRequest, treatment: Treatment) -> HttpResponse:
    """GET asks to confirm; POST deletes a course entered by mistake, with its plan and log."""
    profile = treatment.profile
    if request.method == "POST":
        services.delete_course(treatment)
        messages.success(request, _("The course and its injection log were deleted."))
        return redirect("treatment:overview", profile_uuid=profile.uuid)
    injections = Injection.objects.filter(treatment=treatment).count()
    return _confirm_page(
        request,
        profile,
        title=_("Delete this course of %(drug)s?") % {"drug": treatment.drug_name},
        text=_(
            "Only for a course entered by mistake: its plan, its %(n)s logged injections and its "
            "pens are deleted for good. To stop a real course, end it instead."
        )
        % {"n": injections},
        button=_("Delete the course"),
        danger=True,
    )


@profile_view(READ_WRITE, lookup=selectors.injection_for)
def delete_injection(request: ProfileRequest, injection: Injection) -> HttpResponse:
    """GET asks to confirm; POST deletes an injection logged by mistake."""
    profile = injection.treatment.profile
    if request.method == "POST":
        services.delete_injection(injection)
        messages.success(request, _("The injection was deleted from the log."))
        return redirect("treatment:overview", profile_uuid=profile.uuid)
    when = date_format(timezone.localtime(injection.given_at), "DATETIME_FORMAT")
    return _confirm_page(
        request,
        profile,
        title=_("Delete this injection?"),
        text=_("%(mg)s mg at %(site)s, %(when)s. Only for an injection logged by mistake.")
        % {"mg": injection.dose_mg, "site": injection.site_label, "when": when},
        button=_("Delete the injection"),
        danger=True,
    )


@profile_view(READ_WRITE, lookup=selectors.pen_for)
def delete_pen(request: ProfileRequest, pen: PenOut) -> HttpResponse:
    """GET asks to confirm; POST deletes a pen record entered by mistake."""
    profile = pen.treatment.profile
    if request.method == "POST":
        pen.delete()
        messages.success(request, _("The pen record was deleted."))
        return redirect("treatment:overview", profile_uuid=profile.uuid)
    when = date_format(timezone.localtime(pen.taken_out_at), "DATETIME_FORMAT")
    return _confirm_page(
        request,
        profile,
        title=_("Delete this pen record?"),
        text=_("Taken out of the fridge at %(when)s. Only for a record entered by mistake.")
        % {"when": when},
        button=_("Delete the record"),
        danger=True,
    )


@profile_view(READ, lookup=selectors.treatment_for)
def level(request: ProfileRequest, treatment: Treatment) -> HttpResponse:
    """The estimated drug level from the injections logged (a model estimate, not a measurement)."""
    context = {
        "profile": treatment.profile,
        "treatment": treatment,
        "level": services.cached_drug_level(treatment, request.today),
    }
    return render(request, "treatment/level.html", context)


@profile_view(READ, lookup=selectors.treatment_for, remember=False)
def level_chart(request: ProfileRequest, treatment: Treatment) -> HttpResponse:
    """The drug-level chart as SVG (served to the owner only, never cached by shared caches)."""
    level = services.cached_drug_level(treatment, request.today)
    if level is None:
        raise Http404("no injections logged")
    title = _("%(drug)s: estimated level for a typical person of this weight") % {
        "drug": treatment.drug_name
    }
    response = HttpResponse(services.level_chart_svg(level, title), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response
