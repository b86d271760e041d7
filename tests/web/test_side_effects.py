"""Side effects: log, edit, end today, delete; validation next to each field with the typed values
kept; the label's words for the kind and biologic; owner-only URLs; in the export; gone with the
profile."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from plain_language import internal_notes
from web_factories import make_profile, make_user

from calmskin.core.therapy.catalog import DRUG_IDS
from calmskin.core.therapy.side_effects import KINDS
from calmskin.web.diary.models import Profile
from calmskin.web.exports import services as exports
from calmskin.web.sideeffects import services
from calmskin.web.sideeffects.models import Drug, Kind, SideEffect

VALID = {
    "kind": "eye-itchy",
    "severity": "moderate",
    "started_on": "2026-01-10",
    "ended_on": "",
    "drug": "dupilumab",
    "what_was_done": "eye drops from GP",
    "note": "both eyes red and itchy",
}


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


def list_url(profile: Profile) -> str:
    return f"/side-effects/profiles/{profile.uuid}/"


def add_url(profile: Profile) -> str:
    return f"/side-effects/profiles/{profile.uuid}/new/"


def episode(profile: Profile, **fields: Any) -> SideEffect:
    values: dict[str, Any] = {
        "kind": "eye-red",
        "severity": "mild",
        "started_on": date(2026, 1, 8),
        "drug": "dupilumab",
        **fields,
    }
    return SideEffect.objects.create(profile=profile, **values)


def field_block(html: str, name: str) -> str:
    """The markup of one form field's container (label, help, errors and input)."""
    start = html.index(f'data-testid="field-{name}"')
    end = html.find('data-testid="field-', start + 1)
    return html[start : end if end != -1 else len(html)]


