"""The Learn pages on the web: one page per drug with its label dates and sources and the core's
numbers, the page on how biologics work, and the search in everyday words (plain GET, no script)."""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest
from django.test import Client
from plain_language import internal_notes

from calmskin.core.learn.pages import drug_page, week16_summary
from calmskin.core.learn.search import MAX_QUERY_CHARS
from calmskin.core.therapy.catalog import DRUG_IDS, all_drugs, load_drug
from calmskin.core.therapy.regimens import label_regimen


def text_of(page: str, name: str) -> str:
    """Text of the element carrying ``data-testid=name`` (tags stripped, entities decoded,
    whitespace collapsed)."""
    match = re.search(rf'<(\w+)[^>]*data-testid="{re.escape(name)}"[^>]*>(.*?)</\1>', page, re.S)
    assert match, f"no element with data-testid={name!r}"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match.group(2))).split())


def visible(page: str) -> str:
    body = page.split("<main", 1)[1]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def get(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# -- drug pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize("drug_id", DRUG_IDS)
def test_every_drug_page_renders_with_one_sources_line(client, drug_id):
    page = get(client, f"/learn/{drug_id}/")
    drug = load_drug(drug_id)
    shown = visible(page)
    assert drug.inn.capitalize() in text_of(page, f"learn-drug-{drug_id}")
    model = drug_page(drug_id)
    sources = text_of(page, "sources")
    assert sources == "Sources: " + "; ".join(model.sources_line) + "."
    for ref in model.sources:  # each cited document by its plain name, never its internal title
        assert ref.source.plain in sources
        assert ref.source.title not in shown
    assert shown.count("Sources:") == 1
    assert 'href="#source-' not in page and 'data-testid="label-dates"' not in page
    for heading in ("What it targets", "Who it is for", "How and how often it is given"):
        assert heading in shown
    for heading in ("Common side effects", "Storage", "Pregnancy and breastfeeding"):
        assert heading in shown


def test_the_numbers_shown_are_the_core_regimen(client):
    lookup = label_regimen("dupilumab", "US", 40 * 12, Decimal(70))
    regimen = lookup.regimen
    assert regimen is not None
    page = get(client, "/learn/dupilumab/")
    card = f"regimen-US-{regimen.id}"
    loading = text_of(page, card).split("Loading dose", 1)[1]
    assert loading.startswith(f" {regimen.loading[0].dose_mg} mg (2 injections of 300 mg)")
    assert "600 mg" in loading
    maintenance = text_of(page, card).split("Then", 1)[1]
    assert maintenance.startswith(f" {regimen.maintenance.dose_mg} mg (1 injection of 300 mg)")
    assert "300 mg (1 injection of 300 mg) every 2 weeks, starting at week 2" in maintenance
    assert regimen.maintenance.interval_days == 14


@pytest.mark.parametrize("drug_id", DRUG_IDS)
def test_every_regimen_card_shows_the_catalog_doses(client, drug_id):
    page = get(client, f"/learn/{drug_id}/")
    for regimen in load_drug(drug_id).regimens:
        card = text_of(page, f"regimen-{regimen.region}-{regimen.id}")
        for dose in regimen.loading:
            assert f"{dose.dose_mg} mg ({dose.injections} injection" in card
        assert (
            f"{regimen.maintenance.dose_mg} mg ({regimen.maintenance.injections} injection" in card
        )


def test_gaps_are_shown_as_not_in_our_catalog(client):
    page = get(client, "/learn/lebrikizumab/")
    assert "not in our catalog" in text_of(page, "sites")
    storage = text_of(page, "storage-US")
    assert storage.count("not in our catalog") == 2
    conjunctivitis = text_of(page, "side-effect-conjunctivitis")
    assert "How often: not in our catalog" in conjunctivitis
    assert "not retrieved" not in visible(page)
    # one plain sentence instead of the internal list of facts still to check
    assert "not yet confirmed against the current label" in text_of(page, "gaps-note")
    assert "RxNorm" not in page and "Not yet confirmed" not in visible(page)


def test_an_unknown_drug_is_404(client):
    assert client.get("/learn/aspirin/").status_code == 404


# -- how biologics work ----------------------------------------------------------------------------


def test_the_mechanism_page_renders_with_catalog_facts_and_sources(client):
    page = get(client, "/learn/how-biologics-work/")
    shown = visible(page)
    for phrase in ("type 2 inflammation", "IL-4", "IL-13", "IL-31", "skin barrier", "itch"):
        assert phrase in shown
    for drug in all_drugs():
        assert drug.mechanism in shown
        assert str(drug.target.value) in shown
    mono, topical = week16_summary()
    assert (
        f"{mono.iga01_drug.low} to {mono.iga01_drug.high} in every 100 people had clear or "
        f"almost clear skin at week 16, against {mono.iga01_placebo.low} to "
        f"{mono.iga01_placebo.high} in every 100 on placebo"
    ) in text_of(page, "week16-mono")
    assert f"{topical.easi75_drug.low} to {topical.easi75_drug.high}" in text_of(
        page, "week16-topical"
    )
    assert "dupilumab, tralokinumab and lebrikizumab" in text_of(page, "risk-eyes")
    assert "dupilumab" in text_of(page, "risk-herpes")
    assert "talk with your doctor" in shown
    sources = text_of(page, "sources")
    assert sources.startswith("Sources: ") and shown.count("Sources:") == 1
    assert "SOLO 1 and SOLO 2 trial report" in sources and "ARCADIA" in sources
    assert "Weidinger and Novak" in sources and "LactMed" in sources and "NHS" in sources
    assert "Simpson EL et al." not in shown  # internal titles stay in the data
    assert "same day" in text_of(page, "risk-eye-red-flags")
    assert "1.3%" in text_of(page, "breastfeeding")


# -- search ----------------------------------------------------------------------------------------


def hit_ids(page: str) -> list[str]:
    return re.findall(r'data-testid="hit-([^"]+)"', page)


def test_search_for_pink_eye_shows_conjunctivitis_first(client):
    page = get(client, "/learn/search?q=pink+eye")
    found = hit_ids(page)
    assert found[0] == "dupilumab-side-effect-conjunctivitis"
    for drug_id in ("dupilumab", "tralokinumab", "lebrikizumab"):
        assert f"{drug_id}-side-effect-conjunctivitis" in found
    assert not any(h.startswith("nemolizumab-") for h in found)
    first = text_of(page, f"hit-{found[0]}")
    assert "Common side effects: conjunctivitis" in first
    assert "10% vs 2% placebo" in first
    assert 'href="/learn/dupilumab/#side-effect-conjunctivitis"' in page
    assert "<mark>conjunctivitis</mark>" in page
    assert "conjunctivitis (for “pink eye”)" in text_of(page, "learn-expansions")
    # the anchor the result links to exists on the drug page
    assert 'id="side-effect-conjunctivitis"' in get(client, "/learn/dupilumab/")


def test_search_finds_the_mechanism_page_too(client):
    page = get(client, "/learn/search?q=skin+barrier")
    assert "how-biologics-work-barrier-itch" in hit_ids(page)
    assert 'href="/learn/how-biologics-work/#barrier-itch"' in page


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/learn/search?q=", "Type a word or two to search"),
        ("/learn/search?q=+++", "Type a word or two to search"),
        (f"/learn/search?q={'x' * (MAX_QUERY_CHARS + 1)}", "too long"),
        ("/learn/search?q=zzqx", "Nothing found for “zzqx”"),
    ],
)
def test_search_says_clearly_when_there_is_nothing_to_show(client, url, message):
    page = get(client, url)
    assert message in text_of(page, "learn-message")
    assert hit_ids(page) == []


