"""The upload pipeline: check, decode, strip, re-encode, store. Nothing of the upload is kept as is.

1. The size limit (``CALMSKIN_PHOTO_MAX_BYTES``, 15 MB by default) is checked before any decoding.
2. Pillow identifies the file by its *content* (the name and the browser's type are ignored) and
   only JPEG, PNG and HEIC/HEIF (through pillow-heif) are accepted; ``verify()`` catches broken files.
3. Images over Pillow's ``MAX_IMAGE_PIXELS`` (decompression bombs) are refused before decoding.
4. The EXIF orientation is applied to the pixels, colours are converted to sRGB when an ICC profile
   says otherwise, then the pixels alone are copied into a fresh image and encoded again: JPEG
   (or PNG for a PNG with transparency) with no EXIF, GPS, XMP, ICC or text chunks at all.
5. A thumbnail (at most ``THUMBNAIL_SIZE`` px on its long side) is made the same way.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from calmskin.web.diary.models import Profile
from calmskin.web.photos.models import Photo

DEFAULT_MAX_BYTES = 15 * 1024 * 1024
THUMBNAIL_SIZE = 400
JPEG_QUALITY = 88
# Pillow's format names of what we accept (HEIF only when pillow-heif is installed).
ACCEPTED_FORMATS = ("JPEG", "PNG", "HEIF")

_heif_available = False


def register_heif() -> bool:
    """Teach Pillow to open HEIC/HEIF if pillow-heif is installed; ``True`` if it is."""
    global _heif_available
    try:
        from pillow_heif import register_heif_opener
    except ImportError:  # pragma: no cover - the web extra installs it
        _heif_available = False
    else:
        register_heif_opener()
        _heif_available = True
    return _heif_available


def heif_available() -> bool:
    return _heif_available


def max_bytes() -> int:
    return int(getattr(settings, "CALMSKIN_PHOTO_MAX_BYTES", DEFAULT_MAX_BYTES))


class PhotoRejected(ValueError):
    """An upload that is not stored; the message is shown next to the file field."""


@dataclass(frozen=True)
class Encoded:
    data: bytes
    extension: str
    content_type: str
    width: int
    height: int


@dataclass(frozen=True)
class CleanPhoto:
    image: Encoded
    thumbnail: Encoded


def _formats() -> tuple[str, ...]:
    return ACCEPTED_FORMATS if _heif_available else ("JPEG", "PNG")


def _open(data: bytes) -> Image.Image:
    with warnings.catch_warnings():
        # Over MAX_IMAGE_PIXELS Pillow only warns (an error from twice that): refuse both.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        return Image.open(io.BytesIO(data), formats=_formats())


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )


def _to_srgb(image: Image.Image) -> Image.Image:
    """Pixels converted to sRGB if the file carries another ICC profile (the profile is dropped)."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        target = ImageCms.createProfile("sRGB")
        converted = ImageCms.profileToProfile(image, source, target, outputMode=image.mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image
    return converted if converted is not None else image


def _pixels_only(image: Image.Image) -> Image.Image:
    """A new image holding only the pixels: no info dict, no EXIF, nothing else carried over."""
    return Image.frombytes(image.mode, image.size, image.tobytes())


def _encode(image: Image.Image, as_png: bool) -> Encoded:
    out = io.BytesIO()
    if as_png:
        image.save(out, format="PNG", optimize=True)
        extension, content_type = "png", "image/png"
    else:
        image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        extension, content_type = "jpg", "image/jpeg"
    return Encoded(out.getvalue(), extension, content_type, image.width, image.height)


def clean_photo(upload: Any) -> CleanPhoto:
    """Check and re-encode an uploaded file (anything with ``size`` and ``read``), or ``PhotoRejected``."""
    limit = max_bytes()
    too_big = PhotoRejected(
        _("The photo is too large: at most %(mb)s MB.") % {"mb": round(limit / 1024 / 1024, 1)}
    )
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise too_big
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise too_big
    if not data:
        raise PhotoRejected(_("The file is empty."))

    accepted = (
        _("Choose a JPEG, PNG or HEIC photo.")
        if _heif_available
        else _("Choose a JPEG or PNG photo.")
    )
    try:
        with _open(data) as probe:
            source_format = probe.format
            probe.verify()
        with _open(data) as opened:
            limit_pixels = Image.MAX_IMAGE_PIXELS
            if limit_pixels and opened.width * opened.height > limit_pixels:
                raise PhotoRejected(_("The photo has too many pixels."))
            opened.load()
            upright = ImageOps.exif_transpose(opened) or opened
            icc_source = dict(opened.info)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoRejected(_("The photo has too many pixels.")) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise PhotoRejected(accepted) from None
    if source_format not in _formats():  # pragma: no cover - Image.open(formats=...) refuses them
        raise PhotoRejected(accepted)

    as_png = source_format == "PNG" and _has_alpha(upright)
    mode = "RGBA" if as_png else "RGB"
    if upright.mode != mode:
        upright = upright.convert(mode)
    if "icc_profile" in icc_source and "icc_profile" not in upright.info:
        upright.info["icc_profile"] = icc_source["icc_profile"]
    pixels = _pixels_only(_to_srgb(upright))

    thumb = pixels.copy()
    thumb.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE), Image.Resampling.LANCZOS)
    return CleanPhoto(image=_encode(pixels, as_png), thumbnail=_encode(_pixels_only(thumb), as_png))


def save_photo(
    profile: Profile, clean: CleanPhoto, taken_on: date, body_area: str = "", note: str = ""
) -> Photo:
    """Store both files, then the row; if the row cannot be saved, the files are removed again."""
    photo = Photo(
        profile=profile,
        taken_on=taken_on,
        body_area=body_area,
        note=note,
        width=clean.image.width,
        height=clean.image.height,
        content_type=clean.image.content_type,
    )
    photo.image.save(f"photo.{clean.image.extension}", ContentFile(clean.image.data), save=False)
    try:
        photo.thumbnail.save(
            f"thumb.{clean.thumbnail.extension}", ContentFile(clean.thumbnail.data), save=False
        )
        with transaction.atomic():
            photo.save()
    except BaseException:
        for field in (photo.image, photo.thumbnail):
            if field and field.name:
                field.storage.delete(field.name)
        raise
    return photo


def delete_photo(photo: Photo) -> None:
    """Delete the row; its files go when the transaction commits (see ``signals``)."""
    with transaction.atomic():
        photo.delete()
