"""The visit summary: the page and the PDF show the regimen, the label check, adherence, sites,
side effects, the trend chart and the latest scores, for the owner only, in a fixed number of
queries."""

from __future__ import annotations

import html as html_lib
import io
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pdf_support import require_weasyprint
from web_factories import make_profile, make_user

from calmskin.core.trend_chart import TrendLabels, render_trend_chart
from calmskin.web.diary.models import CheckIn, Profile
from calmskin.web.questionnaires.services import save_response
from calmskin.web.sideeffects.models import SideEffect
from calmskin.web.summary.selectors import visit_summary
from calmskin.web.treatment.models import Injection, PlanStep, Treatment
from calmskin.web.treatment.services import change_plan, start_treatment

POEM_18 = {  # 4 + 3 + 2 + 1 + 0 + 4 + 4 = 18: "severe" in Charman 2013
    "itch": 4,
    "sleep": 3,
    "bleeding": 2,
    "weeping": 1,
    "cracking": 0,
    "flaking": 4,
    "dryness": 4,
}
POEM_5 = {
    "itch": 1,
    "sleep": 1,
    "bleeding": 0,
    "weeping": 0,
    "cracking": 1,
    "flaking": 1,
    "dryness": 1,
}


def text(page: str) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def section(page: str, testid: str) -> str:
    start = page.rindex("<", 0, page.index(f'data-testid="{testid}"'))
    return text(page[start : page.index("</section>", start)])


@dataclass(frozen=True)
class Course:
    profile: Profile
    treatment: Treatment
    start: date
    today: date


def at(day: date) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=UTC)


def inject(treatment: Treatment, day: date, site: str, mg: int = 300) -> None:
    Injection.objects.create(
        treatment=treatment,
        given_at=at(day),
        given_on=day,
        dose_mg=mg,
        site=site,
        device="pen",
        injector="self",
    )


def build_course(profile: Profile, check_in_days: int, poem_weeks: int) -> Course:
    """Dupilumab from day 0 (600 mg as 2 x 300 mg), 300 mg every 14 days from day 14, then every 28
    days from day 56; today is day 63. Logged: day 0 (both), day 14, day 31 (the dose of day 28,
    3 days late), nothing for day 42 (missed), day 56. So: 3 on time, 1 late, 1 missed."""
    today = profile.local_today()
    start = today - timedelta(days=63)
    treatment = start_treatment(
        profile,
        {
            "drug": "dupilumab",
            "weight_kg": Decimal("70"),
            "start_date": start,
            "device": "pen",
            "loading": [{"day": 0, "dose_mg": 600, "injections": 2, "injection_mg": 300}],
            "dose_mg": 300,
            "interval_days": 14,
            "injections": 1,
            "first_maintenance_on": start + timedelta(days=14),
        },
        today,
    )
    change_plan(
        treatment,
        {
            "from_date": start + timedelta(days=56),
            "dose_mg": 300,
            "interval_days": 28,
            "injections": 1,
            "reason": "step-down after week 8",
        },
        today,
    )
    inject(treatment, start, "thigh-left-upper")
    inject(treatment, start, "abdomen-lower-right")
    inject(treatment, start + timedelta(days=14), "thigh-right-upper")
    inject(treatment, start + timedelta(days=31), "abdomen-lower-left")
    inject(treatment, start + timedelta(days=56), "thigh-left-upper")
    CheckIn.objects.bulk_create(
        CheckIn(profile=profile, date=today - timedelta(days=n), peak_itch=n % 9, sleep_loss=n % 5)
        for n in range(check_in_days)
    )
    for week in range(poem_weeks, 0, -1):
        save_response(profile, "poem", {"answers": POEM_5}, "self", today - timedelta(weeks=week))
    save_response(profile, "poem", {"answers": POEM_18}, "self", today - timedelta(days=2))
    return Course(profile, treatment, start, today)


@pytest.fixture
def alice(db: None) -> Any:
    return make_user("alice")


@pytest.fixture
def course(alice: Any) -> Course:
    return build_course(make_profile(alice), check_in_days=30, poem_weeks=3)


@pytest.fixture
def owner(client: Client, alice: Any) -> Client:
    client.force_login(alice)
    return client


