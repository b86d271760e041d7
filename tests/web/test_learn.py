"""The Learn pages on the web: one page per drug with its label dates and sources and the core's
numbers, the page on how biologics work, and the search in everyday words (plain GET, no script)."""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest
from django.test import Client

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
def test_every_drug_page_renders_with_its_label_dates_and_sources(client, drug_id):
    page = get(client, f"/learn/{drug_id}/")
    drug = load_drug(drug_id)
    shown = visible(page)
    assert drug.inn.capitalize() in text_of(page, f"learn-drug-{drug_id}")
    dates = text_of(page, "label-dates")
    for region, date in drug.label_dates.items():
        assert f"{region} label {date}" in dates
    sources = text_of(page, "sources")
    model = drug_page(drug_id)
    assert model.sources
    for ref in model.sources:
        assert f"{ref.source.title} ({ref.source.date})" in sources
        assert f'id="source-{ref.number}"' in page
    # every cited number points at a listed source
    for number in re.findall(r'href="#source-(\d+)"', page):
        assert 1 <= int(number) <= len(model.sources)
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
    assert text_of(page, "breastfeeding-gap") == "not in our catalog."
    storage = text_of(page, "storage-US")
    assert storage.count("not in our catalog") == 2
    conjunctivitis = text_of(page, "side-effect-conjunctivitis")
    assert "How often: not in our catalog" in conjunctivitis
    assert "not retrieved" not in visible(page).split("Not yet confirmed")[0]
    # the gaps list says what is still to check, under its own heading
    assert "These are gaps, not facts" in visible(page)


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
    assert "Simpson EL et al." in sources and "ARCADIA" in sources and "Weidinger" not in sources
    assert "Weidinger S, Novak N" in shown


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
