"""Side-effect facts: every figure matches the team reference, every drug has a statement for every
kind (possibly "not in our sources"), unconfirmed items are never shown as fact, and the loader
refuses broken data naming the key."""

from __future__ import annotations

import copy
import tomllib
from dataclasses import replace
from importlib import resources
from typing import Any

import pytest

from calmskin.core.therapy.catalog import DRUG_IDS, STATUSES, CatalogError
from calmskin.core.therapy.side_effects import (
    BANDS,
    DATA,
    GROUPS,
    KIND_NAMES,
    KINDS,
    URGENCIES,
    group_of,
    label_info,
    parse,
)


def raw() -> dict[str, Any]:
    text = (
        resources.files("calmskin.core.therapy")
        .joinpath("data/side_effects.toml")
        .read_text("utf-8")
    )
    return tomllib.loads(text)


# Every rate the file may hold, transcribed from shared/reference/biologics.md:
# section 2.6 (dupilumab US label Table 3: dupilumab alone, weeks 0-16, 529 vs 517; with topical
# steroids, CHRONOS to week 52, 110 vs 315) and section 3.3 (tralokinumab: pooled five-trial
# conjunctivitis; ECZTRA 1 registry injection-site reactions). (drug, source, term start) ->
# {(drug %, placebo %), ...}
REFERENCE_RATES: dict[tuple[str, str, str], set[tuple[str, str]]] = {
    ("dupilumab", "uspi-table3", "conjunctivitis"): {("10%", "2%"), ("9%", "5%")},
    ("dupilumab", "uspi-table3", "injection-site"): {("10%", "5%"), ("10%", "6%")},
    ("dupilumab", "uspi-table3", "oral herpes"): {("4%", "2%"), ("3%", "2%")},
    ("dupilumab", "uspi-table3", "itchy eyes"): {("1%", "<1%"), ("2%", "1%")},
    ("dupilumab", "uspi-table3", "inflamed eyelids"): {("<1%", "<1%"), ("5%", "1%")},
    ("dupilumab", "uspi-table3", "inflammation of the clear"): {("<1%", "0%"), ("4%", "0%")},
    ("dupilumab", "uspi-table3", "dry eye"): {("<1%", "0%"), ("2%", "<1%")},
    ("tralokinumab", "conj-pool", "conjunctivitis"): {("7.5%", "3.2%")},
    ("tralokinumab", "ctgov", "injection-site"): {("4.0%", "0%")},
}

# EU frequency bands as the package leaflets print them (reference source S23: Dupixent 2023 copy,
# Adtralza and Ebglyss copies, GitHub joofio/test-epi-composition input/fsh/*.fsh, commit 2fc3a7a).
LEAFLET_BANDS: dict[tuple[str, str], str] = {
    ("dupilumab", "eye-red"): "common",
    ("dupilumab", "eye-itchy"): "common",
    ("dupilumab", "eye-dry"): "uncommon",
    ("dupilumab", "eye-pain"): "uncommon",
    ("dupilumab", "vision-change"): "uncommon",
    ("dupilumab", "cold-sore"): "common",
    ("dupilumab", "facial-redness"): "uncommon",
    ("dupilumab", "joint-pain"): "common",
    ("tralokinumab", "eye-red"): "common",
    ("tralokinumab", "eye-itchy"): "common",
    ("tralokinumab", "eye-pain"): "uncommon",
    ("tralokinumab", "vision-change"): "uncommon",
    ("tralokinumab", "injection-site"): "common",
    ("lebrikizumab", "eye-red"): "common",
    ("lebrikizumab", "eye-itchy"): "common",
    ("lebrikizumab", "eye-dry"): "common",
    ("lebrikizumab", "eye-pain"): "uncommon",
    ("lebrikizumab", "vision-change"): "uncommon",
    ("lebrikizumab", "injection-site"): "common",
}

