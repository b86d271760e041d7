"""Issue 10: input that used to crash. Every form of the app gets thousands of generated requests,
hostile values mixed with valid ones, and no response may be a server error (500).

How it works:

* One seeded ``random.Random`` (the seed is printed; ``CALMSKIN_FUZZ_SEED`` picks another one and
  ``CALMSKIN_FUZZ_REQUESTS`` another count) draws every request, so a run can be repeated exactly.
  The clock is frozen, so the same seed gives the same requests on any day.
* Each request starts from *valid* values for every field of its form and then spoils one field,
  a few fields, or all of them, drops some, adds unknown ones or sends a list where one value is
  expected. A form where every field is garbage only exercises its first check; this way the
  checks behind it (and the saving code behind those) run too, and about one request in eight is
  entirely valid and saved.
* The patient forms are posted by the owner of the profiles, the account and calculator forms by a
  visitor; both clients enforce CSRF: a form page is opened first and its ``csrfmiddlewaretoken``
  (and one-time ``once`` token) are posted back. A few requests send a wrong CSRF token on purpose:
  those must be refused with 403.
* The requests run in rounds; after each round the database goes back to the world built at the
  start (a savepoint), and the rate-limit counters are cleared. Each request has its own savepoint
  too, so a request that fails on the database cannot spoil the ones after it.

The counts (requests per form and per status) are printed; run with ``-s`` to see them.
"""

from __future__ import annotations

import io
import os
import re
import struct
import time
import uuid
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from random import Random
from typing import Any
from urllib.parse import quote, urlencode

import pytest
import time_machine
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import HttpResponseServerError
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from PIL import Image
from web_factories import PASSWORD, make_profile, make_user

from calmskin.core.instruments import easi, poem
from calmskin.core.therapy import sites as core_sites
from calmskin.web.diary.bodymap import area_choices
from calmskin.web.diary.models import Profile, Trigger, known_time_zones
from calmskin.web.diary.models import Treatment as DiaryTreatment
from calmskin.web.diary.services import save_check_in
from calmskin.web.instruments.forms import EASI, EASI_SIGN_VALUES
from calmskin.web.photos.services import clean_photo, save_photo
from calmskin.web.questionnaires.forms import prompt_set
from calmskin.web.questionnaires.services import save_response
from calmskin.web.sideeffects.models import Kind, Severity, SideEffect
from calmskin.web.treatment.models import (
    DRUG_CHOICES,
    Device,
    Injection,
    Injector,
    PenOut,
    PlanStep,
    Treatment,
)

SEED = int(os.environ.get("CALMSKIN_FUZZ_SEED") or 20261202)
REQUESTS = int(os.environ.get("CALMSKIN_FUZZ_REQUESTS") or 5000)
ROUND = 250
"""Requests per round; each round starts again from the world built by the test."""
NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
TODAY = NOW.date()
ALLOWED = frozenset({200, 201, 204, 301, 302, 303, 400, 403, 404, 405, 409, 413, 429})
PHOTO_MAX_BYTES = 200_000
"""The upload limit during the fuzz (small, so the "too large" path is cheap to reach)."""

MISSING: Any = object()
"""A field value meaning "leave this field out of the request"."""

Value = Any  # str, list[str], an uploaded file, or MISSING
Gen = Callable[[Random, "World"], Value]


# --------------------------------------------------------------------------------------------------
# Hostile values
# --------------------------------------------------------------------------------------------------

CHAR_RANGES = [
    (0x20, 0x7E),  # ASCII
    (0x00, 0x1F),  # C0 controls, NUL included
    (0x7F, 0x9F),  # DEL and C1 controls
    (0xA0, 0xFF),  # Latin-1
    (0x300, 0x36F),  # combining marks
    (0x590, 0x6FF),  # Hebrew, Arabic (right to left), Arabic-Indic digits
    (0x200B, 0x200F),  # zero-width and direction marks
    (0x2028, 0x202E),  # line/paragraph separators, bidi overrides
    (0x4E00, 0x4FFF),  # CJK
    (0xE000, 0xE0FF),  # private use
    (0xFF10, 0xFF19),  # full-width digits
    (0xFFF0, 0xFFFF),  # specials, non-characters
    (0x1F300, 0x1F64F),  # emoji
    (0x10FFF0, 0x10FFFF),  # the last planes
]
LENGTHS = (0, 1, 2, 3, 7, 20, 40, 60, 61, 80, 81, 199, 200, 201, 300, 501, 2001, 5000)

FIXED_TEXT = (
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x00" * 40,
    "\r\n",
    "\t\t",
    "\x1b[31mred\x1b[0m",
    "\x7f\x80\x9f",
    "\u0085\u2028\u2029",
    "\u202egnp.exe",
    "\ufeff",
    "\u200b",
    "\uffff\ufffe",
    "\U0010ffff",
    "😀" * 81,
    "Z̴̡̛͉a̵l̷g̸o̵",
    "../etc/passwd",
    "../../../../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "/dev/zero",
    "file:///etc/passwd",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}",
    "{% debug %}",
    "${jndi:ldap://x/a}",
    "' OR '1'='1",
    "'; DROP TABLE diary_profile; --",
    "%s%s%s%n",
    "%(x)s",
    "{0}",
    "\\",
    "NULL",
    "None",
    "null",
    "undefined",
    "true",
    "[]",
    "{}",
    "-",
    ".",
    "A" * 300,
    "é" * 300,
    "A" * 5000,
    "1e999999999",
    "NaN",
    "Infinity",
    "٣",
    "１",
    "²",
    "½",
    "ⅷ",
    "2026-02-30",
    "0001-01-01",
    "9999-12-31",
    "US",
    "Europe",
    "America/Argentina",
)

FIXED_NUMBERS = (
    "0",
    "-0",
    "-1",
    "+1",
    "007",
    " 7 ",
    "7\x00",
    "1e999999999",
    "-1e999999999",
    "1e-999999999",
    "NaN",
    "nan",
    "sNaN",
    "inf",
    "-Infinity",
    "1.5",
    "1,5",
    "3.0000000000000000001",
    "0x1A",
    "0b101",
    "1_000",
    "٣",
    "١٢",
    "１２",
    "²",
    "½",
    "1e3",
    "1E+2",
    ".5",
    "5.",
    "e5",
    "1e",
    "--1",
    "2147483647",
    "2147483648",
    "-2147483649",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551616",
    "32767",
    "32768",
    "65536",
    "99999999999999999999.99",
    "0.49",
    "0.5",
    "400",
    "400.001",
    "12345.67",
    "7.25",
    # the edges of the fields' ranges (a valid value next to an invalid one)
    "1",
    "2",
    "4",
    "5",
    "10",
    "11",
    "12",
    "13",
    "28",
    "29",
    "30",
    "31",
    "365",
    "366",
    "2000",
    "2001",
    "1906",
    "1905",
    "2026",
    "2027",
)

