"""Photo pages and files: parse -> authorize (the door) -> save (services) -> render.

Files are never under a public URL: ``serve_image`` / ``serve_thumbnail`` stream them after the
door (through ``selectors.photo_for``) has checked that the photo belongs to the signed-in account
(404 otherwise).
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from calmskin.web.diary.models import Profile
from calmskin.web.lib.door import READ, READ_WRITE, ProfileRequest, profile_view
from calmskin.web.lib.once import AlreadySaved, once
from calmskin.web.photos import selectors, services
from calmskin.web.photos.forms import PhotoForm
from calmskin.web.photos.models import Photo

# Browsers may keep a photo for an hour, never a shared cache (the response is per account).
CACHE_SECONDS = 3600
TIMELINE_LENGTH = 200


@profile_view(READ)
def timeline(request: ProfileRequest, profile: Profile) -> HttpResponse:
    photos = list(selectors.photos_of(profile)[:TIMELINE_LENGTH])
    days: list[tuple[date, list[Photo]]] = []
    for photo in photos:
        if days and days[-1][0] == photo.taken_on:
            days[-1][1].append(photo)
        else:
            days.append((photo.taken_on, [photo]))
    context = {"profile": profile, "days": days, "limit": TIMELINE_LENGTH}
    return render(request, "photos/timeline.html", context)


@profile_view(READ_WRITE)
def upload(request: ProfileRequest, profile: Profile) -> HttpResponse:
    today = request.today
    heic = services.heif_available()
    if request.method == "POST":
        form = PhotoForm(request.POST, request.FILES, today=today, heic=heic)
        if form.is_valid():
            try:
                clean = services.clean_photo(form.cleaned_data["image"])
            except services.PhotoRejected as rejected:
                form.add_error("image", str(rejected))
            else:
                try:
                    with once(profile, request.POST):
                        services.save_photo(
                            profile,
                            clean,
                            form.cleaned_data["taken_on"],
                            form.cleaned_data["body_area"],
                            form.cleaned_data["note"],
                        )
                except AlreadySaved:
                    messages.info(
                        request, _("This photo was already saved; it was not saved a second time.")
                    )
                    return redirect("photos:timeline", profile_uuid=profile.uuid)
                messages.success(request, _("Photo saved."))
                return redirect("photos:timeline", profile_uuid=profile.uuid)
    else:
        form = PhotoForm(today=today, heic=heic)
    context = {
        "profile": profile,
        "form": form,
        "max_mb": round(services.max_bytes() / 1024 / 1024, 1),
    }
    return render(request, "photos/upload.html", context)


def _day(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw or "")
    except ValueError:
        return None


@profile_view(READ)
def compare(request: ProfileRequest, profile: Profile) -> HttpResponse:
    """Two days side by side: ``?a=<date>&b=<date>`` (default: the first and the latest day)."""
    days = selectors.photo_days(profile)
    day_a = _day(request.GET.get("a")) or (days[-1] if days else None)
    day_b = _day(request.GET.get("b")) or (days[0] if days else None)
    photos = selectors.photos_of(profile)
    sides = [
        (day, list(photos.filter(taken_on=day)) if day else [], name)
        for day, name in ((day_a, "a"), (day_b, "b"))
    ]
    context = {"profile": profile, "days": days, "sides": sides}
    return render(request, "photos/compare.html", context)


def _serve(photo: Photo, which: str) -> HttpResponseBase:
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


@profile_view(READ, lookup=selectors.photo_for, remember=False)
def serve_image(request: ProfileRequest, photo: Photo) -> HttpResponseBase:
    return _serve(photo, "image")


@profile_view(READ, lookup=selectors.photo_for, remember=False)
def serve_thumbnail(request: ProfileRequest, photo: Photo) -> HttpResponseBase:
    return _serve(photo, "thumbnail")


@profile_view(READ_WRITE, lookup=selectors.photo_for)
def delete(request: ProfileRequest, photo: Photo) -> HttpResponse:
    """GET asks to confirm; POST deletes the row and (after commit) its files."""
    profile = photo.profile
    if request.method == "POST":
        services.delete_photo(photo)
        messages.success(request, _("Photo deleted."))
        return redirect("photos:timeline", profile_uuid=profile.uuid)
    return render(request, "photos/delete.html", {"profile": profile, "photo": photo})
