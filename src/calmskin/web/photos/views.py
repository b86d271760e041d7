"""Photo pages and files: parse -> authorize (selectors) -> save (services) -> render.

Files are never under a public URL: ``serve_image`` / ``serve_thumbnail`` stream them after
``selectors.photo_for`` has checked that the photo belongs to the signed-in account (404 otherwise).
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from calmskin.web.diary import selectors as diary_selectors
from calmskin.web.diary.models import Profile
from calmskin.web.photos import selectors, services
from calmskin.web.photos.forms import PhotoForm
from calmskin.web.photos.models import Photo

READ = ("GET", "HEAD")
READ_WRITE = ("GET", "HEAD", "POST")
# Browsers may keep a photo for an hour, never a shared cache (the response is per account).
CACHE_SECONDS = 3600
TIMELINE_LENGTH = 200


def _refuse_method(request: HttpRequest, allowed: tuple[str, ...]) -> HttpResponse | None:
    """405 for a method the page does not take, *after* the ownership check (else 404 for all)."""
    if request.method in allowed:
        return None
    return HttpResponseNotAllowed(allowed)


def _context(request: HttpRequest, profile: Profile) -> dict[str, object]:
    return {
        "current_profile": profile,
        "profiles": diary_selectors.profiles_of(request.user),
        "profile": profile,
    }


@login_required
def timeline(request: HttpRequest, profile_uuid: UUID) -> HttpResponse:
    profile = diary_selectors.profile_for(request.user, profile_uuid)
    if refused := _refuse_method(request, READ):
        return refused
    diary_selectors.choose_profile(request, profile)
    photos = list(selectors.photos_of(profile)[:TIMELINE_LENGTH])
    days: list[tuple[date, list[Photo]]] = []
    for photo in photos:
        if days and days[-1][0] == photo.taken_on:
            days[-1][1].append(photo)
        else:
            days.append((photo.taken_on, [photo]))
    context = {**_context(request, profile), "days": days, "limit": TIMELINE_LENGTH}
    return render(request, "photos/timeline.html", context)


@login_required
def upload(request: HttpRequest, profile_uuid: UUID) -> HttpResponse:
    profile = diary_selectors.profile_for(request.user, profile_uuid)
    if refused := _refuse_method(request, READ_WRITE):
        return refused
    diary_selectors.choose_profile(request, profile)
    today = profile.local_today()
    heic = services.heif_available()
    if request.method == "POST":
        form = PhotoForm(request.POST, request.FILES, today=today, heic=heic)
        if form.is_valid():
            try:
                clean = services.clean_photo(form.cleaned_data["image"])
            except services.PhotoRejected as rejected:
                form.add_error("image", str(rejected))
            else:
                services.save_photo(
                    profile,
                    clean,
                    form.cleaned_data["taken_on"],
                    form.cleaned_data["body_area"],
                    form.cleaned_data["note"],
                )
                messages.success(request, _("Photo saved."))
                return redirect("photos:timeline", profile_uuid=profile.uuid)
    else:
        form = PhotoForm(today=today, heic=heic)
    context = {
        **_context(request, profile),
        "form": form,
        "max_mb": round(services.max_bytes() / 1024 / 1024, 1),
    }
    return render(request, "photos/upload.html", context)


def _day(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw or "")
    except ValueError:
        return None


@login_required
def compare(request: HttpRequest, profile_uuid: UUID) -> HttpResponse:
    """Two days side by side: ``?a=<date>&b=<date>`` (default: the first and the latest day)."""
    profile = diary_selectors.profile_for(request.user, profile_uuid)
    if refused := _refuse_method(request, READ):
        return refused
    diary_selectors.choose_profile(request, profile)
    days = selectors.photo_days(profile)
    day_a = _day(request.GET.get("a")) or (days[-1] if days else None)
    day_b = _day(request.GET.get("b")) or (days[0] if days else None)
    photos = selectors.photos_of(profile)
    sides = [
        (day, list(photos.filter(taken_on=day)) if day else [], name)
        for day, name in ((day_a, "a"), (day_b, "b"))
    ]
    context = {**_context(request, profile), "days": days, "sides": sides}
    return render(request, "photos/compare.html", context)


def _serve(request: HttpRequest, photo_uuid: UUID, which: str) -> HttpResponseBase:
    photo = selectors.photo_for(request.user, photo_uuid)
    if refused := _refuse_method(request, READ):
        return refused
    field: FieldFile = photo.image if which == "image" else photo.thumbnail
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("no such photo") from None
    extension = field.name.rsplit(".", 1)[-1] if field.name else "jpg"
    content_type = "image/png" if extension == "png" else "image/jpeg"
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=False,
        filename=f"calmskin-{photo.taken_on.isoformat()}-{which}.{extension}",
    )
    response["Cache-Control"] = f"private, max-age={CACHE_SECONDS}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def serve_image(request: HttpRequest, photo_uuid: UUID) -> HttpResponseBase:
    return _serve(request, photo_uuid, "image")


@login_required
def serve_thumbnail(request: HttpRequest, photo_uuid: UUID) -> HttpResponseBase:
    return _serve(request, photo_uuid, "thumbnail")


@login_required
def delete(request: HttpRequest, photo_uuid: UUID) -> HttpResponse:
    """GET asks to confirm; POST deletes the row and (after commit) its files."""
    photo = selectors.photo_for(request.user, photo_uuid)
    if refused := _refuse_method(request, READ_WRITE):
        return refused
    profile = photo.profile
    if request.method == "POST":
        services.delete_photo(photo)
        messages.success(request, _("Photo deleted."))
        return redirect("photos:timeline", profile_uuid=profile.uuid)
    return render(request, "photos/delete.html", {**_context(request, profile), "photo": photo})