FIXED_DATES = (
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "2026-02-29",
    "2024-02-29",
    "2100-02-29",
    "0000-00-00",
    "0000-01-01",
    "10000-01-01",
    "-2026-01-01",
    "2026-13-01",
    "2026-00-10",
    "2026-1-1",
    "2026-03-10T10:00",
    "2026-03-10 ",
    "2026/03/10",
    "10.03.2026",
    "03/10/2026",
    "10/03/26",
    "Mar 10 2026",
    "10 March 2026",
    "20260310",
    "1970-01-01",
    "1900-01-01",
    "today",
    "2026-03-10\x00",
    "２０２６-０３-１０",
    "٢٠٢٦-٠٣-١٠",
)

FIXED_DATETIMES = (
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "0001-01-01T00:00+01:00",
    "0001-01-01T00:00:00+23:59",
    "9999-12-31T23:59-23:59",
    "9999-12-31T23:59:59.999999-14:00",
    "2026-03-10T10:00Z",
    "2026-03-10T10:00+14:00",
    "2026-03-10T09:00-12:00",
    "2026-03-08T02:30",  # a time that does not exist in New York (DST starts)
    "2026-03-29T02:30",  # ... nor in Berlin
    "2025-11-02T01:30",  # a time that happens twice in New York
    "2025-10-26T02:30",  # ... and in Berlin
    "2026-03-10T25:00",
    "2026-03-10T10:60",
    "2026-02-30T10:00",
    "2026-03-10T10:00:00",
    "2026-03-10T10:00:00.123456",
    "2026-03-10 10:00",
    "2026-03-10",
    "T10:00",
    "10:00",
    "2026-03-10T10:00\x00",
    "1969-12-31T23:59",
    "2038-01-19T03:14",
    "２０２６-０３-１０T１０:００",
)

FIXED_TIME_ZONES = (
    "US",
    "Europe",
    "America",
    "America/Argentina",
    "America/Argentina/",
    "America/Indiana",
    "Etc",
    "posix",
    "right",
    "posix/Europe/Berlin",
    "right/UTC",
    "/etc/passwd",
    "../../../../etc/passwd",
    "Europe/../Europe/Berlin",
    "Europe/Berlin/../../../etc/passwd",
    "UTC\x00",
    "\x00",
    "utc",
    "europe/berlin",
    " Europe/Berlin",
    "Europe/Berlin ",
    "Europe/Berlin\n",
    "Etc/GMT+14",
    "Etc/GMT-15",
    "Factory",
    "localtime",
    "posixrules",
    "zone.tab",
    "zone1970.tab",
    "tzdata.zi",
    "leap-seconds.list",
    "iso3166.tab",
    "__init__",
    "__pycache__",
    "+05:00",
    "GMT+5",
    "EST5EDT",
    "Z" * 300,
    "Europe/" + "B" * 300,
    "",
)

FIXED_EMAILS = (
    "alice@example.org",
    "ALICE@EXAMPLE.ORG",
    " alice@example.org ",
    "alice@example.org\x00",
    "carol@example.org",
    "a@b",
    "@",
    "a@b@c.org",
    "a" * 200 + "@example.org",
    "x@" + "a" * 300 + ".com",
    "пример@пример.рф",
    "a@[127.0.0.1]",
    "a@localhost",
    "\u0430lice@example.org",
    "a\n@example.org",
    "a@example.org\nBcc: b@example.org",
    "a@example.org\r\nSubject: x",
    '"a b"@example.org',
    "a+tag@example.org",
)

IMAGE_NAMES = (
    "photo.jpg",
    "../../etc/passwd",
    "..\\..\\x.jpg",
    "a\x00b.jpg",
    "é" * 300 + ".png",
    "x" * 300,
    "",
    ".htaccess",
    "photo.jpg.exe",
    "<script>.png",
)


def random_text(rng: Random, length: int | None = None) -> str:
    if length is None:
        length = rng.choice(LENGTHS)
    out = []
    for _ in range(length):
        low, high = rng.choice(CHAR_RANGES)
        out.append(chr(rng.randint(low, high)))
    return "".join(out)


def digits(rng: Random, count: int) -> str:
    """A number written with ``count`` digits (built as text: Python refuses str() of such ints)."""
    return str(rng.randint(1, 9)) + "".join(rng.choice("0123456789") for _ in range(count - 1))


def hostile_number(rng: Random) -> str:
    roll = rng.random()
    if roll < 0.4:
        return rng.choice(FIXED_NUMBERS)
    if roll < 0.55:
        return ("-" if rng.random() < 0.3 else "") + digits(rng, rng.choice((20, 300, 4301, 5000)))
    if roll < 0.8:
        magnitude = 10 ** rng.randint(0, 30)
        return str(rng.randint(-magnitude, magnitude))
    if roll < 0.9:
        return f"{rng.uniform(-1e6, 1e6):.{rng.randint(0, 12)}f}"
    return f"{rng.randint(1, 9)}e{rng.choice(('', '-', '+'))}{rng.randint(0, 999999999)}"


def random_date(rng: Random) -> date:
    if rng.random() < 0.5:
        return TODAY + timedelta(days=rng.randint(-800, 800))
    return date.fromordinal(rng.randint(1, date.max.toordinal()))


def hostile_date(rng: Random) -> str:
    roll = rng.random()
    if roll < 0.45:
        return rng.choice(FIXED_DATES)
    day = random_date(rng)
    if roll < 0.85:
        return day.isoformat()
    formats = ("%d/%m/%Y", "%m/%d/%Y", "%m/%d/%y", "%d.%m.%Y", "%b %d %Y", "%d %B %Y", "%Y%m%d")
    return day.strftime(rng.choice(formats))


def hostile_datetime(rng: Random) -> str:
    roll = rng.random()
    if roll < 0.45:
        return rng.choice(FIXED_DATETIMES)
    day = random_date(rng)
    moment = datetime(day.year, day.month, day.day, rng.randint(0, 23), rng.randint(0, 59))
    if roll < 0.75:
        return moment.strftime(rng.choice(("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M")))
    offset = rng.randint(-23 * 60 - 59, 23 * 60 + 59)
    sign = "-" if offset < 0 else "+"
    return (
        moment.strftime("%Y-%m-%dT%H:%M:%S")
        + f"{sign}{abs(offset) // 60:02d}:{abs(offset) % 60:02d}"
    )


def hostile_choice(rng: Random, valid: str) -> str:
    return rng.choice(
        (
            valid.upper(),
            valid.title(),
            valid + " ",
            " " + valid,
            valid + "\x00",
            valid * 2,
            valid[:-1],
            valid + "/../x",
            "x",
            "other" if valid != "other" else "others",
            "__proto__",
            "constructor",
            random_text(rng, rng.randint(1, 30)),
        )
    )


def hostile_time_zone(rng: Random) -> str:
    if rng.random() < 0.8:
        return rng.choice(FIXED_TIME_ZONES)
    name = rng.choice(ZONES)
    return rng.choice(
        (name.upper(), name.lower(), name + "/", "/" + name, name + "/x", name + "\x00")
    )