# Kinds that none of our sources list for the drug: shown as "not in our sources".
NOT_IN_OUR_SOURCES = {
    ("tralokinumab", "eye-dry"),
    ("tralokinumab", "cold-sore"),
    ("tralokinumab", "facial-redness"),
    ("tralokinumab", "joint-pain"),
    ("lebrikizumab", "cold-sore"),
    ("lebrikizumab", "facial-redness"),
    ("lebrikizumab", "joint-pain"),
    *(
        ("nemolizumab", kind)
        for kind in ("eye-red", "eye-itchy", "eye-dry", "eye-pain", "vision-change")
    ),
    ("nemolizumab", "injection-site"),
    ("nemolizumab", "cold-sore"),
    ("nemolizumab", "facial-redness"),
    *((drug, "other") for drug in DRUG_IDS),
}


# -- kinds and groups -----------------------------------------------------------------------------


def test_every_kind_is_in_exactly_one_group_and_named():
    grouped = [kind for kinds in GROUPS.values() for kind in kinds]
    assert sorted(grouped) == sorted(KINDS)
    assert len(grouped) == len(set(grouped))
    assert set(KIND_NAMES) == set(KINDS)
    assert group_of("eye-red") == "eyes"
    assert group_of("cold-sore") == "skin"
    assert group_of("joint-pain") == "joints"
    assert group_of("other") == "other"
    with pytest.raises(KeyError):
        group_of("nosebleed")


# -- coverage --------------------------------------------------------------------------------------


@pytest.mark.parametrize("drug", DRUG_IDS)
@pytest.mark.parametrize("kind", KINDS)
def test_every_drug_has_a_statement_and_the_allergy_warning_for_every_kind(drug, kind):
    info = label_info(drug, kind)
    assert info.statements, (drug, kind)
    assert info.shown, (drug, kind)
    assert [a.urgency for a in info.general_advice] == ["emergency"]
    assert "allergic" in info.general_advice[0].text


@pytest.mark.parametrize("drug", DRUG_IDS)
@pytest.mark.parametrize("kind", KINDS)
def test_not_in_our_sources_exactly_where_expected(drug, kind):
    info = label_info(drug, kind)
    if (drug, kind) in NOT_IN_OUR_SOURCES:
        assert not info.listed, (drug, kind)
        assert not info.in_label
        assert info.not_listed and all(s.note for s in info.not_listed)
    else:
        assert info.in_label, (drug, kind)


def test_unknown_ids_are_key_errors():
    with pytest.raises(KeyError):
        label_info("omalizumab", "eye-red")
    with pytest.raises(KeyError):
        label_info("dupilumab", "nosebleed")


# -- every figure against the reference ------------------------------------------------------------


def test_every_rate_in_the_file_matches_the_reference():
    seen: dict[tuple[str, str, str], set[tuple[str, str]]] = {}
    for statement in DATA.statements:
        for rate in statement.rates:
            keys = [
                key
                for key in REFERENCE_RATES
                if key[0] == statement.drug
                and key[1] == statement.source.id
                and statement.term.startswith(key[2])
            ]
            assert len(keys) == 1, (statement.drug, statement.term, rate)
            assert (rate.drug, rate.placebo) in REFERENCE_RATES[keys[0]], (statement.term, rate)
            seen.setdefault(keys[0], set()).add((rate.drug, rate.placebo))
    assert seen == REFERENCE_RATES  # and every reference figure is used


def test_rates_come_only_from_a_label_table_or_a_trial_never_a_review():
    for statement in DATA.statements:
        if statement.rates:
            assert statement.basis in ("label", "trial"), statement.term
            assert statement.listed and statement.status == "confirmed", statement.term
            assert all(r.setting for r in statement.rates)


def test_eu_leaflet_bands_match_the_leaflets():
    found = {
        (s.drug, kind): s.band
        for s in DATA.statements
        if s.source.id == "eu-leaflet" and s.listed
        for kind in s.kinds
    }
    assert found == LEAFLET_BANDS
    for s in DATA.statements:
        if s.source.id == "eu-leaflet":
            assert s.status == "secondary" and s.region == "EU", s.term


