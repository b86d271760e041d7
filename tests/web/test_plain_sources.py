"""Patient pages of a course carry no internal notes and one "Sources" line (issue 10, item 6).

The treatment page, the dashboard, the start, change and drug-level pages, "Is it working?" and the
visit summary name their documents by plain name and date (``Source.shown``), each once, in one
"Sources" line at the end; the full cited titles (label sections, trial registry numbers, record
ids) stay in the data files and in the CLI's JSON.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client
from pdf_support import require_weasyprint
from plain_language import internal_notes
from web_factories import make_profile, make_user

from calmskin.core.pk.models import MODELS, PKModel
from calmskin.core.therapy.missed_dose import missed_dose_advice
from calmskin.core.therapy.storage import room_temperature_limit
from calmskin.web.diary.models import Profile
from calmskin.web.questionnaires.services import save_response
from calmskin.web.treatment import services
from calmskin.web.treatment.models import Injection, PenOut, Treatment

NOW = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)
START = date(2026, 10, 2)
"""Dupilumab from 2 October: 600 mg that day, then 300 mg every 14 days from 16 October. The doses
up to 13 November are logged; the one of 27 November is 5 days late on 2 December."""

POEM_19 = {
    "itch": 4,
    "sleep": 4,
    "bleeding": 3,
    "weeping": 3,
    "cracking": 2,
    "flaking": 2,
    "dryness": 1,
}
POEM_7 = dict.fromkeys(POEM_19, 1)


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[None]:
    with time_machine.travel(NOW):
        yield


def text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def inject(treatment: Treatment, on: date, count: int = 1) -> None:
    for n in range(count):
        Injection.objects.create(
            treatment=treatment,
            given_at=datetime.combine(on, time(9, n), tzinfo=UTC),
            given_on=on,
            dose_mg=300,
            site="thigh-left-upper" if n == 0 else "abdomen-lower-right",
            device="pen",
            injector="self",
        )


def course(profile: Profile) -> Treatment:
    """The course as the start page records it (70 kg, label check), a step to every 4 weeks from
    11 December (a difference from the label), four doses logged, a pen out and two POEMs."""
    today = profile.local_today()
    treatment = services.start_treatment(
        profile,
        {
            "drug": "dupilumab",
            "weight_kg": Decimal("70"),
            "start_date": START,
            "device": "pen",
            "loading": [{"day": 0, "dose_mg": 600, "injections": 2, "injection_mg": 300}],
            "dose_mg": 300,
            "interval_days": 14,
            "injections": 1,
            "first_maintenance_on": START + timedelta(days=14),
        },
        today,
    )
    services.change_plan(
        treatment,
        {
            "from_date": date(2026, 12, 11),
            "dose_mg": 300,
            "interval_days": 28,
            "injections": 1,
            "reason": "step-down, as the dermatologist decided",
        },
        today,
    )
    inject(treatment, START, count=2)
    inject(treatment, START + timedelta(days=14))
    inject(treatment, START + timedelta(days=28))
    inject(treatment, START + timedelta(days=42))
    PenOut.objects.create(treatment=treatment, taken_out_at=NOW - timedelta(hours=3))
    save_response(profile, "poem", {"answers": POEM_19}, "self", START - timedelta(days=3))
    save_response(profile, "poem", {"answers": POEM_7}, "self", date(2026, 11, 30))
    return treatment


def pages(client: Client, profile: Profile, treatment: Treatment) -> dict[str, str]:
    urls = {
        "treatment": f"/treatment/profiles/{profile.uuid}/",
        "dashboard": f"/diary/profiles/{profile.uuid}/dashboard/",
        "start": f"/treatment/profiles/{profile.uuid}/start/?drug=dupilumab&weight_kg=70",
        "change": f"/treatment/{treatment.uuid}/change/",
        "level": f"/treatment/{treatment.uuid}/level/",
        "is it working": f"/response/treatments/{treatment.uuid}/",
        "visit summary": f"/summary/profiles/{profile.uuid}/",
    }
    shown = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        shown[name] = text(response.content.decode())
    return shown


@pytest.mark.parametrize("region", ["US", "EU"])
def test_course_pages_carry_no_internal_notes_and_one_sources_line(
    client: Client, db: None, region: str
) -> None:
    account: Any = make_user(f"plain-{region.lower()}")
    profile = make_profile(account, "Ada", region=region)
    treatment = course(profile)
    client.force_login(account)
    shown = pages(client, profile, treatment)
    assert "The dose of 27 November 2026 is 5 days late" in shown["treatment"]
    assert "Out since" in shown["treatment"]
    for name, page in shown.items():
        assert internal_notes(page) == [], (region, name)
        assert "Source:" not in page, (region, name)
        assert page.count("Sources") <= 1, (region, name)
    for name in ("treatment", "is it working", "level"):
        assert shown[name].count("Sources:") == 1, (region, name)


@pytest.mark.parametrize(
    ("region", "documents"),
    [
        (
            "US",
            [
                "Drug information summaries of the Dupixent US label (March 2025)",
                "Children's Hospital of Eastern Ontario drug information on Dupixent (undated)",
            ],
        ),
        (
            "EU",
            [
                "Drug information summaries of the Dupixent US label (March 2025)",
                "Dupixent EU summary of product characteristics (revision date not recorded)",
            ],
        ),
    ],
)
def test_the_treatment_page_names_each_document_once_at_the_end(
    client: Client, db: None, region: str, documents: list[str]
) -> None:
    account: Any = make_user(f"once-{region.lower()}")
    profile = make_profile(account, "Ada", region=region)
    treatment = course(profile)
    PenOut.objects.create(treatment=treatment, taken_out_at=NOW - timedelta(hours=1))
    client.force_login(account)
    page = text(client.get(f"/treatment/profiles/{profile.uuid}/").content.decode())
    assert page.count("Out since") == 2
    line = page[page.index("Sources:") :]
    assert line.startswith("Sources: " + "; ".join(documents) + ".")
    for document in documents:
        assert page.count(document) == 1


def test_the_trials_are_named_by_trial_and_year(client: Client, db: None) -> None:
    account: Any = make_user("trials")
    profile = make_profile(account, "Ada", region="US")
    treatment = course(profile)
    client.force_login(account)
    page = text(client.get(f"/response/treatments/{treatment.uuid}/").content.decode())
    line = page[page.index("Sources:") :]
    assert "SOLO 1 and SOLO 2 trial report, New England Journal of Medicine (December 2016)" in line
    assert "CHRONOS trial report, The Lancet (June 2017)" in line
    assert "NCT" not in page


def test_the_visit_summary_pdf_carries_no_internal_notes(client: Client, db: None) -> None:
    require_weasyprint()
    from pypdf import PdfReader

    account: Any = make_user("pdf")
    profile = make_profile(account, "Ada", region="EU")
    course(profile)
    client.force_login(account)
    response = client.get(f"/summary/profiles/{profile.uuid}/visit-summary.pdf")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    shown = " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())
    assert "Dupilumab" in shown
    assert internal_notes(shown) == []
    assert "Source:" not in shown and shown.count("Sources") <= 1


@pytest.mark.parametrize("model", list(MODELS.values()), ids=lambda m: m.id)
def test_every_drug_level_model_has_a_plain_name(model: PKModel) -> None:
    assert model.plain and model.plain.endswith(")")
    assert internal_notes(model.plain) == []
    assert model.doi not in model.plain and ";" not in model.plain


def test_the_core_advice_carries_the_plain_source_beside_the_cited_one() -> None:
    missed = missed_dose_advice("dupilumab", 14, date(2026, 11, 27), date(2026, 12, 2))
    assert "section 2" in missed.source  # the CLI keeps the full cited title
    assert missed.plain_source == "Drug information summaries of the Dupixent US label (March 2025)"
    assert missed.to_json()["plain_source"] == missed.plain_source
    pen = room_temperature_limit("dupilumab", "US", NOW)
    assert pen.source is not None and "CHEO" in pen.source
    assert pen.plain_source == (
        "Children's Hospital of Eastern Ontario drug information on Dupixent (undated)"
    )
    assert pen.to_json()["plain_source"] == pen.plain_source


def test_the_poem_thresholds_are_cited_in_the_one_sources_line(client: Client, db: None) -> None:
    """POEM 19 -> 7 is judged against Howells 2018's two tiers; their citation sits in the page's
    Sources line, not under the measure."""
    account: Any = make_user("thresholds")
    profile = make_profile(account, "Ada", region="US")
    treatment = course(profile)
    client.force_login(account)
    page = text(client.get(f"/response/treatments/{treatment.uuid}/").content.decode())
    head, line = page[: page.index("Sources:")], page[page.index("Sources:") :]
    assert "Howells" in line
    assert "Howells" not in head and "Threshold:" not in head and "Thresholds:" not in head