def page_of(client: Client, profile: Profile) -> str:
    response = client.get(f"/summary/profiles/{profile.uuid}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_the_regimen_and_the_label_differences(
    owner: Client, course: Course
) -> None:
    page = page_of(owner, course.profile)
    treatment = section(page, "vs-treatment")
    assert "Dupilumab" in treatment
    assert "First dose: 600 mg on day 0, as 2 injections of 300 mg" in treatment
    first, second = PlanStep.objects.filter(treatment=course.treatment).order_by("from_date")
    assert f"300 mg every 14 days from {first.from_date:%-d %b %Y}" in treatment
    assert f"300 mg every 28 days from {second.from_date:%-d %b %Y}" in treatment
    assert "step-down after week 8" in treatment
    assert first.label_check["matches_label"] is True
    assert "This matches the label for the age and weight at the time." in treatment
    assert second.label_check["matches_label"] is False
    assert second.label_check["differences"]
    assert "Differences from the label" in treatment
    for difference in second.label_check["differences"]:
        assert " ".join(difference.split()) in treatment


def test_adherence_counts_match_the_history(owner: Client, course: Course) -> None:
    page = page_of(owner, course.profile)
    adherence = section(page, "vs-adherence")
    assert "On time: 3 · late: 1 · missed: 1 · incomplete: 0" in adherence
    late = course.start + timedelta(days=28)
    missed = course.start + timedelta(days=42)
    assert f"{late:%-d %b %Y} 300 mg Given 3 days late" in adherence
    assert f"{missed:%-d %b %Y} 300 mg Missed" in adherence
    assert adherence.count("300 mg") == 2  # only the late and the missed dose are listed


def test_sites_are_counted_and_the_latest_listed(owner: Client, course: Course) -> None:
    sites = section(page_of(owner, course.profile), "vs-sites")
    assert "5 injections in this course" in sites
    counts = sites[: sites.index("The latest injections")]
    assert counts.strip().endswith(
        "Site Injections Left thigh (upper) 2 Abdomen (lower left) 1 Abdomen (lower right) 1 "
        "Right thigh (upper) 1"
    )
    latest = sites[sites.index("The latest injections") :]
    assert f"{course.start + timedelta(days=56):%-d %b %Y}" in latest
    assert f"{course.start:%-d %b %Y}" in latest


def test_latest_scores_side_effects_and_the_chart(owner: Client, course: Course) -> None:
    SideEffect.objects.create(
        profile=course.profile,
        kind="eye-red",
        severity="moderate",
        started_on=course.today - timedelta(days=20),
        ended_on=course.today - timedelta(days=10),
        what_was_done="Lubricating eye drops; seen by the eye doctor.",
    )
    page = page_of(owner, course.profile)
    latest = section(page, "vs-latest")
    day = course.today - timedelta(days=2)
    assert f"POEM: 18 out of 28, on {day:%-d %b %Y} — Severe" in latest
    assert "Worst itch, 7-day mean:" in latest
    side_effects = section(page, "vs-side-effects")
    assert "Red eyes Moderate" in side_effects
    assert "Lubricating eye drops; seen by the eye doctor." in side_effects
    assert 'src="data:image/svg+xml;base64,' in page
    assert "patient-recorded data, not a medical record" in text(page)
    assert "Open as PDF" in page
    # strict CSP: no inline scripts or styles on the page
    assert " style=" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)


def test_without_a_treatment_the_summary_still_shows_the_diary(owner: Client, alice: Any) -> None:
    profile = make_profile(alice, "Noor")
    page = page_of(owner, profile)
    assert "No current treatment with a biologic is recorded." in text(page)
    assert "No check-ins, POEM scores or injections in the last 24 weeks." in text(page)
    assert 'data-testid="vs-adherence"' not in page


def test_the_page_is_only_for_the_owner(client: Client, course: Course) -> None:
    client.force_login(make_user("bob"))
    for url in (
        f"/summary/profiles/{course.profile.uuid}/",
        f"/summary/profiles/{course.profile.uuid}/visit-summary.pdf",
    ):
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404


def test_the_owner_gets_405_for_a_post(owner: Client, course: Course) -> None:
    assert owner.post(f"/summary/profiles/{course.profile.uuid}/").status_code == 405


def test_the_pdf(owner: Client, course: Course) -> None:
    require_weasyprint()
    from pypdf import PdfReader

    response = owner.get(f"/summary/profiles/{course.profile.uuid}/visit-summary.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"].startswith("inline; filename=")
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    pdf_text = " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())
    assert "Dupilumab" in pdf_text
    assert "On time: 3 · late: 1 · missed: 1 · incomplete: 0" in pdf_text
    assert "POEM: 18 out of 28" in pdf_text
    assert "patient-recorded data, not a medical record" in pdf_text


