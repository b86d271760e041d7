"""The drug pages of Learn: numbers straight from the catalog's regimens, unconfirmed values never
shown as fact, gaps said as "not in our catalog", every shown value citing a dated source."""

from __future__ import annotations

from decimal import Decimal

import pytest

from calmskin.core.learn.pages import (
    NOT_IN_CATALOG,
    describe_loading,
    describe_maintenance,
    drug_page,
    drugs_naming,
    every,
    mechanism_sources,
    sections,
    week16_summary,
    when,
)
from calmskin.core.therapy.catalog import DRUG_IDS, load_drug
from calmskin.core.therapy.regimens import label_regimen


@pytest.mark.parametrize("drug_id", DRUG_IDS)
def test_every_regimen_of_the_catalog_is_on_the_page_with_its_own_numbers(drug_id):
    drug = load_drug(drug_id)
    page = drug_page(drug_id)
    for region in page.regions:
        by_id = {r.id: r for r in region.regimens}
        for regimen in drug.regimens_for(region.region):
            view = by_id[regimen.id]
            m = regimen.maintenance
            assert view.maintenance.startswith(f"{m.dose_mg} mg (")
            assert every(m.interval_days) in view.maintenance
            for dose in regimen.loading:
                assert f"{dose.dose_mg} mg" in view.loading
                assert when(dose.day) in view.loading
            if not regimen.loading:
                assert view.loading.startswith("No loading dose")
            assert page.sources[view.ref - 1].source.id == regimen.source


def test_dupilumab_adult_is_600_mg_then_300_mg_every_2_weeks_as_the_core_lookup_says():
    lookup = label_regimen("dupilumab", "US", 40 * 12, Decimal(70))
    assert lookup.regimen is not None
    (us,) = [r for r in drug_page("dupilumab").regions if r.region == "US"]
    (adult,) = [r for r in us.regimens if r.id == lookup.regimen.id]
    assert adult.loading == (
        "600 mg (2 injections of 300 mg) on the first day (week 0), each injection at a "
        "different site."
    )
    assert adult.maintenance == "300 mg (1 injection of 300 mg) every 2 weeks, starting at week 2."
    assert describe_loading(lookup.regimen) == adult.loading
    assert describe_maintenance(lookup.regimen.maintenance) == adult.maintenance


def test_tralokinumab_loading_injections_share_one_body_area():
    (us,) = [r for r in drug_page("tralokinumab").regions if r.region == "US"]
    adult = next(r for r in us.regimens if r.id == "us-adult")
    assert "600 mg (4 injections of 150 mg)" in adult.loading
    assert "within the same body area" in adult.loading
    (option,) = adult.options
    assert "every 4 weeks" in option.text and "only below 100 kg" in option.text


@pytest.mark.parametrize(
    ("drug_id", "differ"),
    [("dupilumab", True), ("tralokinumab", True), ("lebrikizumab", False), ("nemolizumab", False)],
)
def test_regions_differ_only_where_the_labels_do(drug_id, differ):
    assert drug_page(drug_id).regions_differ is differ


def test_unconfirmed_values_are_not_shown_as_fact():
    tralokinumab = drug_page("tralokinumab")
    us = next(r for r in tralokinumab.regions if r.region == "US")
    assert us.storage.max_temp is None and us.storage.max_days is None and not us.storage.rules
    eu = next(r for r in tralokinumab.regions if r.region == "EU")
    assert eu.storage.max_temp == "up to 25 °C" and eu.storage.max_days == "14 days"
    assert not any("300 mg in 2 mL" in d.text for d in eu.devices)  # the EU pen is unconfirmed
    lebrikizumab = drug_page("lebrikizumab")
    assert lebrikizumab.sites == ()
    conjunctivitis = next(e for e in lebrikizumab.side_effects if e.name == "conjunctivitis")
    assert conjunctivitis.frequencies == ()
    assert drug_page("nemolizumab").antibody is None
    # no text of an unconfirmed side-effect frequency reaches any page
    for drug_id in DRUG_IDS:
        page = drug_page(drug_id)
        shown = " ".join(f.text for e in page.side_effects for f in e.frequencies)
        assert "not retrieved" not in shown


