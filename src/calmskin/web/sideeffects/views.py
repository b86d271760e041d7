"""Side-effect pages: parse -> authorize (selectors) -> save (services) -> render.

Profiles come through ``diary.selectors.profile_for`` and episodes through
``selectors.side_effect_for``: anyone but the owner gets 404 for every method (the 405 for a method
a page does not take comes only after that check, so it never confirms that an id exists).
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from calmskin.web.diary import selectors as diary_selectors
from calmskin.web.diary.models import Profile
from calmskin.web.sideeffects import selectors, services
from calmskin.web.sideeffects.forms import SideEffectForm
from calmskin.web.sideeffects.labels import episode_label
from calmskin.web.sideeffects.models import SideEffect

READ = ("GET", "HEAD")
READ_WRITE = ("GET", "HEAD", "POST")
LIST_LENGTH = 200


def _refuse_method(request: HttpRequest, allowed: tuple[str, ...]) -> HttpResponse | None:
    if request.method in allowed:
        return None
    return HttpResponseNotAllowed(allowed)


def _context(request: HttpRequest, profile: Profile) -> dict[str, object]:
    return {
        "current_profile": profile,
        "profiles": diary_selectors.profiles_of(request.user),
        "profile": profile,
    }


def _to_list(profile: Profile, side_effect: SideEffect | None = None) -> HttpResponseRedirect:
    url = reverse("sideeffects:list", kwargs={"profile_uuid": profile.uuid})
    return HttpResponseRedirect(f"{url}#episode-{side_effect.uuid}" if side_effect else url)


@login_required
def side_effect_list(request: HttpRequest, profile_uuid: UUID) -> HttpResponse:
    profile = diary_selectors.profile_for(request.user, profile_uuid)
    if refused := _refuse_method(request, READ):
        return refused
    diary_selectors.choose_profile(request, profile)
    episodes = [
        (episode, episode_label(episode, profile.region))
        for episode in selectors.side_effects_of(profile)[:LIST_LENGTH]
    ]
    context = {
        **_context(request, profile),
        "ongoing": [e for e in episodes if e[0].ongoing],
        "ended": [e for e in episodes if not e[0].ongoing],
        "shown": len(episodes),
        "limit": LIST_LENGTH,
        "today": profile.local_today(),
    }
    return render(request, "sideeffects/list.html", context)


def _form_page(
    request: HttpRequest, profile: Profile, side_effect: SideEffect | None
) -> HttpResponse:
    today = profile.local_today()
    if request.method == "POST":
        form = SideEffectForm(request.POST, instance=side_effect, today=today)
        if form.is_valid():
            saved = services.save_side_effect(profile, side_effect, form.cleaned_data)
            messages.success(
                request,
                _("Side effect saved. What the label says about it is shown with it below."),
            )
            return _to_list(profile, saved)
    else:
        initial = {} if side_effect else {"drug": selectors.last_drug(profile)}
        form = SideEffectForm(instance=side_effect, initial=initial, today=today)
    context = {
        **_context(request, profile),
        "form": form,
        "side_effect": side_effect,
        "label": episode_label(side_effect, profile.region) if side_effect else None,
    }
    return render(request, "sideeffects/form.html", context)


@login_required
def side_effect_add(request: HttpRequest, profile_uuid: UUID) -> HttpResponse:
    profile = diary_selectors.profile_for(request.user, profile_uuid)
    if refused := _refuse_method(request, READ_WRITE):
        return refused
    diary_selectors.choose_profile(request, profile)
    return _form_page(request, profile, None)


@login_required
def side_effect_edit(request: HttpRequest, side_effect_uuid: UUID) -> HttpResponse:
    side_effect = selectors.side_effect_for(request.user, side_effect_uuid)
    if refused := _refuse_method(request, READ_WRITE):
        return refused
    diary_selectors.choose_profile(request, side_effect.profile)
    return _form_page(request, side_effect.profile, side_effect)


@login_required
def side_effect_end(request: HttpRequest, side_effect_uuid: UUID) -> HttpResponse:
    """One tap (POST only): the episode ended today, in the profile's time zone."""
    side_effect = selectors.side_effect_for(request.user, side_effect_uuid)
    if refused := _refuse_method(request, ("POST",)):
        return refused
    profile = side_effect.profile
    try:
        if services.end_today(side_effect, profile.local_today()):
            messages.success(request, _("Marked as ended today."))
        else:
            messages.info(request, _("This side effect had already ended."))
    except services.CannotEnd:
        messages.error(request, _("It cannot end today: it starts later. Edit the dates instead."))
    return _to_list(profile, side_effect)


@login_required
def side_effect_delete(request: HttpRequest, side_effect_uuid: UUID) -> HttpResponse:
    """GET asks to confirm; POST deletes."""
    side_effect = selectors.side_effect_for(request.user, side_effect_uuid)
    if refused := _refuse_method(request, READ_WRITE):
        return refused
    profile = side_effect.profile
    if request.method == "POST":
        services.delete_side_effect(side_effect)
        messages.success(request, _("Side effect deleted."))
        return _to_list(profile)
    context = {**_context(request, profile), "side_effect": side_effect}
    return render(request, "sideeffects/delete.html", context)
