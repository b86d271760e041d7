"""Export and delete pages: parse -> authorize (the door) -> export/delete (services).

Every profile page comes through :func:`calmskin.web.lib.door.profile_view` (404 for anyone but
the owner, then 405). Downloads are attachments that no cache may keep.
"""

from __future__ import annotations

import tempfile

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from calmskin.web.accounts.limits import PASSWORD_CONFIRM, limit_posts
from calmskin.web.diary.models import CheckIn, Profile, WeightEntry
from calmskin.web.exports import services
from calmskin.web.lib.door import READ, READ_WRITE, ProfileRequest, account_view, profile_view
from calmskin.web.lib.ownership import profiles_of
from calmskin.web.photos.models import Photo
from calmskin.web.questionnaires.models import QuestionnaireResponse

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


def _private(response: HttpResponseBase) -> HttpResponseBase:
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@profile_view(READ)
def export_page(request: ProfileRequest, profile: Profile) -> HttpResponse:
    context = {
        "profile": profile,
        "counts": {
            "check_ins": CheckIn.objects.filter(profile=profile).count(),
            "weights": WeightEntry.objects.filter(profile=profile).count(),
            "questionnaires": QuestionnaireResponse.objects.filter(profile=profile).count(),
            "photos": Photo.objects.filter(profile=profile).count(),
        },
    }
    return render(request, "exports/export.html", context)


@profile_view(READ, remember=False)
def download_zip(request: ProfileRequest, profile: Profile) -> HttpResponseBase:
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


@profile_view(READ, remember=False)
def download_json(request: ProfileRequest, profile: Profile) -> HttpResponseBase:
    response = HttpResponse(
        services.profile_json(profile), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{services.download_name(profile, "json")}"'
    )
    return _private(response)


@profile_view(READ_WRITE, remember=False)
def delete_profile(request: ProfileRequest, profile: Profile) -> HttpResponse:
    """GET asks for the profile's name; POST with the right name deletes everything of it."""
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
    return render(request, "exports/delete_profile.html", {"profile": profile, "form": form})


@account_view(READ_WRITE)
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
        "form": form,
        "profile_count": profiles_of(request.user).count(),
    }
    return render(request, "exports/delete_account.html", context)