def test_search_without_a_query_shows_only_the_form(client):
    page = get(client, "/learn/search")
    assert 'data-testid="learn-search-form"' in page
    assert 'method="get"' in page
    assert 'data-testid="learn-results"' not in page


def test_search_with_a_trailing_slash_redirects_keeping_the_query(client):
    response = client.get("/learn/search/?q=jab")
    assert response.status_code == 302
    assert response["Location"] == "/learn/search?q=jab"


def test_user_text_is_escaped(client):
    page = get(client, "/learn/search?q=%3Cscript%3Ealert(1)%3C/script%3E+eye")
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;" in page


# -- navigation, CSP ------------------------------------------------------------------------------


def test_the_site_navigation_links_to_learn(client):
    page = get(client, "/")
    assert re.search(r'<a href="/learn/"[^>]*>Learn</a>', page)
    learn = get(client, "/learn/")
    assert re.search(r'<a href="/learn/" aria-current="page">Learn</a>', learn)
    for drug_id in DRUG_IDS:
        assert f'href="/learn/{drug_id}/"' in learn


@pytest.mark.parametrize(
    "url",
    ["/learn/", "/learn/dupilumab/", "/learn/how-biologics-work/", "/learn/search?q=fridge"],
)
def test_no_inline_script_or_style(client, url):
    response = client.get(url)
    page = response.content.decode()
    assert "Content-Security-Policy" in response.headers
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert "<style" not in page
    assert not re.search(r"\sstyle=", page)
    assert not re.search(r"\son[a-z]+=", page)


# -- safety content (issue 10, item 6) --------------------------------------------------------------