def test_dupilumab_eye_journey_conjunctivitis_is_among_the_most_common():
    """Adult on dupilumab with red, itchy eyes in week 6: what CalmSkin shows."""
    for kind in ("eye-red", "eye-itchy"):
        info = label_info("dupilumab", kind)
        (conjunctivitis,) = [s for s in info.listed if s.term.startswith("conjunctivitis")]
        assert conjunctivitis.band == "most-common"
        assert conjunctivitis.rates[0].drug == "10%" and conjunctivitis.rates[0].placebo == "2%"
        assert conjunctivitis.source.date == "2026-04"
        assert "Table 3" in conjunctivitis.citation
        assert any("new or getting worse" in a.text for a in info.advice_shown)
        assert any("eye examination" in a.text for a in info.advice_shown)
    for kind in ("eye-pain", "vision-change"):
        urgencies = [a.urgency for a in label_info("dupilumab", kind).advice_shown]
        assert urgencies[0] == "same-day"


def test_dupilumab_facial_redness_is_a_leaflet_item_and_a_published_estimate_not_a_us_rate():
    info = label_info("dupilumab", "facial-redness")
    assert [s.basis for s in info.listed] == ["label", "review"]
    eu, review = info.listed
    assert eu.band == "uncommon" and not eu.rates
    assert not review.rates and "4%" in review.note and "43.8%" in review.note
    assert any(not s.listed and s.source.id == "uspi-table3" for s in info.shown)


def test_joint_pain():
    dupilumab = label_info("dupilumab", "joint-pain")
    assert [(s.band, s.region) for s in dupilumab.listed] == [("common", "EU"), (None, "US")]
    # the US warning on joint pain (arthralgia) was read in the safety review: shown, not a gap
    us = dupilumab.listed[1]
    assert "arthralgia" in us.term and us.status == "confirmed" and not dupilumab.gaps
    assert [a.urgency for a in dupilumab.advice_shown] == ["promptly", "tell"]
    nemolizumab = label_info("nemolizumab", "joint-pain")
    assert [(s.band, s.status) for s in nemolizumab.listed] == [("most-common", "secondary")]
    assert not any(s.rates for s in nemolizumab.statements)


# -- facts and gaps --------------------------------------------------------------------------------


def test_unconfirmed_items_are_never_shown_as_fact():
    statuses = set()
    for drug in DRUG_IDS:
        for kind in KINDS:
            info = label_info(drug, kind)
            statuses |= {s.status for s in info.statements} | {a.status for a in info.advice}
            assert all(s.status != "unconfirmed" for s in info.shown)
            assert all(a.status != "unconfirmed" for a in info.advice_shown)
            assert all(a.status != "unconfirmed" for a in info.general_advice)
            assert {id(g) for g in info.gaps}.isdisjoint(
                {id(s) for s in info.shown} | {id(a) for a in info.advice_shown}
            )
    assert {"confirmed", "secondary"} <= statuses <= set(STATUSES)
    # the gap mechanism itself: an unconfirmed piece of advice is stored, listed, never shown
    stored = label_info("dupilumab", "eye-pain")
    gap = replace(stored.advice[0], status="unconfirmed")
    info = replace(stored, advice=(*stored.advice, gap))
    assert gap in info.gaps and gap not in info.advice_shown + info.general_advice


def test_every_source_has_a_title_and_a_date_and_every_value_a_known_status():
    for statement in DATA.statements:
        assert statement.source.title.strip() and statement.source.date.strip()
        assert statement.citation.endswith(f"({statement.source.date})")
        assert statement.status in STATUSES
        assert statement.band is None or statement.band in BANDS
    for advice in DATA.advice:
        assert advice.source.title.strip() and advice.source.date.strip()
        assert advice.urgency in URGENCIES


