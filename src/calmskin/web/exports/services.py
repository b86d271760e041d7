"""Everything of one profile, out (JSON, a ZIP of CSVs + JSON + photos) and gone (profile, account).

The export is plain data: dates and times in ISO 8601, Decimals as strings (``"25.50"``), lists as
JSON lists (in the CSVs joined with ``;``). Free-text CSV cells that a spreadsheet would run as a
formula (starting with ``= + - @``, tab or carriage return) get a leading ``'``; the JSON keeps them
exactly as saved.

Deleting goes through the ORM (one transaction), so every photo row's ``post_delete`` signal
removes its files after the commit (see ``calmskin.web.photos.signals``).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from calmskin.web.diary.models import CheckIn, Profile, WeightEntry
from calmskin.web.photos.models import Photo
from calmskin.web.questionnaires.models import QuestionnaireResponse
from calmskin.web.response.models import Baseline
from calmskin.web.sideeffects.models import SideEffect
from calmskin.web.treatment.models import Injection, PenOut, PlanStep, SkippedDose, Treatment

FORMAT_VERSION = 1
PHOTO_DIR = "photos"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CHECK_IN_COLUMNS = (
    "date",
    "peak_itch",
    "sleep_loss",
    "body_areas",
    "triggers",
    "own_triggers",
    "treatments",
    "note",
    "uuid",
    "created",
    "updated",
)
WEIGHT_COLUMNS = ("date", "weight_kg", "created")
QUESTIONNAIRE_COLUMNS = (
    "completed_on",
    "instrument",
    "respondent",
    "score",
    "band",
    "band_set",
    "reason",
    "answers",
    "uuid",
    "created",
)
PHOTO_COLUMNS = (
    "taken_on",
    "body_area",
    "note",
    "file",
    "width",
    "height",
    "content_type",
    "uuid",
    "created",
)
SIDE_EFFECT_COLUMNS = (
    "started_on",
    "ended_on",
    "kind",
    "other_text",
    "severity",
    "drug",
    "what_was_done",
    "note",
    "uuid",
    "created",
    "updated",
)


TREATMENT_COLUMNS = ("uuid", "drug", "start_date", "device", "loading", "stopped_on", "created")
PLAN_STEP_COLUMNS = (
    "treatment",
    "from_date",
    "dose_mg",
    "interval_days",
    "injections",
    "injection_mg",
    "reason",
    "label_check",
    "created",
)
INJECTION_COLUMNS = (
    "treatment",
    "given_on",
    "given_at",
    "dose_mg",
    "site",
    "device",
    "lot",
    "injector",
    "pain",
    "note",
    "uuid",
    "created",
)
PEN_COLUMNS = ("treatment", "taken_out_at", "expiry", "used_at", "discarded_at", "uuid")
SKIPPED_COLUMNS = ("treatment", "due_on", "recorded_at", "note")
BASELINE_COLUMNS = ("treatment", "measure", "instrument", "value", "entered_on", "updated")


def _treatment_export(profile: Profile) -> dict[str, list[dict[str, Any]]]:
    """The biologic courses with their plan steps, injections, pens out and entered baselines."""
    treatments = Treatment.objects.filter(profile=profile).order_by("start_date", "id")
    steps = PlanStep.objects.filter(treatment__profile=profile).select_related("treatment")
    injections = Injection.objects.filter(treatment__profile=profile).select_related("treatment")
    pens = PenOut.objects.filter(treatment__profile=profile).select_related("treatment")
    baselines = Baseline.objects.filter(treatment__profile=profile).select_related("treatment")
    skipped = SkippedDose.objects.filter(treatment__profile=profile).select_related("treatment")
    return {
        "skipped_doses": [
            {
                "treatment": str(k.treatment.uuid),
                "due_on": _iso(k.due_on),
                "recorded_at": _iso(k.recorded_at),
                "note": k.note,
            }
            for k in skipped.order_by("due_on", "id")
        ],
        "treatments": [
            {
                "uuid": str(t.uuid),
                "drug": t.drug,
                "start_date": _iso(t.start_date),
                "device": t.device,
                "loading": list(t.loading),
                "stopped_on": _iso(t.stopped_on),
                "label_check": dict(t.label_check),
                "created": _iso(t.created),
            }
            for t in treatments
        ],
        "plan_steps": [
            {
                "treatment": str(s.treatment.uuid),
                "from_date": _iso(s.from_date),
                "dose_mg": s.dose_mg,
                "interval_days": s.interval_days,
                "injections": s.injections,
                "injection_mg": s.injection_mg,
                "reason": s.reason,
                "label_check": dict(s.label_check),
                "created": _iso(s.created),
            }
            for s in steps.order_by("treatment__start_date", "from_date", "id")
        ],
        "injections": [
            {
                "treatment": str(i.treatment.uuid),
                "given_on": _iso(i.given_on),
                "given_at": _iso(i.given_at),
                "dose_mg": i.dose_mg,
                "site": i.site,
                "device": i.device,
                "lot": i.lot,
                "injector": i.injector,
                "pain": i.pain,
                "note": i.note,
                "uuid": str(i.uuid),
                "created": _iso(i.created),
            }
            for i in injections.order_by("given_at", "id")
        ],
        "pens_out": [
            {
                "treatment": str(p.treatment.uuid),
                "taken_out_at": _iso(p.taken_out_at),
                "expiry": _iso(p.expiry),
                "used_at": _iso(p.used_at),
                "discarded_at": _iso(p.discarded_at),
                "uuid": str(p.uuid),
            }
            for p in pens.order_by("taken_out_at", "id")
        ],
        "baselines": [
            {
                "treatment": str(b.treatment.uuid),
                "measure": b.measure,
                "instrument": b.instrument,
                "value": _decimal(b.value),
                "entered_on": _iso(b.entered_on),
                "updated": _iso(b.updated),
            }
            for b in baselines.order_by("entered_on", "id")
        ],
    }


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _decimal(value: Decimal | None) -> str | None:
    return str(value) if value is not None else None


def photo_file_name(photo: Photo) -> str:
    """The photo's name inside the ZIP: ``photos/<day>-<photo uuid>.<ext>`` (never the stored path)."""
    name = photo.image.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else "jpg"
    return f"{PHOTO_DIR}/{photo.taken_on.isoformat()}-{photo.uuid}.{extension}"