LEARN_URLS = [
    "/learn/",
    *(f"/learn/{d}/" for d in DRUG_IDS),
    "/learn/how-biologics-work/",
    "/learn/questions/",
    "/learn/search?q=eye+pain",
    "/learn/search?q=fridge",
    "/learn/search?q=pregnant",
    "/learn/search?q=how+long",
]


@pytest.mark.parametrize("url", LEARN_URLS)
def test_learn_pages_carry_no_internal_notes(client, url):
    shown = visible(get(client, url))
    assert internal_notes(shown) == [], (url, internal_notes(shown))


def test_the_internal_notes_check_catches_what_it_should():
    for leak in (
        "RxNorm ingredient code 1876376",
        "US PI section 5.2",
        "EU SmPC 4.4",
        "ClinicalTrials.gov NCT04173442",
        "DailyMed set 595f437d-2729-40bb-9c62-c8ece1f82780",
        "input/fsh/adtralza.fsh (commit 2fc3a7a)",
        "Table 3 of the label",
        "reference source S23",
    ):
        assert internal_notes(leak), leak
    clean = "Dupixent US prescribing information (April 2026); 1.3% of the level; 0.49 mL; week 16"
    assert internal_notes(clean) == []


@pytest.mark.parametrize("drug_id", DRUG_IDS)
def test_every_drug_page_shows_same_day_eye_care_and_fridge_basics(client, drug_id):
    page = get(client, f"/learn/{drug_id}/")
    eyes = text_of(page, "eye-symptoms")
    assert "Eye pain" in eyes and "sensitive to light" in eyes and "the same day" in eyes
    assert 'id="eye-symptoms"' in page
    for region in ("US", "EU"):
        basics = text_of(page, f"storage-basics-{region}")
        assert "fridge at 2 to 8 degrees C" in basics and "carton" in basics
        assert "Do not freeze it; do not shake it." in basics


def test_us_tralokinumab_shows_the_fridge_basics_but_no_room_temperature_limit(client):
    card = text_of(get(client, "/learn/tralokinumab/"), "storage-US")
    assert "fridge at 2 to 8 degrees C" in card
    assert "Room temperature not in our catalog" in card
    assert "25 °C" not in card and "30 °C" not in card


def test_eu_pens_are_not_tagged_us(client):
    page = get(client, "/learn/dupilumab/")
    eu = visible(page).split("EU label (Dupixent)", 1)[1]
    devices = eu.split("Pens, syringes and where to inject", 1)[1].split("Where to inject", 1)[0]
    eu_devices = devices.split(" EU ", 1)[1]
    assert "Prefilled pen, 300 mg in 2 mL" in eu_devices and "(US)" not in eu_devices


@pytest.mark.parametrize("query", ["eye pain", "blurred vision", "blurry"])
def test_search_for_eye_warning_signs_finds_the_same_day_advice_first(client, query):
    page = get(client, f"/learn/search?q={query.replace(' ', '+')}")
    found = hit_ids(page)
    assert found[: len(DRUG_IDS)] == [f"{d}-eye-symptoms" for d in DRUG_IDS]
    assert 'href="/learn/nemolizumab/#eye-symptoms"' in page


@pytest.mark.parametrize(
    ("query", "answer"),
    [
        ("how long", "how-long"),
        ("how long until it works", "how-long"),
        ("stop", "stopping"),
        ("can I stop", "stopping"),
        ("alternatives", "alternatives"),
        ("sharps", "sharps"),
        ("dispose", "sharps"),
    ],
)
def test_search_ranks_the_common_questions_first(client, query, answer):
    page = get(client, f"/learn/search?q={query.replace(' ', '+')}")
    assert hit_ids(page)[0] == f"questions-{answer}"
    assert f'href="/learn/questions/#{answer}"' in page


def test_the_questions_page_answers_in_plain_words(client):
    page = get(client, "/learn/questions/")
    how_long = text_of(page, "question-how-long")
    assert "How long until it works?" in how_long and "2 to 4 weeks" in how_long
    stopping = text_of(page, "question-stopping")
    assert "Do not stop, skip or space out the injections on your own" in stopping
    alternatives = text_of(page, "question-alternatives")
    for name in ("Abrocitinib (Cibinqo)", "Baricitinib (Olumiant)", "Upadacitinib (Rinvoq)"):
        assert name in alternatives
    for drug in all_drugs():
        assert drug.inn.capitalize() in alternatives
    assert alternatives.count("not yet checked by CalmSkin") == 3
    sharps = text_of(page, "question-sharps")
    assert "sharps container" in sharps and "household rubbish" in sharps
    assert visible(page).count("Sources:") == 1
    assert 'href="/learn/questions/"' in get(client, "/learn/")
