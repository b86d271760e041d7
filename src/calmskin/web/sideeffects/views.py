"""Side-effect pages: parse -> authorize (the door) -> save (services) -> render.

Profiles and episodes (through ``selectors.side_effect_for``) come through
:func:`calmskin.web.lib.door.profile_view`: 404 for anyone but the owner, then 405, then the
profile's time zone for the request.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from calmskin.web.diary.models import Profile
from calmskin.web.lib.door import READ, READ_WRITE, WRITE, ProfileRequest, profile_view
from calmskin.web.lib.once import AlreadySaved, once
from calmskin.web.sideeffects import selectors, services
from calmskin.web.sideeffects.forms import SideEffectForm
from calmskin.web.sideeffects.labels import episode_label
from calmskin.web.sideeffects.models import SideEffect
from calmskin.web.treatment.selectors import current_treatment

LIST_LENGTH = 200


def _to_list(profile: Profile, side_effect: SideEffect | None = None) -> HttpResponseRedirect:
    url = reverse("sideeffects:list", kwargs={"profile_uuid": profile.uuid})
    return HttpResponseRedirect(f"{url}#episode-{side_effect.uuid}" if side_effect else url)


@profile_view(READ)
def side_effect_list(request: ProfileRequest, profile: Profile) -> HttpResponse:
    episodes = [
        (episode, episode_label(episode, profile.region))
        for episode in selectors.side_effects_of(profile)[:LIST_LENGTH]
    ]
    context = {
        "profile": profile,
        "ongoing": [e for e in episodes if e[0].ongoing],
        "ended": [e for e in episodes if not e[0].ongoing],
        "shown": len(episodes),
        "limit": LIST_LENGTH,
        "today": request.today,
    }
    return render(request, "sideeffects/list.html", context)


def _form_page(
    request: ProfileRequest, profile: Profile, side_effect: SideEffect | None
) -> HttpResponse:
    today = request.today
    if request.method == "POST":
        form = SideEffectForm(request.POST, instance=side_effect, today=today)
        if form.is_valid():
            try:
                with once(profile, request.POST):
                    saved = services.save_side_effect(profile, side_effect, form.cleaned_data)
            except AlreadySaved:
                messages.info(
                    request, _("This form was already saved; it was not saved a second time.")
                )
                return _to_list(profile)
            messages.success(
                request,
                _("Side effect saved. What the label says about it is shown with it below."),
            )
            return _to_list(profile, saved)
    else:
        initial = {} if side_effect else {"drug": selectors.last_drug(profile)}
        current = current_treatment(profile)
        form = SideEffectForm(
            instance=side_effect,
            initial=initial,
            today=today,
            current_drug=current.drug if current is not None else None,
        )
    context = {
        "profile": profile,
        "form": form,
        "side_effect": side_effect,
        "label": episode_label(side_effect, profile.region) if side_effect else None,
    }
    return render(request, "sideeffects/form.html", context)


@profile_view(READ_WRITE)
def side_effect_add(request: ProfileRequest, profile: Profile) -> HttpResponse:
    return _form_page(request, profile, None)


@profile_view(READ_WRITE, lookup=selectors.side_effect_for)
def side_effect_edit(request: ProfileRequest, side_effect: SideEffect) -> HttpResponse:
    return _form_page(request, side_effect.profile, side_effect)


@profile_view(WRITE, lookup=selectors.side_effect_for)
def side_effect_end(request: ProfileRequest, side_effect: SideEffect) -> HttpResponse:
    """One tap (POST only): the episode ended today, in the profile's time zone."""
    profile = side_effect.profile
    try:
        if services.end_today(side_effect, request.today):
            messages.success(request, _("Marked as ended today."))
        else:
            messages.info(request, _("This side effect had already ended."))
    except services.CannotEnd:
        messages.error(request, _("It cannot end today: it starts later. Edit the dates instead."))
    return _to_list(profile, side_effect)


@profile_view(READ_WRITE, lookup=selectors.side_effect_for)
def side_effect_delete(request: ProfileRequest, side_effect: SideEffect) -> HttpResponse:
    """GET asks to confirm; POST deletes."""
    profile = side_effect.profile
    if request.method == "POST":
        services.delete_side_effect(side_effect)
        messages.success(request, _("Side effect deleted."))
        return _to_list(profile)
    context = {"profile": profile, "side_effect": side_effect}
    return render(request, "sideeffects/delete.html", context)