def hostile(rng: Random, kind: str, valid: Value) -> Value:
    """A spoiled value for a field of this ``kind`` (the valid value is a hint for choices)."""
    if rng.random() < 0.25:  # whatever the field: text of any kind and length
        return random_text(rng) if rng.random() < 0.5 else rng.choice(FIXED_TEXT)
    if kind in ("int", "decimal"):
        return hostile_number(rng)
    if kind == "date":
        return hostile_date(rng)
    if kind == "datetime":
        return hostile_datetime(rng)
    if kind == "tz":
        return hostile_time_zone(rng)
    if kind == "email":
        return rng.choice(FIXED_EMAILS)
    if kind == "choice" and isinstance(valid, str) and valid:
        return hostile_choice(rng, valid)
    if kind == "multi":
        base = valid if isinstance(valid, list) and valid else ["x"]
        return [hostile_choice(rng, rng.choice(base)) for _ in range(rng.randint(1, 3))]
    if kind == "file":
        return hostile_file(rng)
    if kind == "bool":
        return rng.choice(("on", "off", "0", "1", "false", "False", "true", "yes", "no", ""))
    return random_text(rng) if rng.random() < 0.6 else rng.choice(FIXED_TEXT)


# --------------------------------------------------------------------------------------------------
# Files for the photo upload
# --------------------------------------------------------------------------------------------------


