"""Photos: metadata stripped on upload, content-checked formats, owner-only files, compare view."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import Resolver404, resolve
from PIL import Image, ImageOps
from web_factories import make_profile, make_user

from calmskin.web.diary.models import Profile
from calmskin.web.photos import services
from calmskin.web.photos.models import Photo

GPS_IFD = 0x8825
MAKE, MODEL, ORIENTATION = 0x010F, 0x0110, 0x0112


def jpeg_with_gps(size: tuple[int, int] = (1200, 600), orientation: int = 6) -> bytes:
    """A JPEG with a camera make/model, GPS position and an orientation tag (rotate 90° to view)."""
    image = Image.new("RGB", size, (200, 60, 60))
    image.paste((20, 20, 220), (0, 0, size[0] // 4, size[1]))  # a blue band on the left
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    exif[MODEL] = "Phone 12"
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, quality=90)
    return out.getvalue()


def png_bytes(mode: str = "RGBA") -> bytes:
    image = Image.new(mode, (300, 200), (10, 150, 10, 128) if mode == "RGBA" else (10, 150, 10))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


@pytest.fixture
def alice(db: None) -> Any:
    return make_user("alice")


@pytest.fixture
def profile(alice: Any) -> Profile:
    return make_profile(alice)


@pytest.fixture
def client_alice(client: Client, alice: Any) -> Client:
    client.force_login(alice)
    return client


def upload(
    client: Client, profile: Profile, data: bytes, name: str = "IMG_0001.jpg", **fields: str
) -> Any:
    post = {"taken_on": "2026-01-02", **fields, "image": SimpleUploadedFile(name, data)}
    return client.post(f"/photos/profiles/{profile.uuid}/new/", post)


def test_upload_strips_exif_and_gps_applies_orientation_and_makes_a_thumbnail(
    client_alice: Client, profile: Profile, media: Path
) -> None:
    source = jpeg_with_gps()
    with Image.open(io.BytesIO(source)) as original:
        assert original.getexif()[MAKE] == "PhoneMaker"  # the test file really carries metadata
        assert original.getexif().get_ifd(GPS_IFD)

    response = upload(client_alice, profile, source, body_area="neck", note="after a hot day")
    assert response.status_code == 302
    assert response["Location"] == f"/photos/profiles/{profile.uuid}/"

    photo = Photo.objects.get()
    assert (photo.profile, photo.taken_on, photo.body_area) == (profile, date(2026, 1, 2), "neck")
    assert photo.image.name.startswith(f"profiles/{profile.uuid}/photos/")
    assert "IMG_0001" not in photo.image.name and "IMG_0001" not in photo.thumbnail.name
    assert photo.content_type == "image/jpeg"
    raw = (media / photo.image.name).read_bytes()
    assert b"PhoneMaker" not in raw and b"Exif" not in raw
    with Image.open(media / photo.image.name) as stored:
        assert stored.format == "JPEG"
        assert len(stored.getexif()) == 0
        assert "exif" not in stored.info and "icc_profile" not in stored.info
        assert "xmp" not in stored.info
        # Orientation 6 (rotate 90° clockwise): 1200x600 becomes 600x1200, the band on top.
        assert stored.size == (600, 1200) == (photo.width, photo.height)
        top = stored.convert("RGB").getpixel((300, 50))
        assert isinstance(top, tuple) and top[2] > 150 and top[0] < 100
    with Image.open(media / photo.thumbnail.name) as thumb:
        assert max(thumb.size) <= services.THUMBNAIL_SIZE
        assert thumb.size == (200, 400)
        assert len(thumb.getexif()) == 0 and "exif" not in thumb.info


def test_png_with_transparency_stays_png_and_plain_png_becomes_jpeg(
    client_alice: Client, profile: Profile, media: Path
) -> None:
    assert upload(client_alice, profile, png_bytes("RGBA"), name="a.png").status_code == 302
    assert upload(client_alice, profile, png_bytes("RGB"), name="b.png").status_code == 302
    transparent, plain = Photo.objects.order_by("id")
    assert transparent.content_type == "image/png" and transparent.image.name.endswith(".png")
    assert plain.content_type == "image/jpeg" and plain.image.name.endswith(".jpg")
    with Image.open(media / transparent.image.name) as stored:
        assert stored.format == "PNG" and stored.mode == "RGBA"


def test_heic_is_accepted_when_pillow_heif_is_installed(
    client_alice: Client, profile: Profile, media: Path
) -> None:
    pytest.importorskip("pillow_heif")
    out = io.BytesIO()
    Image.new("RGB", (320, 240), (120, 80, 60)).save(out, format="HEIF")
    assert upload(client_alice, profile, out.getvalue(), name="IMG.HEIC").status_code == 302
    photo = Photo.objects.get()
    assert photo.content_type == "image/jpeg" and (photo.width, photo.height) == (320, 240)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"this is not a photo at all\n" * 20, "holiday.jpg"),
        (b"GIF89a" + b"\x00" * 200, "anim.png"),
        (jpeg_with_gps()[:400], "cut.jpg"),
    ],
    ids=["text-renamed-jpg", "gif-renamed-png", "truncated-jpeg"],
)
def test_files_that_are_not_jpeg_or_png_by_content_are_refused(
    client_alice: Client, profile: Profile, media: Path, data: bytes, name: str
) -> None:
    response = upload(client_alice, profile, data, name=name)
    assert response.status_code == 200
    assert 'data-testid="field-image"' in response.content.decode()
    errors = response.context["form"].errors["image"]
    assert "Choose a JPEG, PNG" in errors[0]
    assert Photo.objects.count() == 0
    assert stored_files(media) == []


def test_a_real_gif_is_refused(client_alice: Client, profile: Profile, media: Path) -> None:
    out = io.BytesIO()
    Image.new("RGB", (20, 20)).save(out, format="GIF")
    assert upload(client_alice, profile, out.getvalue(), name="x.jpg").status_code == 200
    assert Photo.objects.count() == 0


def test_over_the_size_limit_is_refused_before_decoding(
    client_alice: Client, profile: Profile, media: Path, settings: Any
) -> None:
    data = jpeg_with_gps()
    settings.CALMSKIN_PHOTO_MAX_BYTES = len(data) - 1
    response = upload(client_alice, profile, data)
    assert response.status_code == 200
    assert "too large" in response.context["form"].errors["image"][0]
    assert Photo.objects.count() == 0
    assert stored_files(media) == []


def test_decompression_bombs_are_refused(
    client_alice: Client, profile: Profile, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    response = upload(client_alice, profile, png_bytes("RGB"), name="b.png")
    assert response.status_code == 200
    assert "too many pixels" in response.context["form"].errors["image"][0]
    assert Photo.objects.count() == 0 and stored_files(media) == []


def test_a_future_day_is_refused(client_alice: Client, profile: Profile, media: Path) -> None:
    response = upload(client_alice, profile, png_bytes(), taken_on="2999-01-01")
    assert response.status_code == 200
    assert response.context["form"].errors["taken_on"]
    assert Photo.objects.count() == 0 and stored_files(media) == []


def test_upload_form_markup(client_alice: Client, profile: Profile, media: Path) -> None:
    html = client_alice.get(f"/photos/profiles/{profile.uuid}/new/").content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'accept="image/jpeg,image/png,image/heic' in html
    assert "capture" not in html
    assert '<label for="id_image"' in html
    assert "<style" not in html and "style=" not in html and "<script>" not in html


def test_files_are_served_only_to_the_owner(
    client_alice: Client, profile: Profile, media: Path
) -> None:
    upload(client_alice, profile, jpeg_with_gps())
    photo = Photo.objects.get()
    for which in ("image", "thumbnail"):
        url = f"/photos/{photo.uuid}/{which}/"
        response = client_alice.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["Content-Disposition"].startswith("inline")
        assert response["Cache-Control"].startswith("private")
        assert response["X-Content-Type-Options"] == "nosniff"
        body = b"".join(response.streaming_content)
        assert body == (media / getattr(photo, which).name).read_bytes()

        bob = Client()
        bob.force_login(make_user(f"bob-{which}"))
        assert bob.get(url).status_code == 404
        anonymous = Client().get(url)
        assert anonymous.status_code == 302 and "/account/" in anonymous["Location"]


def test_no_public_media_url(
    client_alice: Client, profile: Profile, media: Path, settings: Any
) -> None:
    upload(client_alice, profile, jpeg_with_gps())
    name = Photo.objects.get().image.name
    assert not settings.MEDIA_URL or settings.MEDIA_URL in ("/", "")
    for prefix in ("/media/", "/", "/static/"):
        with pytest.raises(Resolver404):
            resolve(prefix + name)
        assert client_alice.get(prefix + name).status_code == 404


def test_timeline_lists_photos_by_day(client_alice: Client, profile: Profile, media: Path) -> None:
    upload(client_alice, profile, png_bytes(), taken_on="2026-01-02", body_area="hands")
    upload(client_alice, profile, png_bytes(), taken_on="2026-02-10", body_area="neck")
    html = client_alice.get(f"/photos/profiles/{profile.uuid}/").content.decode()
    assert html.index("10 February 2026") < html.index("2 January 2026")
    for photo in Photo.objects.all():
        assert f"/photos/{photo.uuid}/thumbnail/" in html
    assert "style=" not in html
    # The diary navigation links here.
    today = client_alice.get(f"/diary/profiles/{profile.uuid}/today/").content.decode()
    assert f'href="/photos/profiles/{profile.uuid}/"' in today


def test_compare_shows_two_days_side_by_side(
    client_alice: Client, profile: Profile, media: Path
) -> None:
    upload(client_alice, profile, png_bytes(), taken_on="2026-01-02")
    upload(client_alice, profile, png_bytes(), taken_on="2026-01-20")
    upload(client_alice, profile, png_bytes(), taken_on="2026-02-10")
    first, middle, last = Photo.objects.order_by("taken_on")
    url = f"/photos/profiles/{profile.uuid}/compare/"

    response = client_alice.get(url)  # default: the first and the latest day
    sides = response.context["sides"]
    assert [(day, [p.pk for p in photos]) for day, photos, _ in sides] == [
        (date(2026, 1, 2), [first.pk]),
        (date(2026, 2, 10), [last.pk]),
    ]
    response = client_alice.get(url, {"a": "2026-01-20", "b": "2026-01-02"})
    html = response.content.decode()
    a_part = html[html.index('data-testid="compare-a"') : html.index('data-testid="compare-b"')]
    b_part = html[html.index('data-testid="compare-b"') :]
    assert f"/photos/{middle.uuid}/thumbnail/" in a_part
    assert f"/photos/{first.uuid}/thumbnail/" in b_part
    assert f"/photos/{last.uuid}/" not in html
    # A malformed day falls back to the default; an empty day says so.
    assert client_alice.get(url, {"a": "nonsense"}).status_code == 200
    empty = client_alice.get(url, {"a": "2025-05-05"}).content.decode()
    assert "No photos on this day." in empty


def test_compare_never_shows_another_accounts_photos(
    client_alice: Client, profile: Profile, media: Path
) -> None:
    upload(client_alice, profile, png_bytes(), taken_on="2026-01-02")
    bob = make_user("bob")
    bob_profile = make_profile(bob, "Bob")
    client = Client()
    client.force_login(bob)
    html = client.get(
        f"/photos/profiles/{bob_profile.uuid}/compare/", {"a": "2026-01-02", "b": "2026-01-02"}
    ).content.decode()
    assert str(Photo.objects.get().uuid) not in html


def test_delete_asks_then_removes_row_and_files(
    client_alice: Client,
    profile: Profile,
    media: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    upload(client_alice, profile, jpeg_with_gps())
    photo = Photo.objects.get()
    assert len(stored_files(media)) == 2
    url = f"/photos/{photo.uuid}/delete/"
    assert "Delete this photo?" in client_alice.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_alice.post(url)
    assert response.status_code == 302
    assert not Photo.objects.exists()
    assert stored_files(media) == []
    assert client_alice.get(f"/photos/{photo.uuid}/image/").status_code == 404


def test_deleting_the_profile_removes_its_photo_files(
    client_alice: Client,
    profile: Profile,
    media: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    upload(client_alice, profile, png_bytes())
    assert len(stored_files(media)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        profile.delete()
    assert stored_files(media) == []


def test_clean_photo_strips_icc_and_keeps_pixels_upright() -> None:
    clean = services.clean_photo(io.BytesIO(jpeg_with_gps((100, 40), orientation=1)))
    with Image.open(io.BytesIO(clean.image.data)) as image:
        assert image.size == (100, 40)
        assert ImageOps.exif_transpose(image).size == (100, 40)
        assert "icc_profile" not in image.info