def test_advice_is_sorted_most_urgent_first():
    info = label_info("dupilumab", "vision-change")
    order = [URGENCIES.index(a.urgency) for a in info.advice_shown]
    assert order == sorted(order)


# -- the loader refuses broken data ----------------------------------------------------------------


def broken(change: Any) -> str:
    data = copy.deepcopy(raw())
    change(data)
    with pytest.raises(CatalogError) as error:
        parse(data)
    return str(error.value)


def test_unknown_source_is_refused_naming_the_key():
    message = broken(lambda d: d["statements"][0].update(source="nowhere"))
    assert "side_effects.toml: statements[0].source" in message
    assert "nowhere" in message


def test_unknown_kind_drug_status_band_and_urgency_are_refused():
    assert "statements[0].kinds" in broken(lambda d: d["statements"][0].update(kinds=["nose"]))
    assert "statements[0].drug" in broken(lambda d: d["statements"][0].update(drug="x"))
    assert "statements[0].status" in broken(lambda d: d["statements"][0].update(status="maybe"))
    assert "statements[0].band" in broken(lambda d: d["statements"][0].update(band="often"))
    assert "advice[0].urgency" in broken(lambda d: d["advice"][0].update(urgency="later"))


def test_a_rate_must_be_a_percentage():
    def change(d: dict[str, Any]) -> None:
        d["statements"][0]["rates"][0]["drug"] = "ten"

    assert "statements[0].rates[0].drug" in broken(change)


def test_listed_needs_a_term_and_not_listed_has_no_rate():
    assert "statements[0].term" in broken(lambda d: d["statements"][0].update(term=""))
    assert "listed = false" in broken(lambda d: d["statements"][0].update(listed=False))


def test_a_missing_kind_or_missing_allergy_warning_is_refused():
    def drop_cold_sores(d: dict[str, Any]) -> None:
        d["statements"] = [
            s
            for s in d["statements"]
            if not (s["drug"] == "tralokinumab" and "cold-sore" in s["kinds"])
        ]

    assert "tralokinumab has no statement for 'cold-sore'" in broken(drop_cold_sores)

    def drop_allergy(d: dict[str, Any]) -> None:
        d["advice"] = [
            a
            for a in d["advice"]
            if not (a["drug"] == "nemolizumab" and a["urgency"] == "emergency")
        ]

    assert "nemolizumab has no emergency advice" in broken(drop_allergy)


# -- safety content (issue 10, item 6) --------------------------------------------------------------


@pytest.mark.parametrize("drug", DRUG_IDS)
@pytest.mark.parametrize("kind", GROUPS["eyes"])
def test_every_eye_symptom_of_every_drug_carries_same_day_care(drug, kind):
    info = label_info(drug, kind)
    first = info.advice_shown[0]
    assert first.urgency == "same-day"
    for words in ("Eye pain", "change in your vision", "sensitive to light", "the same day"):
        assert words in first.text
    assert "new or getting worse" in first.text
    assert first.source.plain == "NHS website: Conjunctivitis"
    assert not any(a.urgency == "emergency" for a in info.advice_shown)


def test_same_day_sits_between_emergency_and_promptly():
    assert URGENCIES == ("emergency", "same-day", "promptly", "tell")


def test_dupilumab_eu_injection_site_reactions_are_very_common():
    info = label_info("dupilumab", "injection-site")
    (eu,) = [s for s in info.listed if s.region == "EU"]
    assert eu.band == "very-common" and eu.status == "confirmed"
    assert eu.source.plain == "Dupixent EU summary of product characteristics"
    assert BANDS["very-common"].startswith("very common")


def test_every_source_shown_on_a_page_has_a_plain_name_and_date():
    for drug in DRUG_IDS:
        for kind in KINDS:
            info = label_info(drug, kind)
            for item in (*info.shown, *info.advice_shown, *info.general_advice):
                assert item.source.plain and item.source.plain_date, (drug, kind)