def _encoded(image: Image.Image, fmt: str, **options: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_declaring(width: int, height: int, *, body: bytes = b"") -> bytes:
    """A PNG whose header declares ``width`` x ``height`` pixels (the pixel data is not there)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(body))
        + _png_chunk(b"IEND", b"")
    )


def _build_images() -> dict[str, bytes]:
    rgb = Image.new("RGB", (24, 16), (200, 120, 90))
    jpeg = _encoded(rgb, "JPEG")
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated
    exif[0x8825] = {2: (52.0, 31.0, 0.0)}  # a GPS position
    palette = Image.new("P", (8, 8), 1)
    palette.info["transparency"] = 1
    return {
        "jpeg": jpeg,
        "jpeg-exif": _encoded(rgb, "JPEG", exif=exif.tobytes()),
        "jpeg-cmyk": _encoded(Image.new("CMYK", (8, 8), (0, 50, 100, 0)), "JPEG"),
        "jpeg-grey": _encoded(Image.new("L", (8, 8), 99), "JPEG"),
        "jpeg-truncated": jpeg[: len(jpeg) // 2],
        "jpeg-bad-icc": _encoded(rgb, "JPEG", icc_profile=b"not an icc profile" * 10),
        "png": _encoded(rgb, "PNG"),
        "png-rgba": _encoded(Image.new("RGBA", (8, 8), (1, 2, 3, 4)), "PNG"),
        "png-la": _encoded(Image.new("LA", (8, 8), (1, 2)), "PNG"),
        "png-palette": _encoded(palette, "PNG"),
        "png-16bit": _encoded(Image.new("I;16", (8, 8), 4000), "PNG"),
        "png-1bit": _encoded(Image.new("1", (8, 8), 1), "PNG"),
        "png-huge": png_declaring(100_000, 100_000),
        "png-wide": png_declaring(2**31 - 1, 1),
        "png-zero": png_declaring(0, 0),
        "png-bomb-edge": png_declaring(20_000, 20_000, body=b"\x00" * 1000),
        "gif": _encoded(Image.new("P", (8, 8)), "GIF"),
        "bmp": _encoded(rgb, "BMP"),
        "webp": _encoded(rgb, "WEBP"),
        "tiff": _encoded(rgb, "TIFF"),
        "svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "zip": b"PK\x03\x04" + b"\x00" * 100,
        "text": b"not an image at all",
        "empty": b"",
        "nul": b"\x00" * 512,
        "too-large": b"\xff\xd8\xff\xe0" + b"\x00" * PHOTO_MAX_BYTES,
    }


IMAGES = _build_images()


def valid_file(rng: Random, _world: World | None = None) -> SimpleUploadedFile:
    kind = rng.choice(("jpeg", "jpeg", "png", "png-rgba", "jpeg-exif"))
    name = "photo.png" if kind.startswith("png") else "photo.jpg"
    return SimpleUploadedFile(name, IMAGES[kind], content_type="image/jpeg")


def hostile_file(rng: Random) -> Value:
    roll = rng.random()
    if roll < 0.1:
        return random_text(rng, rng.randint(0, 40))  # a plain value where a file belongs
    if roll < 0.15:
        return [valid_file(rng), valid_file(rng)]
    if roll < 0.3:
        data = rng.randbytes(rng.choice((1, 16, 1000, 50_000)))
    else:
        data = IMAGES[rng.choice(sorted(IMAGES))]
    content_type = rng.choice(("image/jpeg", "image/png", "application/x-php", "", "text/html"))
    return SimpleUploadedFile(rng.choice(IMAGE_NAMES) or "x", data, content_type=content_type)


# --------------------------------------------------------------------------------------------------
# The world
# --------------------------------------------------------------------------------------------------

ZONES = tuple(sorted(known_time_zones()))
DRUGS = tuple(drug for drug, _label in DRUG_CHOICES)
SITES = tuple(core_sites.SITES)
AREAS = tuple(area for area, _label in area_choices())
INSTRUMENTS = ("poem", "dlqi", "cdlqi", "idqol", "adct")
POEM_ANSWERS = {"itch": "4", "sleep": "3", "bleeding": "2", "weeping": "1", "cracking": "0"}


@dataclass
class World:
    alice: Any
    carol: Any
    adult: Profile
    child: Profile
    infant: Profile
    treatment: Treatment
    child_treatment: Treatment
    ended: Treatment
    pen: PenOut
    side_effect: SideEffect
    check_in_uuid: str
    reset_path: str = ""

    @property
    def profiles(self) -> tuple[Profile, ...]:
        return (self.adult, self.child, self.infant)

    @property
    def treatments(self) -> tuple[Treatment, ...]:
        return (self.treatment, self.treatment, self.child_treatment, self.ended)

    @property
    def profile_fitting(self) -> dict[str, tuple[str, ...]]:
        return {
            "adult": ("poem", "dlqi", "adct"),
            "child": ("poem", "cdlqi"),
            "infant": ("poem", "idqol"),
        }


def small_jpeg() -> io.BytesIO:
    return io.BytesIO(IMAGES["jpeg"])


def build_world() -> World:
    alice = make_user("alice")
    carol = make_user("carol")  # the account whose password the reset form changes
    adult = make_profile(alice, "Alice")
    child = make_profile(
        alice, "Ben", relation="child", birth_year=2018, birth_month=1, time_zone="Europe/Berlin"
    )
    infant = make_profile(
        alice,
        "Cleo",
        relation="child",
        birth_year=2024,
        birth_month=9,
        time_zone="America/New_York",
        region="EU",
    )
    check_in, _ = save_check_in(adult, date(2026, 3, 1), {"peak_itch": 5, "sleep_loss": 3})
    save_photo(adult, clean_photo(small_jpeg()), date(2026, 3, 1), "neck")
    save_response(adult, "poem", {"answers": POEM_ANSWERS}, "self", date(2026, 1, 3))
    treatment = Treatment.objects.create(
        profile=adult,
        drug="dupilumab",
        start_date=date(2026, 1, 5),
        loading=[{"day": 0, "dose_mg": 600, "injections": 2, "injection_mg": 300}],
        label_check={},
    )
    PlanStep.objects.create(
        treatment=treatment,
        from_date=date(2026, 1, 19),
        dose_mg=300,
        interval_days=14,
        injections=1,
        injection_mg=300,
    )
    for number, site in enumerate(("abdomen-upper-left", "abdomen-lower-right")):
        Injection.objects.create(
            treatment=treatment,
            given_at=datetime(2026, 1, 5, 9, number, tzinfo=UTC),
            given_on=date(2026, 1, 5),
            dose_mg=300,
            site=site,
            device="pen",
            injector="self",
        )
    pen = PenOut.objects.create(
        treatment=treatment, taken_out_at=datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
    )
    child_treatment = Treatment.objects.create(
        profile=child,
        drug="dupilumab",
        start_date=date(2026, 2, 1),
        loading=[],
        label_check={},
    )
    PlanStep.objects.create(
        treatment=child_treatment,
        from_date=date(2026, 2, 1),
        dose_mg=300,
        interval_days=28,
        injections=1,
        injection_mg=300,
    )
    ended = Treatment.objects.create(
        profile=adult,
        drug="tralokinumab",
        start_date=date(2025, 1, 5),
        loading=[],
        label_check={},
        stopped_on=date(2025, 6, 1),
    )
    PlanStep.objects.create(
        treatment=ended,
        from_date=date(2025, 1, 5),
        dose_mg=300,
        interval_days=14,
        injections=2,
        injection_mg=150,
    )
    side_effect = SideEffect.objects.create(
        profile=adult,
        kind="eye-red",
        severity="mild",
        started_on=date(2026, 2, 8),
        drug="dupilumab",
    )
    return World(
        alice=alice,
        carol=carol,
        adult=adult,
        child=child,
        infant=infant,
        treatment=treatment,
        child_treatment=child_treatment,
        ended=ended,
        pen=pen,
        side_effect=side_effect,
        check_in_uuid=str(check_in.uuid),
    )


# --------------------------------------------------------------------------------------------------
# The forms: one Target per form, one Field per input, each with a generator of valid values
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # text, int, decimal, date, datetime, choice, multi, tz, bool, email, file
    valid: Gen


@dataclass(frozen=True)
class Target:
    name: str
    url: Callable[[Random, World], str]
    fields: tuple[Field, ...] = ()
    method: str = "POST"
    visitor: bool = False  # posted by a visitor (not logged in) instead of the owner
    page: Callable[[World], str] | None = None  # the page holding the form (default: the URL)
    multipart: bool = False
    fix: Callable[[Random, str, dict[str, Value]], None] | None = None  # valid values that agree


def one(*values: str) -> Gen:
    return lambda rng, _w: rng.choice(values)


def between(low: int, high: int) -> Gen:
    return lambda rng, _w: str(rng.randint(low, high))


def day_between(low: int, high: int) -> Gen:
    """A date from ``low`` to ``high`` days after today (ISO format, as a date input sends it)."""
    return lambda rng, _w: (TODAY + timedelta(days=rng.randint(low, high))).isoformat()


def maybe(gen: Gen, empty: float = 0.3) -> Gen:
    return lambda rng, w: "" if rng.random() < empty else gen(rng, w)


def plain(low: int, high: int) -> Gen:
    words = ("itchy", "better today", "Zoë", "Ärger", "李小龍", "red patches", "after the swim")
    return lambda rng, _w: " ".join(rng.choice(words) for _ in range(rng.randint(low, high)))


def subset(choices: tuple[str, ...], most: int = 4) -> Gen:
    return lambda rng, _w: rng.sample(choices, rng.randint(0, min(most, len(choices))))


def time_zone(rng: Random, _w: World) -> str:
    return (
        rng.choice(("UTC", "Europe/Berlin", "America/New_York", "Pacific/Kiritimati"))
        if rng.random() < 0.5
        else rng.choice(ZONES)
    )


def given_at(rng: Random, _w: World) -> str:
    moment = NOW - timedelta(minutes=rng.randint(0, 60 * 24 * 70))
    return moment.strftime("%Y-%m-%dT%H:%M")


def any_profile(rng: Random, world: World) -> Profile:
    return rng.choice(world.profiles)


def any_treatment(rng: Random, world: World) -> Treatment:
    return rng.choice(world.treatments)


def fix_profile(rng: Random, _url: str, data: dict[str, Value]) -> None:
    if data.get("relation") == "child":
        data["birth_year"] = str(rng.randint(2012, 2026))  # 2026: a baby of a few weeks


def fix_start(rng: Random, _url: str, data: dict[str, Value]) -> None:
    dose, count = rng.choice(((300, 1), (600, 2), (200, 1), (250, 1), (150, 1), (30, 1), (60, 2)))
    data["dose_mg"], data["injections"] = str(dose), str(count)
    if data.get("loading") == "custom":
        data["loading_mg"], data["loading_injections"] = rng.choice(
            (("600", "2"), ("500", "2"), ("250", "1"))
        )


def fix_change(rng: Random, _url: str, data: dict[str, Value]) -> None:
    dose, count = rng.choice(((300, 1), (600, 2), (200, 1), (150, 1)))
    data["dose_mg"], data["injections"] = str(dose), str(count)


def fix_injection(rng: Random, _url: str, data: dict[str, Value]) -> None:
    area = rng.choice(
        ("abdomen", "thigh", "upper_arm")
        if data.get("injector") != "self"
        else ("abdomen", "thigh")
    )
    in_area = [s for s in SITES if core_sites.SITES[s].area == area]
    first, second = rng.sample(in_area, 2)
    data["site_1"], data["site_2"] = first, second


def fix_side_effect(rng: Random, _url: str, data: dict[str, Value]) -> None:
    if data.get("kind") == "other" and not data.get("other_text"):
        data["other_text"] = "hair loss"
    if data.get("ended_on") and data["ended_on"] < data["started_on"]:
        data["ended_on"] = data["started_on"]


def fix_questionnaire(rng: Random, url: str, data: dict[str, Value]) -> None:
    """Answers the questionnaire of the URL takes (the fields cover the items of all five)."""
    instrument = url.rstrip("/").rsplit("/", 1)[-1]
    if instrument in INSTRUMENTS:
        for item in prompt_set(instrument).items:
            data[item.key] = rng.choice([value for value, _label in item.options])
    if data.get("q7") != "no":
        data.pop("q7_followup", None)


def profile_url(path: str) -> Callable[[Random, World], str]:
    return lambda rng, w: path.format(p=any_profile(rng, w).uuid)


def treatment_url(path: str) -> Callable[[Random, World], str]:
    return lambda rng, w: path.format(t=any_treatment(rng, w).uuid)


def questionnaire_url(rng: Random, world: World) -> str:
    who = rng.choice(("adult", "child", "infant"))
    profile = {"adult": world.adult, "child": world.child, "infant": world.infant}[who]
    roll = rng.random()
    if roll < 0.85:
        instrument = rng.choice(world.profile_fitting[who])
    elif roll < 0.95:
        instrument = rng.choice(INSTRUMENTS)  # one that may not fit the age: refused
    else:
        instrument = rng.choice(("POEM", "poem-", "easi", "x" * 300, "0", "_", "dlqi_"))
    return f"/questionnaires/profiles/{profile.uuid}/{instrument}/"


def questionnaire_fields() -> tuple[Field, ...]:
    keys: dict[str, tuple[str, ...]] = {}
    for instrument in INSTRUMENTS:
        for item in prompt_set(instrument).items:
            options = tuple(value for value, _label in item.options)
            keys[item.key] = tuple(sorted(set(keys.get(item.key, ())) | set(options)))
    return (
        Field("respondent", "choice", one("self", "caregiver")),
        *(Field(key, "choice", one(*options)) for key, options in keys.items()),
    )


def start_query(rng: Random, world: World) -> str:
    profile = any_profile(rng, world)
    query: dict[str, Value] = {"drug": rng.choice(DRUGS), "weight_kg": str(rng.randint(5, 150))}
    spoil(rng, query, {"drug": "choice", "weight_kg": "decimal"})
    return f"/treatment/profiles/{profile.uuid}/start/?{urlencode(query, doseq=True)}"


def compare_query(rng: Random, world: World) -> str:
    query = {"a": "2026-03-01", "b": TODAY.isoformat()}
    spoil(rng, query, {"a": "date", "b": "date"})
    return (
        f"/photos/profiles/{any_profile(rng, world).uuid}/compare/?{urlencode(query, doseq=True)}"
    )


def export_url(rng: Random, world: World) -> str:
    path = rng.choice(("", "", "calmskin.json", "calmskin.zip"))
    junk = urlencode({random_text(rng, 5): random_text(rng, 20)}) if rng.random() < 0.5 else ""
    return f"/exports/profiles/{any_profile(rng, world).uuid}/{path}?{junk}"


def easi_fields() -> tuple[Field, ...]:
    signs = tuple(str(v) for v in EASI_SIGN_VALUES)
    fields = [
        Field("age_years", "int", between(0, 99)),
        Field("band_set", "choice", one(*EASI.band_sets)),
    ]
    for region in easi.REGIONS:
        fields.append(Field(f"{region}.area", "int", between(0, 6)))
        fields.extend(Field(f"{region}.{sign}", "decimal", one(*signs)) for sign in easi.SIGNS)
    return tuple(fields)


PROFILE_FIELDS = (
    Field("display_name", "text", plain(1, 3)),
    Field("relation", "choice", one("self", "child", "other")),
    Field("birth_month", "int", between(1, 12)),
    Field("birth_year", "int", between(1930, 2008)),
    Field("time_zone", "tz", time_zone),
    Field("region", "choice", one("US", "EU")),
    Field("email_reminders", "bool", one("on", "on", "")),
    Field(
        "weight_kg",
        "decimal",
        maybe(lambda rng, _w: f"{rng.uniform(2, 150):.{rng.randint(0, 2)}f}"),
    ),
)
CHECK_IN_FIELDS = (
    Field("peak_itch", "int", between(0, 10)),
    Field("sleep_loss", "int", between(0, 10)),
    Field("body_areas", "multi", subset(AREAS, 8)),
    Field("triggers", "multi", subset(tuple(Trigger.values))),
    Field("own_triggers", "text", maybe(plain(1, 4))),
    Field("treatments", "multi", subset(tuple(DiaryTreatment.values))),
    Field("note", "text", maybe(plain(1, 20))),
)
SIDE_EFFECT_FIELDS = (
    Field("kind", "choice", one(*Kind.values)),
    Field("other_text", "text", maybe(plain(1, 3), 0.6)),
    Field("severity", "choice", one(*Severity.values)),
    Field("started_on", "date", day_between(-300, 0)),
    Field("ended_on", "date", maybe(day_between(-30, 0), 0.6)),
    Field("drug", "choice", one("", *DRUGS)),
    Field("what_was_done", "text", maybe(plain(1, 8))),
    Field("note", "text", maybe(plain(1, 8))),
)
STRONG_PASSWORD = one("a long enough passphrase 42", "Correct horse battery staple 9", PASSWORD)

TARGETS = (
    # --- diary
    Target("profile-add", lambda _r, _w: "/diary/profiles/new/", PROFILE_FIELDS, fix=fix_profile),
    Target(
        "profile-edit",
        profile_url("/diary/profiles/{p}/edit/"),
        PROFILE_FIELDS,
        fix=fix_profile,
    ),
    Target(
        "profile-switch",
        profile_url("/diary/profiles/{p}/switch/"),
        (
            Field(
                "next",
                "text",
                one(
                    "/diary/",
                    "/treatment/",
                    "//evil.example",
                    "https://evil.example/",
                    "/\\evil.example",
                    "javascript:alert(1)",
                ),
            ),
        ),
        page=lambda w: "/diary/profiles/",
    ),
    Target("check-in-today", profile_url("/diary/profiles/{p}/today/"), CHECK_IN_FIELDS),
    Target("check-in-edit", lambda _r, w: f"/diary/check-ins/{w.check_in_uuid}/", CHECK_IN_FIELDS),
    # --- questionnaires
    Target(
        "questionnaire",
        questionnaire_url,
        questionnaire_fields(),
        fix=fix_questionnaire,
    ),
    # --- photos
    Target(
        "photo-upload",
        profile_url("/photos/profiles/{p}/new/"),
        (
            Field("image", "file", valid_file),
            Field("taken_on", "date", day_between(-60, 0)),
            Field("body_area", "text", maybe(plain(1, 2))),
            Field("note", "text", maybe(plain(1, 10))),
        ),
        multipart=True,
    ),
    Target("photo-compare", compare_query, method="GET"),
    # --- treatment
    Target("treatment-start-choice", start_query, method="GET"),
    Target(
        "treatment-start",
        profile_url("/treatment/profiles/{p}/start/"),
        (
            Field("drug", "choice", one(*DRUGS)),
            Field("weight_kg", "decimal", lambda rng, _w: str(rng.randint(8, 120))),
            Field("start_date", "date", day_between(-120, 30)),
            Field("device", "choice", one(*Device.values)),
            Field("loading", "choice", one("label", "none", "custom")),
            Field("loading_mg", "int", one("")),
            Field("loading_injections", "int", one("")),
            Field("dose_mg", "int", one("300")),
            Field("interval_days", "int", one("14", "28", "56", "7", "365")),
            Field("injections", "int", one("1")),
            Field("first_maintenance_on", "date", maybe(day_between(0, 60), 0.7)),
        ),
        page=lambda w: f"/treatment/profiles/{w.adult.uuid}/start/?drug=dupilumab&weight_kg=70",
        fix=fix_start,
    ),
    Target(
        "treatment-change",
        treatment_url("/treatment/{t}/change/"),
        (
            Field("from_date", "date", day_between(1, 90)),
            Field("dose_mg", "int", one("300")),
            Field("interval_days", "int", one("14", "28", "56")),
            Field("injections", "int", one("1")),
            Field("reason", "text", maybe(plain(1, 6))),
        ),
        fix=fix_change,
    ),
    Target(
        "treatment-inject",
        treatment_url("/treatment/{t}/inject/"),
        (
            Field("given_at", "datetime", given_at),
            Field("injector", "choice", one(*Injector.values)),
            Field("dose_mg", "int", one("300", "150", "300")),
            Field("device", "choice", one(*Device.values)),
            Field("lot", "text", maybe(lambda rng, _w: f"LOT{rng.randint(0, 99999)}")),
            Field("pain", "int", maybe(between(0, 10))),
            Field("note", "text", maybe(plain(1, 6))),
            Field("confirm", "bool", one("on", "")),
            Field("site_1", "choice", one(*SITES)),
            Field("site_2", "choice", one(*SITES)),
        ),
        fix=fix_injection,
    ),
    Target(
        "treatment-pen-out",
        treatment_url("/treatment/{t}/pen-out/"),
        (
            Field("taken_out_at", "datetime", maybe(given_at, 0.4)),
            Field("expiry", "date", maybe(day_between(10, 700), 0.4)),
        ),
        page=lambda w: f"/treatment/profiles/{w.adult.uuid}/",
    ),
    Target(
        "treatment-pen-end",
        lambda _r, w: f"/treatment/pens/{w.pen.uuid}/end/",
        (Field("how", "choice", one("used", "discarded")),),
        page=lambda w: f"/treatment/profiles/{w.adult.uuid}/",
    ),
    Target(
        "treatment-skip",
        treatment_url("/treatment/{t}/skip/"),
        (
            Field(
                "due_on",
                "date",
                lambda rng, _w: rng.choice(("2026-03-02", "2026-03-01", TODAY.isoformat())),
            ),
        ),
        page=lambda w: f"/treatment/profiles/{w.adult.uuid}/",
    ),
    Target(
        "treatment-end",
        treatment_url("/treatment/{t}/end/"),
        (Field("stopped_on", "date", day_between(-60, 0)),),
    ),
    # --- is it working? (the baseline form)
    Target(
        "response-baseline",
        lambda rng, w: f"/response/treatments/{rng.choice((w.treatment, w.child_treatment)).uuid}/",
        (
            Field("poem", "int", maybe(between(0, 28))),
            Field("itch", "decimal", maybe(lambda rng, _w: f"{rng.randint(0, 100) / 10}")),
            Field("qol", "int", maybe(between(0, 30))),
        ),
    ),
    # --- side effects
    Target(
        "side-effect-add",
        profile_url("/side-effects/profiles/{p}/new/"),
        SIDE_EFFECT_FIELDS,
        fix=fix_side_effect,
    ),
    Target(
        "side-effect-edit",
        lambda _r, w: f"/side-effects/{w.side_effect.uuid}/edit/",
        SIDE_EFFECT_FIELDS,
        fix=fix_side_effect,
    ),
    Target(
        "side-effect-end",
        lambda _r, w: f"/side-effects/{w.side_effect.uuid}/end/",
        page=lambda w: f"/side-effects/profiles/{w.adult.uuid}/",
    ),
    # --- calendar feed, exports, deleting (always with a wrong name or password)
    Target(
        "feed-create",
        profile_url("/feeds/profiles/{p}/new/"),
        page=lambda w: f"/feeds/profiles/{w.adult.uuid}/",
    ),
    Target(
        "feed-revoke",
        profile_url("/feeds/profiles/{p}/revoke/"),
        page=lambda w: f"/feeds/profiles/{w.adult.uuid}/",
    ),
    Target("export", export_url, method="GET"),
    Target(
        "profile-delete",
        profile_url("/exports/profiles/{p}/delete/"),
        (Field("confirm_name", "text", one("Alicia", "alice", "Bob", "Alice Alice")),),
    ),
    Target(
        "account-delete",
        lambda _r, _w: "/exports/account/delete/",
        (Field("password", "text", one("not the password", PASSWORD.upper(), PASSWORD + " ")),),
    ),
    # --- the account pages (a visitor)
    Target(
        "log-in",
        lambda _r, _w: "/account/log-in/",
        (
            Field(
                "email",
                "email",
                one("alice@example.org", "carol@example.org", "nobody@example.org"),
            ),
            Field("password", "text", STRONG_PASSWORD),
            Field("next", "text", maybe(one("/diary/", "//evil.example", "https://evil.example/"))),
        ),
        visitor=True,
    ),
    Target(
        "sign-up",
        lambda _r, _w: "/account/sign-up/",
        (
            Field("email", "email", lambda rng, _w: f"new{rng.randint(0, 10**6)}@example.org"),
            Field("password", "text", STRONG_PASSWORD),
            Field("website", "text", one("", "", "", "http://spam.example")),
        ),
        visitor=True,
    ),
    Target(
        "verify-resend",
        lambda _r, _w: "/account/verify/resend/",
        (Field("email", "email", one("alice@example.org", "nobody@example.org")),),
        visitor=True,
    ),
    Target(
        "password-reset",
        lambda _r, _w: "/account/password-reset/",
        (Field("email", "email", one("carol@example.org", "nobody@example.org")),),
        visitor=True,
    ),
    Target(
        "password-reset-confirm",
        lambda _r, w: w.reset_path,
        (
            Field("new_password1", "text", one("another long passphrase 77")),
            Field("new_password2", "text", one("another long passphrase 77")),
        ),
        visitor=True,
    ),
    # --- the public calculators
    Target(
        "tools-easi",
        lambda rng, _w: rng.choice(("/tools/easi/", "/tools/easi/result/")),
        easi_fields(),
        visitor=True,
        page=lambda w: "/tools/easi/",
    ),
    Target(
        "tools-poem",
        lambda rng, _w: rng.choice(("/tools/poem/", "/tools/poem/result/")),
        tuple(Field(key, "int", between(0, 4)) for key in poem.ITEMS),
        visitor=True,
        page=lambda w: "/tools/poem/",
    ),
)


# --------------------------------------------------------------------------------------------------
# Drawing one request
# --------------------------------------------------------------------------------------------------


def spoil(rng: Random, data: dict[str, Value], kinds: dict[str, str]) -> str:
    """Spoil ``data`` in place (one field, a few, all, drop some, ...); returns what was done."""
    names = list(kinds)
    roll = rng.random()
    if not names or roll < 0.12:
        plan = "valid"
    elif roll < 0.67:
        plan = "one field"
        chosen = [rng.choice(names)]
    elif roll < 0.85:
        plan = "some fields"
        chosen = rng.sample(names, min(len(names), rng.randint(2, 4)))
    elif roll < 0.93:
        plan = "missing fields"
        for name in rng.sample(names, min(len(names), rng.randint(1, 3))):
            data[name] = MISSING
        chosen = []
    else:
        plan = "all fields"
        chosen = names
    if plan != "valid":
        for name in chosen:
            data[name] = hostile(rng, kinds[name], data.get(name, ""))
    if rng.random() < 0.06 and names:  # a list where one value is expected
        name = rng.choice(names)
        extra = hostile(rng, kinds[name], data.get(name, ""))
        current = data.get(name)
        if isinstance(current, str) and isinstance(extra, str):
            data[name] = [current, extra] if rng.random() < 0.5 else [extra, current]
    if rng.random() < 0.05:  # fields the form does not know
        for _ in range(rng.randint(1, 3)):
            data[rng.choice(("id", "pk", "profile", "account", "uuid", random_text(rng, 8)))] = (
                random_text(rng, 10)
            )
    for name in [n for n, v in data.items() if v is MISSING]:
        del data[name]
    return plan


@dataclass
class Request:
    target: str
    method: str
    url: str
    data: dict[str, Value] = field(default_factory=dict)
    plan: str = "valid"
    body: bytes | None = None  # a raw body (with content_type), instead of data
    content_type: str = ""
    csrf_probe: bool = False
    headers: dict[str, str] = field(default_factory=dict)


def draw(rng: Random, world: World, target: Target, csrf: str, once: str | None) -> Request:
    url = target.url(rng, world)
    if target.method == "GET":
        return Request(target.name, "GET", url, plan="query")
    data: dict[str, Value] = {f.name: f.valid(rng, world) for f in target.fields}
    if target.fix is not None:
        target.fix(rng, url, data)
    plan = spoil(rng, data, {f.name: f.kind for f in target.fields})
    # Deleting is fuzzed with a wrong profile name or password only: nothing may be deleted.
    if target.name == "profile-delete":
        names = {p.strip() for p in Profile.objects.values_list("display_name", flat=True)}
        if any(v.strip() in names for v in texts(data.get("confirm_name"))):
            data["confirm_name"] = "not the name"
    if target.name == "account-delete" and PASSWORD in texts(data.get("password")):
        data["password"] = "not the password"
    roll = rng.random()
    if roll < 0.5 and once:
        data["once"] = once  # the page's token (spent after the first save: "already saved")
    elif roll < 0.6:
        data["once"] = str(uuid.UUID(int=rng.getrandbits(128)))
    elif roll < 0.65:
        data["once"] = hostile(rng, "text", "")
    request = Request(target.name, "POST", url, data, plan)
    if rng.random() < 0.15:
        request.headers["HX-Request"] = "true"
    roll = rng.random()
    if roll < 0.03:  # a wrong or missing CSRF token: refused before the view
        request.csrf_probe = True
        request.data["csrfmiddlewaretoken"] = rng.choice(("", "x" * 64, csrf[::-1], csrf[:-1]))
        if rng.random() < 0.3:
            del request.data["csrfmiddlewaretoken"]
        return request
    request.data["csrfmiddlewaretoken"] = csrf
    if roll < 0.05:
        request.body, request.content_type = raw_body(rng, request.data)
        request.plan = "raw body"
    elif roll < 0.052:
        request.body = b"x=" + b"A" * 3_000_000 + b"&csrfmiddlewaretoken=" + csrf.encode()
        request.content_type = "application/x-www-form-urlencoded"
        request.plan = "body over the upload limit"
    elif roll < 0.054:
        pairs = [f"f{n}={n}" for n in range(1200)]
        request.body = ("&".join(pairs) + f"&csrfmiddlewaretoken={csrf}").encode()
        request.content_type = "application/x-www-form-urlencoded"
        request.plan = "too many fields"
    elif roll < 0.06:
        request.body = b"--nope\r\nContent-Disposition: form-data\r\n\r\nx"
        request.content_type = rng.choice(
            (
                "multipart/form-data",
                "multipart/form-data; boundary=",
                "multipart/form-data; boundary=nope",
            )
        )
        request.headers["X-CSRFToken"] = csrf
        request.plan = "broken multipart"
    elif not target.multipart and rng.random() < 0.7:
        request.body = urlencode(request.data, doseq=True).encode()
        request.content_type = "application/x-www-form-urlencoded"
    return request


CONTENT_TYPES = (
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=UTF-8",
    "application/x-www-form-urlencoded; charset=utf8",
    "application/x-www-form-urlencoded; charset=latin-1",
    "application/x-www-form-urlencoded; charset=utf-16",
    "application/x-www-form-urlencoded; charset=bogus",
    "APPLICATION/X-WWW-FORM-URLENCODED",
    "text/plain",
    "application/json",
    "",
)
"""Content types of raw bodies: declared charsets no browser sends, and types that are no form.

Not here: an RFC 2231 parameter with an unknown charset (``charset*=BOGUS''utf-8``). Django 5.2
refuses it with a ValueError while it builds the request, before any middleware or view of the app
runs, so the server answers 500 whatever the app does (Django ticket #36991)."""


def texts(value: Value) -> list[str]:
    """The text values of a field (one, or each of a list)."""
    values = value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, str)]