def query_count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_data(owner: Client, alice: Any) -> None:
    small = build_course(make_profile(alice, "Small"), check_in_days=14, poem_weeks=1)
    big = build_course(make_profile(alice, "Big"), check_in_days=24 * 7, poem_weeks=24)
    for week in range(10, 24):  # more injections too (before the course, as history)
        inject(big.treatment, big.start - timedelta(weeks=week), "thigh-right-lower")
    for _ in range(6):
        SideEffect.objects.create(
            profile=big.profile, kind="eye-dry", severity="mild", started_on=big.start
        )
    with CaptureQueriesContext(connection) as small_direct:
        visit_summary(small.profile, small.today)
    with CaptureQueriesContext(connection) as big_direct:
        big_summary = visit_summary(big.profile, big.today)
    assert len(small_direct) == len(big_direct) == 11
    assert len(big_summary.trend.itch) == 24 * 7
    counts = [query_count(owner, f"/summary/profiles/{c.profile.uuid}/") for c in (small, big)]
    assert counts[0] == counts[1]


def test_the_number_of_queries_of_the_pdf_does_not_grow(owner: Client, alice: Any) -> None:
    require_weasyprint()
    small = build_course(make_profile(alice, "Small"), check_in_days=14, poem_weeks=1)
    big = build_course(make_profile(alice, "Big"), check_in_days=24 * 7, poem_weeks=24)
    counts = [
        query_count(owner, f"/summary/profiles/{c.profile.uuid}/visit-summary.pdf")
        for c in (small, big)
    ]
    assert counts[0] == counts[1]


def test_the_trend_chart_is_svg_with_its_words() -> None:
    end = date(2026, 3, 1)
    start = end - timedelta(days=20)
    svg = render_trend_chart(
        start,
        end,
        itch=[(start + timedelta(days=n), n % 10) for n in range(21)],
        itch_mean=[(start + timedelta(days=n), None if n < 3 else 4.5) for n in range(21)],
        poem=[(start, 20), (end, 8)],
        injections=[start, start, end + timedelta(days=3)],
        labels=TrendLabels(itch_mean="Moyenne sur 7 jours", poem="Score POEM"),
        format_date=lambda day: f"{day.day}/{day.month}",
    ).decode()
    assert svg.startswith("<?xml")
    assert "Moyenne sur 7 jours" in svg and "Score POEM" in svg
    assert ">16/2<" in svg  # a tick label from format_date (weekly ticks, on Mondays)
    assert (
        svg
        == render_trend_chart(
            start,
            end,
            itch=[(start + timedelta(days=n), n % 10) for n in range(21)],
            itch_mean=[(start + timedelta(days=n), None if n < 3 else 4.5) for n in range(21)],
            poem=[(start, 20), (end, 8)],
            injections=[start, start, end + timedelta(days=3)],
            labels=TrendLabels(itch_mean="Moyenne sur 7 jours", poem="Score POEM"),
            format_date=lambda day: f"{day.day}/{day.month}",
        ).decode()
    )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"itch": [(date(2026, 3, 1), 11)]}, "itch[0]"),
        ({"poem": [(date(2026, 3, 1), -1)]}, "poem[0]"),
        ({"poem": [(datetime(2026, 3, 1, 8, 0), 3)]}, "poem[0]"),
        ({"end": date(2026, 1, 1)}, "end"),
    ],
)
def test_the_trend_chart_refuses_bad_input(kwargs: dict[str, Any], field: str) -> None:
    from calmskin.core.errors import InputError

    args = {"start": date(2026, 2, 1), "end": date(2026, 3, 1), **kwargs}
    with pytest.raises(InputError) as error:
        render_trend_chart(args.pop("start"), args.pop("end"), **args)
    assert error.value.field == field


def test_linked_from_the_treatment_page_and_the_dashboard(owner: Client, course: Course) -> None:
    link = f'href="/summary/profiles/{course.profile.uuid}/"'
    for url in (
        f"/treatment/profiles/{course.profile.uuid}/",
        f"/diary/profiles/{course.profile.uuid}/dashboard/",
    ):
        assert link in owner.get(url).content.decode(), url


def test_without_weasyprint_the_pdf_is_a_503_that_says_so(
    owner: Client, course: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    from calmskin.web.summary import pdf as summary_pdf

    def missing(html: str) -> bytes:
        raise summary_pdf.PdfUnavailable("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(summary_pdf, "render_pdf", missing)
    response = owner.get(f"/summary/profiles/{course.profile.uuid}/visit-summary.pdf")
    assert response.status_code == 503
    assert "Print the page instead" in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_warm_up_loads_the_pdf_library_and_is_quiet_without_it(monkeypatch: Any) -> None:
    from calmskin.web.summary import pdf

    calls: list[str] = []

    def fake_render(html: str) -> bytes:
        calls.append(html)
        raise pdf.PdfUnavailable("no Pango here")

    monkeypatch.setattr(pdf, "render_pdf", fake_render)
    assert pdf.warm_up() is None  # no exception where PDFs cannot be made
    assert len(calls) == 1 and "CalmSkin" in calls[0]