def test_side_effects_are_grouped_by_name_with_their_sourced_frequencies():
    page = drug_page("tralokinumab")
    names = [e.name for e in page.side_effects]
    assert len(names) == len(set(names))
    sites = next(e for e in page.side_effects if e.name == "injection-site reactions")
    (frequency,) = sites.frequencies
    assert "4.0% vs 0% placebo (ECZTRA 1" in frequency.text
    assert "not the label table" in frequency.text
    assert page.sources[frequency.ref - 1].source.id == "ctgov"
    headache = next(e for e in drug_page("nemolizumab").side_effects if "headache" in e.name)
    assert "4.5% vs 3.4% placebo (ARCADIA 1" in headache.frequencies[0].text


@pytest.mark.parametrize("drug_id", DRUG_IDS)
def test_breastfeeding_and_pregnancy_give_each_labels_words(drug_id):
    page = drug_page(drug_id)
    feeding = " ".join(n.text for n in page.breastfeeding)
    assert "no data on whether the medicine passes into breast milk" in feeding
    assert "antibodies of this type are known to be in milk" in feeding
    section = next(s for s in sections(page) if s.section_id == "pregnancy")
    assert f"Breastfeeding: {NOT_IN_CATALOG}." not in section.text
    pregnancy = " ".join(n.text for n in page.pregnancy)
    assert "have not shown a risk to the baby" in pregnancy
    assert "cross the placenta, more so late in pregnancy" in pregnancy
    assert all(not n.secondary for n in (*page.pregnancy, *page.breastfeeding))


def test_lactmed_for_dupilumab_only():
    feeding = " ".join(n.text for n in drug_page("dupilumab").breastfeeding)
    assert "about 1.3% of the level in her blood" in feeding and "acceptable" in feeding
    assert "LactMed" in "; ".join(drug_page("dupilumab").sources_line)
    for drug_id in ("tralokinumab", "lebrikizumab", "nemolizumab"):
        assert "1.3%" not in " ".join(n.text for n in drug_page(drug_id).breastfeeding)


def test_pregnancy_registries_show_only_verified_contacts():
    dupilumab = " ".join(n.text for n in drug_page("dupilumab").pregnancy)
    assert "1-877-311-8972" in dupilumab
    assert "mothertobaby.org/ongoing-study/dupixent" in dupilumab
    lebrikizumab = " ".join(n.text for n in drug_page("lebrikizumab").pregnancy)
    assert "MotherToBaby (OTIS)" in lebrikizumab and "ask your care team" in lebrikizumab
    for drug_id in ("tralokinumab", "nemolizumab"):
        text = " ".join(n.text for n in drug_page(drug_id).pregnancy)
        assert "ask your care team" in text
        assert "1-877" not in text and "mothertobaby" not in text.lower()


@pytest.mark.parametrize("drug_id", DRUG_IDS)
def test_sources_are_numbered_in_order_of_first_citation_with_dates(drug_id):
    page = drug_page(drug_id)
    drug = load_drug(drug_id)
    assert [r.number for r in page.sources] == list(range(1, len(page.sources) + 1))
    assert all(r.source.date for r in page.sources)
    assert dict(page.label_dates) == dict(drug.label_dates)
    assert (
        page.target is not None
        and page.sources[page.target.ref - 1].source.id == drug.target.source
    )


@pytest.mark.parametrize("drug_id", DRUG_IDS)
def test_the_sections_have_unique_anchors_and_say_gaps_plainly(drug_id):
    found = sections(drug_page(drug_id))
    anchors = [s.section_id for s in found]
    assert len(anchors) == len(set(anchors))
    assert {"target", "who", "dosing-us", "dosing-eu", "devices", "missed", "warnings"} <= set(
        anchors
    )
    assert {"storage", "pregnancy", "trials"} <= set(anchors)
    assert all(s.page_id == drug_id and s.text for s in found)


def test_week16_ranges_come_from_the_catalog_trials():
    mono, topical = week16_summary()
    assert mono.background == "monotherapy" and topical.background == "with_topicals"
    assert "ADhere" not in mono.trials + topical.trials  # unconfirmed, no values
    # ECZTRA 1 15.8% and ADvocate 1 43.1%; placebo 7.1% (ECZTRA 1) to 12.7% (ADvocate 1)
    assert (mono.iga01_drug.low, mono.iga01_drug.high) == (16, 43)
    assert (mono.iga01_placebo.low, mono.iga01_placebo.high) == (7, 13)
    assert (topical.easi75_drug.low, topical.easi75_drug.high) == (42, 69)