def raw_body(rng: Random, data: dict[str, Value]) -> tuple[bytes, str]:
    """An urlencoded body with bytes no browser sends: invalid UTF-8, stray ``%``, ``&&==``."""
    parts = []
    for name, value in data.items():
        if not isinstance(value, str):
            continue
        if name == "csrfmiddlewaretoken":
            parts.append(f"{name}={value}".encode())
            continue
        spoilt = rng.choice(
            (
                quote(value, safe="").encode(),
                b"".join(b"%%%02X" % byte for byte in rng.randbytes(rng.randint(1, 12))),
                b"%ZZ%",
                b"%",
                b"%C0%AF",
                b"%ED%A0%80",  # a UTF-16 surrogate, encoded as UTF-8
                b"%FF%FE%00",
            )
        )
        parts.append(name.encode() + b"=" + spoilt)
    parts.extend(rng.sample([b"&", b"==", b"=x", b"a", b"%00=%00", b";x=1"], 2))
    rng.shuffle(parts)
    return b"&".join(parts), rng.choice(CONTENT_TYPES)


# --------------------------------------------------------------------------------------------------
# Sending it
# --------------------------------------------------------------------------------------------------

CSRF_IN_PAGE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ONCE_IN_PAGE = re.compile(r'name="once" value="([0-9a-f-]{36})"')