def profile_export(profile: Profile) -> dict[str, Any]:
    """Everything stored for ``profile``, as JSON-ready data (oldest first in every list)."""
    check_ins = CheckIn.objects.filter(profile=profile).order_by("date", "id")
    weights = WeightEntry.objects.filter(profile=profile).order_by("date", "id")
    responses = QuestionnaireResponse.objects.filter(profile=profile).order_by(
        "completed_on", "created", "id"
    )
    photos = Photo.objects.filter(profile=profile).order_by("taken_on", "created", "id")
    side_effects = SideEffect.objects.filter(profile=profile).order_by(
        "started_on", "created", "id"
    )
    return {
        "format": "calmskin-profile-export",
        "version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "uuid": str(profile.uuid),
            "display_name": profile.display_name,
            "relation": profile.relation,
            "birth_year": profile.birth_year,
            "birth_month": profile.birth_month,
            "time_zone": profile.time_zone,
            "region": profile.region,
            "created": _iso(profile.created),
        },
        "weights": [
            {"date": _iso(w.date), "weight_kg": _decimal(w.weight_kg), "created": _iso(w.created)}
            for w in weights
        ],
        "check_ins": [
            {
                "uuid": str(c.uuid),
                "date": _iso(c.date),
                "peak_itch": c.peak_itch,
                "sleep_loss": c.sleep_loss,
                "body_areas": list(c.body_areas or []),
                "triggers": list(c.triggers or []),
                "own_triggers": c.own_triggers,
                "treatments": list(c.treatments or []),
                "note": c.note,
                "created": _iso(c.created),
                "updated": _iso(c.updated),
            }
            for c in check_ins
        ],
        "questionnaires": [
            {
                "uuid": str(r.uuid),
                "instrument": r.instrument,
                "completed_on": _iso(r.completed_on),
                "respondent": r.respondent,
                "answers": r.answers,
                "score": _decimal(r.score),
                "band": r.band,
                "band_set": r.band_set,
                "reason": r.reason,
                "created": _iso(r.created),
            }
            for r in responses
        ],
        "photos": [
            {
                "uuid": str(p.uuid),
                "taken_on": _iso(p.taken_on),
                "body_area": p.body_area,
                "note": p.note,
                "file": photo_file_name(p),
                "width": p.width,
                "height": p.height,
                "content_type": p.content_type,
                "created": _iso(p.created),
            }
            for p in photos
        ],
        "side_effects": [
            {
                "uuid": str(e.uuid),
                "kind": e.kind,
                "other_text": e.other_text,
                "severity": e.severity,
                "started_on": _iso(e.started_on),
                "ended_on": _iso(e.ended_on),
                "drug": e.drug,
                "what_was_done": e.what_was_done,
                "note": e.note,
                "created": _iso(e.created),
                "updated": _iso(e.updated),
            }
            for e in side_effects
        ],
        **_treatment_export(profile),
    }