def text(html: str) -> str:
    """Visible text, roughly: tags removed, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# -- choices match the core ------------------------------------------------------------------------


def test_kind_and_drug_choices_are_the_core_ids():
    assert tuple(Kind.values) == KINDS
    assert tuple(Drug.values) == DRUG_IDS


# -- add -------------------------------------------------------------------------------------------


def test_the_diary_nav_links_to_side_effects(client_alice: Client, profile: Profile):
    page = client_alice.get(f"/diary/profiles/{profile.uuid}/today/").content.decode()
    assert f'href="{list_url(profile)}"' in page
    assert ">Side effects<" in page


def test_add_saves_and_shows_the_label_advice_for_dupilumab_eyes(
    client_alice: Client, profile: Profile
):
    response = client_alice.post(add_url(profile), VALID)
    saved = SideEffect.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{list_url(profile)}#episode-{saved.uuid}"
    assert (saved.profile, saved.kind, saved.severity) == (profile, "eye-itchy", "moderate")
    assert (saved.started_on, saved.ended_on, saved.drug) == (date(2026, 1, 10), None, "dupilumab")
    assert (saved.what_was_done, saved.note) == ("eye drops from GP", "both eyes red and itchy")

    page = client_alice.get(list_url(profile)).content.decode()
    shown = text(page)
    assert "Side effect saved." in shown
    assert "Itchy eyes" in shown and "since 10 Jan 2026, still going on" in shown
    assert "label information, not a diagnosis" in shown
    # how common: the US label's trial table and the EU leaflet band, and one line of sources
    assert "conjunctivitis (pink eye: red, itchy or watery eyes): one of the most common" in shown
    assert "10% of people on the medicine, 2% on placebo" in shown
    assert "Sources: Dupixent US prescribing information (April 2026" in shown
    assert "common: up to 1 in 10 people" in shown and "Dupixent EU package leaflet (2023)" in shown
    assert "Table 3" not in shown and "Source: " not in shown
    # when to contact the care team, and the allergy warning
    assert "When to contact your care team" in shown
    assert "Same day: Eye pain, a change in your vision" in shown
    assert "Let them know: Tell your care team about eye symptoms that are new" in shown
    assert "eye examination" in shown
    assert "Emergency: Signs of a serious allergic reaction" in shown
    assert "US label" in shown and "EU label" in shown
    assert 'data-testid="episode-end"' in page


def test_the_add_form_starts_today_and_with_the_last_biologic(
    client_alice: Client, profile: Profile
):
    episode(profile, drug="tralokinumab")
    page = client_alice.get(add_url(profile)).content.decode()
    today = profile.local_today().isoformat()
    assert f'value="{today}"' in field_block(page, "started_on")
    assert f'max="{today}"' in field_block(page, "started_on")
    assert '<option value="tralokinumab" selected>' in field_block(page, "drug")


def test_eye_pain_asks_for_care_the_same_day(client_alice: Client, profile: Profile):
    client_alice.post(add_url(profile), {**VALID, "kind": "eye-pain", "severity": "severe"})
    shown = text(client_alice.get(list_url(profile)).content.decode())
    assert "Same day: Eye pain, a change in your vision (such as blurred or blurry sight)" in shown
    assert "sensitive to light need to be checked the same day" in shown
    assert "keratitis" in shown


def test_not_in_our_sources_and_no_biologic(client_alice: Client, profile: Profile):
    episode(profile, kind="eye-red", drug="nemolizumab")
    episode(profile, kind="joint-pain", drug="", started_on=date(2026, 1, 9))
    shown = text(client_alice.get(list_url(profile)).content.decode())
    assert "Not in our sources. The label information CalmSkin holds for Nemolizumab" in shown
    assert "Add the biologic taken at the time (Edit) to see what its label says" in shown


def test_something_else_is_shown_in_the_persons_words(client_alice: Client, profile: Profile):
    response = client_alice.post(
        add_url(profile), {**VALID, "kind": "other", "other_text": "hair loss"}
    )
    assert response.status_code == 302
    assert SideEffect.objects.get().other_text == "hair loss"
    assert "<h3>hair loss</h3>" in client_alice.get(list_url(profile)).content.decode()


# -- validation: a message next to the field, everything typed kept, nothing saved -----------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"kind": ""}, "kind", "Choose the kind of side effect."),
        ({"kind": "nosebleed"}, "kind", "Choose one of the listed side effects."),
        ({"kind": "other", "other_text": "  "}, "other_text", "Say in a few words what"),
        ({"severity": ""}, "severity", "Choose how bad it is."),
        ({"severity": "awful"}, "severity", "Choose mild, moderate or severe."),
        ({"started_on": ""}, "started_on", "Enter the day it started."),
        ({"started_on": "2026-02-30"}, "started_on", "Enter a date like 2026-03-14."),
        ({"started_on": "2999-01-01"}, "started_on", "The start cannot be in the future."),
        ({"ended_on": "2999-01-01"}, "ended_on", "The end cannot be in the future."),
        ({"ended_on": "2026-01-09"}, "ended_on", "The end cannot be before the start."),
        ({"drug": "aspirin"}, "drug", "Choose one of the listed medicines."),
        ({"other_text": "x" * 121}, "other_text", "at most 120 characters"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_kept(
    client_alice: Client, profile: Profile, changes: dict[str, str], field: str, message: str
):
    data = {**VALID, **changes}
    response = client_alice.post(add_url(profile), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert SideEffect.objects.count() == 0
    assert 'role="alert"' in page
    block = field_block(page, field)
    assert message in text(block), block
    assert 'aria-invalid="true"' in block or field == "severity"
    # what was typed is still there (the bad value too, where the widget can show it)
    assert "eye drops from GP" in field_block(page, "what_was_done")
    assert "both eyes red and itchy" in field_block(page, "note")
    for name in ("started_on", "ended_on", "other_text"):
        if data.get(name, "").strip():
            assert f'value="{data[name]}"' in field_block(page, name), name
    if data["severity"] in ("mild", "moderate", "severe"):
        assert re.search(rf'value="{data["severity"]}"[^>]*checked', field_block(page, "severity"))


# -- edit, end, delete -----------------------------------------------------------------------------


def test_edit_changes_the_episode(client_alice: Client, profile: Profile):
    item = episode(profile, kind="other", other_text="hair loss", note="")
    page = client_alice.get(f"/side-effects/{item.uuid}/edit/").content.decode()
    assert 'value="hair loss"' in page
    response = client_alice.post(
        f"/side-effects/{item.uuid}/edit/",
        {**VALID, "kind": "eye-dry", "other_text": "hair loss", "ended_on": "2026-01-20"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.kind, item.other_text, item.ended_on) == ("eye-dry", "", date(2026, 1, 20))
    assert SideEffect.objects.count() == 1


def test_end_today_uses_the_profiles_day_and_only_once(client_alice: Client, alice: Any):
    profile = make_profile(alice, "Kiri", time_zone="Pacific/Kiritimati")
    item = episode(profile, started_on=profile.local_today() - timedelta(days=3))
    assert client_alice.get(f"/side-effects/{item.uuid}/end/").status_code == 405
    response = client_alice.post(f"/side-effects/{item.uuid}/end/")
    assert response.status_code == 302
    assert response["Location"] == f"{list_url(profile)}#episode-{item.uuid}"
    item.refresh_from_db()
    assert item.ended_on == profile.local_today()
    page = client_alice.get(list_url(profile)).content.decode()
    assert "Marked as ended today." in page
    client_alice.post(f"/side-effects/{item.uuid}/end/")
    item.refresh_from_db()
    assert item.ended_on == profile.local_today()
    assert "already ended" in client_alice.get(list_url(profile)).content.decode()


def test_end_today_refuses_an_episode_that_starts_later(profile: Profile):
    item = episode(profile, started_on=profile.local_today() + timedelta(days=2))
    with pytest.raises(services.CannotEnd):
        services.end_today(item, profile.local_today())
    item.refresh_from_db()
    assert item.ended_on is None


def test_delete_asks_then_deletes(client_alice: Client, profile: Profile):
    item = episode(profile)
    page = client_alice.get(f"/side-effects/{item.uuid}/delete/").content.decode()
    assert "Delete this side effect?" in page and "Red eyes" in page
    assert SideEffect.objects.count() == 1
    response = client_alice.post(f"/side-effects/{item.uuid}/delete/")
    assert response.status_code == 302 and response["Location"] == list_url(profile)
    assert SideEffect.objects.count() == 0


def test_the_list_shows_ongoing_first_then_ended_newest_first(
    client_alice: Client, profile: Profile
):
    old_ended = episode(profile, started_on=date(2025, 5, 1), ended_on=date(2025, 5, 9))
    new_ended = episode(profile, started_on=date(2025, 12, 1), ended_on=date(2025, 12, 3))
    old_going = episode(profile, started_on=date(2025, 11, 1))
    new_going = episode(profile, started_on=date(2026, 1, 2))
    page = client_alice.get(list_url(profile)).content.decode()
    order = [o.uuid for o in (new_going, old_going, new_ended, old_ended)]
    positions = [page.index(f'id="episode-{u}"') for u in order]
    assert positions == sorted(positions)
    assert page.index('data-testid="ongoing"') < positions[0]
    assert positions[1] < page.index('data-testid="ended"') < positions[2]


def test_pages_have_no_inline_scripts_or_styles(client_alice: Client, profile: Profile):
    item = episode(profile)
    for url in (
        list_url(profile),
        add_url(profile),
        f"/side-effects/{item.uuid}/edit/",
        f"/side-effects/{item.uuid}/delete/",
    ):
        page = client_alice.get(url).content.decode()
        assert " style=" not in page and "<style" not in page, url
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), url
        assert not re.search(r"\son[a-z]+=", page), url


# -- ownership -------------------------------------------------------------------------------------


def test_another_account_gets_404_everywhere_and_changes_nothing(profile: Profile):
    item = episode(profile)
    bob = make_user("bob")
    make_profile(bob, "Bob")
    client = Client()
    client.force_login(bob)
    urls = [
        list_url(profile),
        add_url(profile),
        f"/side-effects/{item.uuid}/edit/",
        f"/side-effects/{item.uuid}/end/",
        f"/side-effects/{item.uuid}/delete/",
    ]
    before = list(SideEffect.objects.values())
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, VALID).status_code == 404, url
    assert list(SideEffect.objects.values()) == before
    missing = "00000000-0000-4000-8000-000000000000"
    owner = Client()
    owner.force_login(profile.account)
    assert owner.get(f"/side-effects/{missing}/edit/").status_code == 404
    assert owner.get("/side-effects/not-a-uuid/edit/").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client: Client, profile: Profile):
    item = episode(profile)
    for url in (list_url(profile), f"/side-effects/{item.uuid}/edit/"):
        response = client.get(url)
        assert response.status_code == 302 and "/account/" in response["Location"]


# -- export and deletion ---------------------------------------------------------------------------


def test_the_export_holds_the_episode(client_alice: Client, profile: Profile):
    item = episode(
        profile,
        kind="other",
        other_text="=HYPERLINK()",
        ended_on=date(2026, 1, 12),
        what_was_done="eye drops from GP",
    )
    data = json.loads(client_alice.get(f"/exports/profiles/{profile.uuid}/calmskin.json").content)
    (exported,) = data["side_effects"]
    assert exported["uuid"] == str(item.uuid)
    assert (exported["kind"], exported["other_text"]) == ("other", "=HYPERLINK()")
    assert (exported["started_on"], exported["ended_on"]) == ("2026-01-08", "2026-01-12")
    assert (exported["severity"], exported["drug"]) == ("mild", "dupilumab")
    assert exported["what_was_done"] == "eye drops from GP"

    archive = zipfile.ZipFile(io.BytesIO(exports.profile_zip(profile)))
    rows = list(csv.DictReader(io.StringIO(archive.read("side_effects.csv").decode("utf-8-sig"))))
    assert len(rows) == 1
    assert rows[0]["other_text"] == "'=HYPERLINK()"  # a spreadsheet must not run it
    assert (rows[0]["started_on"], rows[0]["ended_on"]) == ("2026-01-08", "2026-01-12")
    assert rows[0]["uuid"] == str(item.uuid)


def test_deleting_the_profile_deletes_its_side_effects(profile: Profile, alice: Any):
    episode(profile)
    other = make_profile(alice, "Ben")
    episode(other)
    exports.delete_profile(profile)
    assert list(SideEffect.objects.values_list("profile", flat=True)) == [other.pk]


# -- the database refuses what the form refuses ----------------------------------------------------


def test_constraints_refuse_an_end_before_the_start_and_an_undescribed_other(profile: Profile):
    with pytest.raises(IntegrityError), transaction.atomic():
        episode(profile, started_on=date(2026, 1, 8), ended_on=date(2026, 1, 7))
    with pytest.raises(IntegrityError), transaction.atomic():
        episode(profile, kind="other", other_text="")


# -- safety content (issue 10, item 6) --------------------------------------------------------------


def render_label(drug: str, kind: str, severity: str, region: str) -> str:
    from django.template.loader import render_to_string

    from calmskin.web.sideeffects.labels import episode_label

    episode = SideEffect(kind=kind, severity=severity, drug=drug, started_on=date(2026, 1, 8))
    return render_to_string("sideeffects/_label.html", {"label": episode_label(episode, region)})


@pytest.mark.parametrize("drug", DRUG_IDS)
@pytest.mark.parametrize("region", ["US", "EU"])
def test_label_advice_carries_no_internal_notes_and_one_sources_line(drug: str, region: str):
    for kind in KINDS:
        for severity in ("mild", "moderate", "severe"):
            shown = text(render_label(drug, kind, severity, region))
            assert internal_notes(shown) == [], (drug, kind, severity, region)
            assert shown.count("Sources:") == 1 and "Source:" not in shown
            assert "(US)" not in shown or region == "US"


@pytest.mark.parametrize("drug", DRUG_IDS)
@pytest.mark.parametrize("kind", ["eye-red", "eye-itchy", "eye-dry", "eye-pain", "vision-change"])
def test_every_eye_symptom_shows_same_day_care(drug: str, kind: str):
    shown = text(render_label(drug, kind, "mild", "EU"))
    assert "Same day: Eye pain, a change in your vision" in shown
    assert "sensitive to light" in shown


@pytest.mark.parametrize("drug", DRUG_IDS)
@pytest.mark.parametrize("kind", KINDS)
def test_a_mild_symptom_never_shows_an_emergency_box(drug: str, kind: str):
    mild = render_label(drug, kind, "mild", "US")
    assert 'data-testid="label-allergy"' not in mild and "Emergency:" not in text(mild)
    assert "advice__item--emergency" not in mild
    # the allergy signs are still there, as a quiet line
    assert 'data-testid="label-allergy-quiet"' in mild
    assert "serious allergic reaction" in text(mild)
    for severity in ("moderate", "severe"):
        boxed = render_label(drug, kind, severity, "US")
        assert 'data-testid="label-allergy"' in boxed and "Emergency:" in text(boxed)
        assert 'data-testid="label-allergy-quiet"' not in boxed


def test_the_form_starts_with_the_biologic_the_profile_is_on():
    from calmskin.web.sideeffects.forms import SideEffectForm

    today = date(2026, 3, 1)
    form = SideEffectForm(today=today, current_drug="nemolizumab", initial={"drug": "dupilumab"})
    assert form["drug"].value() == "nemolizumab"
    assert '<option value="nemolizumab" selected>' in str(form["drug"])
    # no current biologic: the given initial (the last episode's) stays
    assert SideEffectForm(today=today, initial={"drug": "dupilumab"})["drug"].value() == "dupilumab"
    assert SideEffectForm(today=today, current_drug=None)["drug"].value() in (None, "")
    # an unknown id is ignored; a bound form keeps what was posted
    assert SideEffectForm(today=today, current_drug="aspirin")["drug"].value() in (None, "")
    posted = SideEffectForm({"drug": "tralokinumab"}, today=today, current_drug="nemolizumab")
    assert posted["drug"].value() == "tralokinumab"


def test_editing_keeps_the_episodes_own_biologic(profile: Profile):
    from calmskin.web.sideeffects.forms import SideEffectForm

    saved = episode(profile, drug="tralokinumab")
    form = SideEffectForm(instance=saved, today=date(2026, 3, 1), current_drug="nemolizumab")
    assert form["drug"].value() == "tralokinumab"