@dataclass
class Failure:
    target: str
    method: str
    url: str
    status: int
    plan: str
    data: str
    error: str

    def __str__(self) -> str:
        return f"{self.status} {self.method} {self.url} [{self.target}, {self.plan}] data={self.data} -> {self.error}"


def shown(data: dict[str, Value] | bytes | None) -> str:
    """The posted data for a failure message (long values shortened)."""

    def short(value: Any) -> str:
        if isinstance(value, SimpleUploadedFile):
            return f"<file {value.name[:40]!r}, {value.size} bytes>"
        if isinstance(value, list):
            return "[" + ", ".join(short(v) for v in value) + "]"
        text = repr(value)
        return text if len(text) <= 120 else f"{text[:100]}...({len(text)} chars)"

    if isinstance(data, bytes):
        return short(data)
    return (
        "{"
        + ", ".join(
            f"{k!r}: {short(v)}" for k, v in (data or {}).items() if k != "csrfmiddlewaretoken"
        )
        + "}"
    )


class Fuzzer:
    def __init__(self, world: World) -> None:
        self.world = world
        self.owner = Client(enforce_csrf_checks=True, raise_request_exception=False)
        self.visitor = Client(enforce_csrf_checks=True, raise_request_exception=False)
        self.by_target: dict[str, Counter[int]] = defaultdict(Counter)
        self.by_status: Counter[int] = Counter()
        self.failures: list[Failure] = []
        self.csrf_probes: Counter[int] = Counter()
        self.seconds: Counter[str] = Counter()  # time spent per form
        self.page_loads = 0
        self.sent = 0
        self.csrf: dict[str, str] = {}  # target -> the CSRF token of its page, as opened last
        self.tokens: dict[str, str | None] = {}  # target -> the one-time token of that page

    def login(self) -> None:
        self.owner.force_login(self.world.alice)

    def send(self, client: Client, request: Request) -> Any:
        sid = transaction.savepoint()
        started = time.perf_counter()
        try:
            if request.method == "GET":
                response = client.get(request.url, headers=request.headers)
            elif request.body is not None:
                response = client.generic(  # the bytes as they are, whatever the type says
                    "POST",
                    request.url,
                    request.body,
                    content_type=request.content_type,
                    headers=request.headers,
                )
            else:
                response = client.post(request.url, request.data, headers=request.headers)
            if response.streaming:  # a download: read it all, as a browser would (this closes it)
                b"".join(response.streaming_content)
        except Exception as crash:  # even Django's own error pages failed: the server answers 500
            response = HttpResponseServerError()
            response.exc_info = (type(crash), crash, crash.__traceback__)
        self.seconds[request.target] += time.perf_counter() - started
        status = response.status_code
        if status == 500 or status not in ALLOWED:
            transaction.savepoint_rollback(sid)
            exc = getattr(response, "exc_info", None)
            error = f"{type(exc[1]).__name__}: {exc[1]}" if exc else "(no exception recorded)"
            self.failures.append(
                Failure(
                    request.target,
                    request.method,
                    request.url,
                    status,
                    request.plan,
                    shown(request.body if request.body is not None else request.data)
                    + (f" as {request.content_type!r}" if request.body is not None else ""),
                    error[:400],
                )
            )
        else:
            transaction.savepoint_commit(sid)
        return response

    def csrf_of(self, client: Client) -> str:
        cookie = client.cookies.get("csrftoken")
        return cookie.value if cookie is not None else ""

    def open_page(self, target: Target, client: Client) -> str:
        """GET the form's page (counted like every request); returns the CSRF token to post."""
        url = target.page(self.world) if target.page else target.url(Random(0), self.world)
        response = self.send(client, Request(target.name + " (page)", "GET", url, plan="page"))
        self.page_loads += 1
        self.count(target.name + " (page)", response.status_code)
        html = response.content.decode(errors="replace")
        once = ONCE_IN_PAGE.search(html)
        self.tokens[target.name] = once.group(1) if once else None
        token = CSRF_IN_PAGE.search(html)
        return token.group(1) if token else self.csrf_of(client)

    def count(self, name: str, status: int) -> None:
        self.by_target[name][status] += 1
        self.by_status[status] += 1

    def fresh_reset_link(self) -> None:
        """A valid password-reset link for carol, opened by the visitor (it moves the token into
        the visitor's session and answers with the address of the set-password form)."""
        carol = self.world.carol
        uid = urlsafe_base64_encode(force_bytes(carol.pk))
        token = default_token_generator.make_token(carol)
        response = self.visitor.get(f"/account/password-reset/{uid}/{token}/")
        self.page_loads += 1
        self.count("password-reset-confirm (page)", response.status_code)
        self.world.reset_path = (
            response["Location"]
            if response.status_code == 302
            else f"/account/password-reset/{uid}/{token}/"
        )

    def run_round(self, rng: Random, count: int) -> None:
        cache.clear()  # the rate limits start again
        self.fresh_reset_link()
        csrf = self.csrf  # the pages' tokens stay good: the rollback brought the spent ones back
        for _ in range(count):
            target = rng.choice(TARGETS)
            client = self.visitor if target.visitor else self.owner
            if target.method == "GET":
                csrf[target.name] = ""  # a GET needs no token
            elif target.name not in csrf or rng.random() < 0.05:
                csrf[target.name] = self.open_page(target, client)
            request = draw(rng, self.world, target, csrf[target.name], self.tokens.get(target.name))
            secret = self.csrf_of(client)
            response = self.send(client, request)
            self.sent += 1
            self.count(target.name, response.status_code)
            if request.csrf_probe:
                self.csrf_probes[response.status_code] += 1
            if self.csrf_of(client) != secret:  # a new CSRF secret (a log-in): reopen its pages
                for other in TARGETS:
                    if other.visitor == target.visitor:
                        csrf.pop(other.name, None)
            if target.name == "password-reset-confirm" and response.status_code == 302:
                self.fresh_reset_link()