def profile_json(profile: Profile) -> bytes:
    return json.dumps(profile_export(profile), ensure_ascii=False, indent=2).encode("utf-8")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ";".join(str(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> bytes:
    """UTF-8 with a byte-order mark (so spreadsheet programs read the accents right), a header row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    return out.getvalue().encode("utf-8-sig")


def write_profile_zip(profile: Profile, target: IO[bytes]) -> None:
    """Write the ZIP (``profile.json``, one CSV per kind, the photo files) into ``target``."""
    data = profile_export(profile)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "profile.json", json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
        )
        archive.writestr("check_ins.csv", _csv(CHECK_IN_COLUMNS, data["check_ins"]))
        archive.writestr("weights.csv", _csv(WEIGHT_COLUMNS, data["weights"]))
        archive.writestr("questionnaires.csv", _csv(QUESTIONNAIRE_COLUMNS, data["questionnaires"]))
        archive.writestr("photos.csv", _csv(PHOTO_COLUMNS, data["photos"]))
        archive.writestr("side_effects.csv", _csv(SIDE_EFFECT_COLUMNS, data["side_effects"]))
        for name, columns in (
            ("treatments", TREATMENT_COLUMNS),
            ("plan_steps", PLAN_STEP_COLUMNS),
            ("injections", INJECTION_COLUMNS),
            ("pens_out", PEN_COLUMNS),
            ("skipped_doses", SKIPPED_COLUMNS),
            ("baselines", BASELINE_COLUMNS),
        ):
            archive.writestr(f"{name}.csv", _csv(columns, data[name]))
        for photo in Photo.objects.filter(profile=profile).order_by("taken_on", "created", "id"):
            try:
                with photo.image.open("rb") as handle:
                    content = handle.read()
            except (FileNotFoundError, ValueError):
                continue  # a file lost from storage: its row is still in the CSV and JSON
            # JPEG/PNG are compressed already.
            archive.writestr(photo_file_name(photo), content, compress_type=zipfile.ZIP_STORED)


def profile_zip(profile: Profile) -> bytes:
    out = io.BytesIO()
    write_profile_zip(profile, out)
    return out.getvalue()


def download_name(profile: Profile, extension: str) -> str:
    """``calmskin-<name-slug>-<local date>.<extension>`` (ASCII only)."""
    slug = slugify(profile.display_name) or "profile"
    return f"calmskin-{slug}-{profile.local_today().isoformat()}.{extension}"


def delete_profile(profile: Profile) -> None:
    """The profile and all its rows; photo files go after the commit (photos' post_delete signal)."""
    with transaction.atomic():
        profile.delete()


def delete_account(user: Any) -> None:
    """Every profile of the account (with their photos), then the account itself."""
    with transaction.atomic():
        for profile in Profile.objects.filter(account=user):
            profile.delete()
        user.delete()