def test_drugs_naming_uses_facts_only():
    assert [d.id for d in drugs_naming("conjunctivitis")] == [
        "dupilumab",
        "tralokinumab",
        "lebrikizumab",
    ]
    # lebrikizumab's injection-site reactions have no confirmed frequency
    assert [d.id for d in drugs_naming("injection-site")] == ["dupilumab", "tralokinumab"]
    assert [d.id for d in drugs_naming("oral herpes")] == ["dupilumab"]


def test_mechanism_sources_name_each_label_and_each_trial_paper():
    cited = {(c.drug, c.source.id) for c in mechanism_sources()}
    assert ("Dupilumab (Dupixent)", "uspi") in cited
    assert ("Dupilumab (Dupixent)", "solo") in cited
    assert ("Nemolizumab (Nemluvio)", "arcadia") in cited
    assert not any(source == "adhere" for _, source in cited)


# -- safety content (issue 10, item 6) --------------------------------------------------------------


@pytest.mark.parametrize("drug_id", DRUG_IDS)
def test_every_drug_page_gives_same_day_care_for_eye_warning_signs(drug_id):
    page = drug_page(drug_id)
    (advice,) = page.eye_advice
    for words in ("Eye pain", "change in your vision", "blurred", "sensitive to light", "same day"):
        assert words in advice.text
    section = next(s for s in sections(page) if s.section_id == "eye-symptoms")
    assert section.text == advice.text and "same-day care" in section.title
    assert "NHS website: Conjunctivitis" in "; ".join(page.sources_line)


@pytest.mark.parametrize("drug_id", DRUG_IDS)
@pytest.mark.parametrize("region", ["US", "EU"])
def test_storage_basics_for_every_medicine_and_region(drug_id, region):
    (view,) = [r for r in drug_page(drug_id).regions if r.region == region]
    basics = " ".join(view.storage.basics)
    for words in (
        "fridge at 2 to 8 degrees C",
        "carton to protect it from light",
        "freeze",
        "shake",
    ):
        assert words in basics
    section = next(s for s in sections(drug_page(drug_id)) if s.section_id == "storage")
    assert basics in section.text


def test_us_tralokinumab_room_temperature_limit_stays_unshown():
    (us,) = [r for r in drug_page("tralokinumab").regions if r.region == "US"]
    assert us.storage.basics and us.storage.max_temp is None and us.storage.max_days is None
    assert not any("25" in line or "30" in line for line in us.storage.basics)


def test_nemolizumab_vaccines_eu_maintenance_and_sites():
    page = drug_page("nemolizumab")
    warnings = " ".join(w.text for w in page.warnings)
    assert "bring vaccinations up to date before starting" in warnings
    assert "avoid live vaccines during treatment" in warnings
    us, eu = page.regions
    (us_option,) = us.regimens[0].options
    (eu_option,) = eu.regimens[0].options
    assert (
        "every 8 weeks" in eu_option.text and "a clinical response after 16 weeks" in eu_option.text
    )
    assert "clear or almost clear" in us_option.text and "clinical response" not in us_option.text
    assert "May be used with or without topical corticosteroids." in eu.regimens[0].notes
    assert "with or without topical corticosteroids" in page.topicals.text
    sites = " ".join(line.text for line in page.sites)
    assert (
        "front of the thighs or the abdomen, at least 5 cm (2 inches) away from the navel" in sites
    )
    assert "caregiver or a health professional" in sites
    assert "Not confirmed" not in sites


def test_dupilumab_warnings_name_eosinophilic_conditions_joint_pain_and_acute_asthma():
    warnings = " ".join(w.text for w in drug_page("dupilumab").warnings)
    assert "Eosinophilic conditions" in warnings
    assert "numbness or tingling" in warnings and "breathing that gets worse" in warnings
    assert "Joint pain" in warnings
    assert "does not treat a sudden asthma attack" in warnings


@pytest.mark.parametrize("drug_id", DRUG_IDS)
def test_eu_devices_are_not_tagged_us(drug_id):
    (eu,) = [r for r in drug_page(drug_id).regions if r.region == "EU"]
    assert not any("(US)" in d.text or " US" in d.text for d in eu.devices)


@pytest.mark.parametrize("drug_id", DRUG_IDS)
def test_the_sources_line_names_each_document_once_with_its_date(drug_id):
    page = drug_page(drug_id)
    names = [entry.rsplit(" (", 1)[0] for entry in page.sources_line]
    assert len(names) == len(set(names))
    assert all(entry.endswith(")") for entry in page.sources_line)
    cited = {ref.source.plain for ref in page.sources}
    assert cited <= set(names)