@pytest.fixture
def fuzz_settings(settings: Any, tmp_path: Path) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CALMSKIN_PHOTO_MAX_BYTES = PHOTO_MAX_BYTES
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


def test_no_form_answers_500_to_hostile_input(db: None, fuzz_settings: Any) -> None:
    started = time.perf_counter()
    print(f"\nfuzz seed: {SEED} (CALMSKIN_FUZZ_SEED to change), requests: {REQUESTS}")
    with time_machine.travel(NOW, tick=False):
        world = build_world()
        fuzzer = Fuzzer(world)
        fuzzer.login()
        rng = Random(SEED)
        done = 0
        while done < REQUESTS:
            size = min(ROUND, REQUESTS - done)
            with transaction.atomic():
                fuzzer.run_round(rng, size)
                transaction.set_rollback(True)
            done += size
        # after every round the world is back as built, and no profile was deleted
        assert Profile.objects.filter(account=world.alice).count() == 3
    elapsed = time.perf_counter() - started

    print(f"generated requests: {fuzzer.sent}, form pages opened for tokens: {fuzzer.page_loads}")
    print(f"time: {elapsed:.1f} s")
    print("by status: " + ", ".join(f"{s}: {n}" for s, n in sorted(fuzzer.by_status.items())))
    print("by form (requests, seconds, status: count):")
    for name in sorted(fuzzer.by_target):
        counts = fuzzer.by_target[name]
        print(
            f"  {name:<30} {sum(counts.values()):>5} {fuzzer.seconds[name]:>5.1f} s  "
            + ", ".join(f"{s}: {n}" for s, n in sorted(counts.items()))
        )
    print(
        "wrong CSRF token: " + ", ".join(f"{s}: {n}" for s, n in sorted(fuzzer.csrf_probes.items()))
    )

    assert not fuzzer.failures, (
        f"{len(fuzzer.failures)} responses were server errors or not allowed:\n"
        + "\n".join(str(f) for f in fuzzer.failures[:60])
    )
    assert fuzzer.sent >= REQUESTS
    assert set(fuzzer.csrf_probes) <= {403}, "a POST with a wrong CSRF token was not refused"
