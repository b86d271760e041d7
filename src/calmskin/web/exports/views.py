"""Export and delete pages: parse -> authorize (``profile_for``) -> export/delete (services).

Anyone but the owner gets the same 404 for every method (the method check comes after the
ownership check). Downloads are attachments that no cache may keep.
"""

from __future__ import annotations

import tempfile
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from calmskin.web.accounts.limits import PASSWORD_CONFIRM, limit_posts
from calmskin.web.diary import selectors
from calmskin.web.diary.models import CheckIn, Profile, WeightEntry
from calmskin.web.exports import services
from calmskin.web.photos.models import Photo
from calmskin.web.questionnaires.models import QuestionnaireResponse

READ = ("GET", "HEAD")
READ_WRITE = ("GET", "HEAD", "POST")
# Spool the ZIP to disk above this size instead of holding it in memory.
SPOOL_BYTES = 8 * 1024 * 1024


class DeleteProfileForm(forms.Form):
    confirm_name = forms.CharField(label=gettext_lazy("Type the profile's name"), max_length=80)

    def __init__(self, *args: object, profile: Profile, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.profile = profile

    def clean_confirm_name(self) -> str:
        typed = str(self.cleaned_data["confirm_name"]).strip()
        if typed != self.profile.display_name.strip():
            raise forms.ValidationError(
                _("That is not the profile's name; nothing was deleted."), code="name_mismatch"
            )
        return typed


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: object, user: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.user = user

    def clean_password(self) -> str:
        password = str(self.cleaned_data["password"])
        if not self.user.check_password(password):  # type: ignore[attr-defined]
            raise forms.ValidationError(
                _("The password is not right; nothing was deleted."), code="wrong_password"
            )
        return password


def _refuse_method(request: HttpRequest, allowed: tuple[str, ...]) -> HttpResponse | None:
    """405 for a method the page does not take, *after* the ownership check (else 404 for all)."""
    if request.method in allowed:
        return None
    return HttpResponseNotAllowed(allowed)


def _context(request: HttpRequest, profile: Profile | None) -> dict[str, object]:
    return {
        "current_profile": profile,
        "profiles": selectors.profiles_of(request.user),
        "profile": profile,
    }


def _private(response: HttpResponseBase) -> HttpResponseBase:
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def export_page(request: HttpRequest, profile_uuid: UUID) -> HttpResponse:
    profile = selectors.profile_for(request.user, profile_uuid)
    if refused := _refuse_method(request, READ):
        return refused
    selectors.choose_profile(request, profile)
    context = {
        **_context(request, profile),
        "counts": {
            "check_ins": CheckIn.objects.filter(profile=profile).count(),
            "weights": WeightEntry.objects.filter(profile=profile).count(),
            "questionnaires": QuestionnaireResponse.objects.filter(profile=profile).count(),
            "photos": Photo.objects.filter(profile=profile).count(),
        },
    }
    return render(request, "exports/export.html", context)


@login_required
def download_zip(request: HttpRequest, profile_uuid: UUID) -> HttpResponseBase:
    profile = selectors.profile_for(request.user, profile_uuid)
    if refused := _refuse_method(request, READ):
        return refused
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (closed by the response)
    services.write_profile_zip(profile, spool)
    spool.seek(0)
    response = FileResponse(
        spool,
        as_attachment=True,
        filename=services.download_name(profile, "zip"),
        content_type="application/zip",
    )
    return _private(response)


@login_required
def download_json(request: HttpRequest, profile_uuid: UUID) -> HttpResponseBase:
    profile = selectors.profile_for(request.user, profile_uuid)
    if refused := _refuse_method(request, READ):
        return refused
    response = HttpResponse(
        services.profile_json(profile), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{services.download_name(profile, "json")}"'
    )
    return _private(response)


@login_required
def delete_profile(request: HttpRequest, profile_uuid: UUID) -> HttpResponse:
    """GET asks for the profile's name; POST with the right name deletes everything of it."""
    profile = selectors.profile_for(request.user, profile_uuid)
    if refused := _refuse_method(request, READ_WRITE):
        return refused
    if request.method == "POST":
        form = DeleteProfileForm(request.POST, profile=profile)
        if form.is_valid():
            name = profile.display_name
            services.delete_profile(profile)
            messages.success(
                request, _("%(name)s and all of their data were deleted.") % {"name": name}
            )
            return redirect("diary:profiles")
    else:
        form = DeleteProfileForm(profile=profile)
    return render(
        request, "exports/delete_profile.html", {**_context(request, profile), "form": form}
    )


@login_required
@require_http_methods(READ_WRITE)
@limit_posts("delete-account", PASSWORD_CONFIRM)
def delete_account(request: HttpRequest) -> HttpResponse:
    """GET asks for the password; POST with the right one deletes every profile and the account."""
    if request.method == "POST":
        form = DeleteAccountForm(request.POST, user=request.user)
        if form.is_valid():
            services.delete_account(request.user)
            logout(request)
            messages.success(request, _("Your account and all of its data were deleted."))
            return redirect("home")
    else:
        form = DeleteAccountForm(user=request.user)
    context = {
        **_context(request, selectors.chosen_profile(request)),
        "form": form,
        "profile_count": selectors.profiles_of(request.user).count(),
    }
    return render(request, "exports/delete_account.html", context)
