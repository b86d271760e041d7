"""Diary pages: parse -> authorize (the door) -> save (services) -> render. Nothing else here.

Every view that touches patient data comes through :func:`calmskin.web.lib.door.profile_view`:
404 for anyone but the owner, then 405, then the profile's time zone for the whole request.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from calmskin.core import bodymap as bodymap_core
from calmskin.web.diary import bodymap, selectors, services
from calmskin.web.diary.forms import CheckInForm, ProfileForm, time_zone_names
from calmskin.web.diary.models import CheckIn, Profile, WeightEntry
from calmskin.web.lib.door import (
    READ,
    READ_WRITE,
    WRITE,
    ProfileRequest,
    account_view,
    profile_view,
)
from calmskin.web.lib.ownership import choose_profile, chosen_profile

HISTORY_LENGTH = 30


@account_view(READ)
def today_redirect(request: HttpRequest) -> HttpResponse:
    """``/diary/``: today's check-in for the chosen profile (or add a first profile)."""
    profile = chosen_profile(request)
    if profile is None:
        return redirect("diary:profile-add")
    return redirect("diary:today", profile_uuid=profile.uuid)


@account_view(READ)
def profile_list(request: HttpRequest) -> HttpResponse:
    return render(request, "diary/profile_list.html")


def _profile_form_page(request: HttpRequest, profile: Profile | None) -> HttpResponse:
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=profile)
        if form.is_valid():
            saved = services.save_profile(
                request.user, profile, form.cleaned_data, form.cleaned_data.get("weight_kg")
            )
            choose_profile(request, saved)
            messages.success(request, _("Profile saved."))
            return redirect("diary:profiles")
    else:
        initial = {}
        if profile is not None:
            latest = WeightEntry.objects.filter(profile=profile).first()
            if latest is not None:
                initial["weight_kg"] = latest.weight_kg
        form = ProfileForm(instance=profile, initial=initial)
    context = {
        "form": form,
        "profile": profile,
        "time_zones": time_zone_names(),
    }
    return render(request, "diary/profile_form.html", context)


@account_view(READ_WRITE)
def profile_add(request: HttpRequest) -> HttpResponse:
    return _profile_form_page(request, None)


@profile_view(READ_WRITE)
def profile_edit(request: ProfileRequest, profile: Profile) -> HttpResponse:
    return _profile_form_page(request, profile)


@profile_view(WRITE)
def switch_profile(request: ProfileRequest, profile: Profile) -> HttpResponse:
    """One tap: make this profile the chosen one (the door did), then go back."""
    target = request.POST.get("next", "")
    # Only a path of this site: redirect() would take any other word for the name of a view.
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("diary:today", kwargs={"profile_uuid": profile.uuid})
    return redirect(target)


def _check_in_page(
    request: ProfileRequest, profile: Profile, check_in: CheckIn | None, is_today: bool
) -> HttpResponse:
    day = check_in.date if check_in is not None else request.today
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if form.is_valid():
            saved, created = services.save_check_in(profile, day, form.cleaned_data)
            messages.success(request, _("Check-in saved.") if created else _("Check-in updated."))
            if is_today:
                return redirect("diary:today", profile_uuid=profile.uuid)
            return redirect("diary:check-in", check_in_uuid=saved.uuid)
    else:
        form = CheckInForm(initial=CheckInForm.initial_from(check_in))
    chosen = set(form["body_areas"].value() or ())
    context = {
        "profile": profile,
        "form": form,
        "day": day,
        "check_in": check_in,
        "is_today": is_today,
        "figures": bodymap.figures(chosen),
        "width": bodymap.WIDTH,
        "height": bodymap.HEIGHT,
        "chosen_count": len(chosen & set(bodymap_core.area_ids())),
    }
    return render(request, "diary/check_in.html", context)


@profile_view(READ_WRITE)
def check_in_today(request: ProfileRequest, profile: Profile) -> HttpResponse:
    existing = CheckIn.objects.filter(profile=profile, date=request.today).first()
    return _check_in_page(request, profile, existing, is_today=True)


@profile_view(READ_WRITE, lookup=selectors.check_in_for)
def check_in_detail(request: ProfileRequest, check_in: CheckIn) -> HttpResponse:
    return _check_in_page(request, check_in.profile, check_in, is_today=False)


@profile_view(READ)
def check_in_history(request: ProfileRequest, profile: Profile) -> HttpResponse:
    check_ins = CheckIn.objects.filter(profile=profile).order_by("-date")[:HISTORY_LENGTH]
    context = {
        "profile": profile,
        "check_ins": check_ins,
        "today": request.today,
        "history_length": HISTORY_LENGTH,
    }
    return render(request, "diary/history.html", context)


# Labels of the Charman 2013 POEM bands (the stored ``band`` ids), translatable.
POEM_BANDS = {
    "clear_or_almost_clear": gettext_lazy("Clear or almost clear"),
    "mild": gettext_lazy("Mild"),
    "moderate": gettext_lazy("Moderate"),
    "severe": gettext_lazy("Severe"),
    "very_severe": gettext_lazy("Very severe"),
}


@profile_view(READ)
def dashboard(request: ProfileRequest, profile: Profile) -> HttpResponse:
    """Charts of the last 12 weeks (drawn by static/diary/dashboard.js from ``json_script`` data),
    with a text summary and a data table for screen readers and browsers without JavaScript."""
    data = selectors.dashboard_data(profile, request.today)
    latest_poem = data["poem"][-1] if data["poem"] else None
    itch_mean = next((m for m in reversed(data["itch_mean"]) if m is not None), None)
    rows = [
        {"day": day, "itch": i, "sleep": s, "itch_mean": m}
        for day, i, s, m in zip(
            data["days"], data["itch"], data["sleep"], data["itch_mean"], strict=True
        )
        if i is not None
    ]
    context = {
        "profile": profile,
        "data": data,
        "itch_mean": itch_mean,
        "latest_poem": latest_poem,
        "latest_poem_band": POEM_BANDS.get(latest_poem["band"], latest_poem["band"])
        if latest_poem
        else None,
        "due": [d["instrument"].upper() for d in data["due"] if d["due"]],
        "rows": list(reversed(rows)),
        "poem_bands": {key: str(label) for key, label in POEM_BANDS.items()},
        "labels": {
            "day": _("Day"),
            "itch": _("Worst itch"),
            "itch_mean": _("Itch, 7-day mean"),
            "sleep": _("Sleep loss"),
            "poem": _("POEM score"),
            "photo": _("Photo taken"),
        },
    }
    return render(request, "diary/dashboard.html", context)
