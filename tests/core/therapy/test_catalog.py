"""The biologic catalog: every data file loads, cites its sources, keeps unconfirmed values out of
fact, matches the reference's regimens and test vectors 36-43, 55 and 57, and the loader refuses
broken files naming the file and the key."""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Iterator
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from calmskin.core.therapy.catalog import (
    DRUG_IDS,
    STATUSES,
    CatalogError,
    Drug,
    Fact,
    Regimen,
    all_drugs,
    load_drug,
    parse_drug,
)

DOCS = Path(__file__).resolve().parents[3] / "docs" / "regimens.md"
MISSED_ACTIONS = {"give-now-keep-schedule", "skip-wait-for-next", "give-now-restart-schedule"}


def raw(drug_id: str) -> dict[str, Any]:
    text = (
        resources.files("calmskin.core.therapy").joinpath(f"data/{drug_id}.toml").read_text("utf-8")
    )
    return tomllib.loads(text)


def covering(drug_id: str, region: str, age_months: int, weight_kg: str) -> list[str]:
    drug = load_drug(drug_id)
    return [r.id for r in drug.regimens_for(region) if r.covers(age_months, Decimal(weight_kg))]


def regimen(drug_id: str, regimen_id: str, region: str) -> Regimen:
    drug = load_drug(drug_id)
    (found,) = [r for r in drug.regimens_for(region) if r.id == regimen_id]
    return found


def facts(drug: Drug) -> Iterator[tuple[str, Fact]]:
    """Every :class:`Fact` a drug holds, with where it sits."""
    singles = {"target": drug.target, "antibody": drug.antibody, "atc": drug.atc}
    singles["topicals"] = drug.topicals
    for key, fact in singles.items():
        if fact is not None:
            yield key, fact
    for region, fact in drug.indications.items():
        yield f"indications.{region}", fact
    for region, fact in drug.approved_ages.items():
        yield f"approved_ages.{region}", fact
    for i, fact in enumerate(drug.warnings):
        yield f"warnings[{i}]", fact
    for i, fact in enumerate(drug.pregnancy):
        yield f"pregnancy[{i}]", fact
    for region, rule in drug.storage.items():
        for name, fact in (("max_temp_c", rule.max_temp_c), ("max_days", rule.max_days)):
            if fact is not None:
                yield f"storage.{region}.{name}", fact


def cited(drug: Drug) -> Iterator[tuple[str, str, str]]:
    """(where, source id, status) of every sourced item of a drug."""
    for where, fact in facts(drug):
        yield where, fact.source, fact.status
    for r in drug.regimens:
        yield f"regimen {r.id}", r.source, r.status
        for o in r.options:
            yield f"option {o.id}", o.source, o.status
    for p in drug.presentations:
        yield f"presentation {p.id}", p.source, p.status
    yield "sites", drug.sites.source, drug.sites.status
    for region, rule in drug.storage.items():
        yield f"storage.{region}", rule.source, rule.status
    for i, m in enumerate(drug.missed_doses):
        yield f"missed_doses[{i}]", m.source, m.status
    for e in drug.side_effects:
        yield f"side effect {e.name}", e.source, e.status
    for t in drug.trials:
        yield f"trial {t.trial}", t.source, t.status


def source_refs(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every ``source = ...`` in a raw TOML document, with its dotted path."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "source":
                yield path, value
            elif key != "sources":
                yield from source_refs(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from source_refs(value, f"{path}[{i}]")


# -- every file loads and cites its sources --------------------------------------------------------


def test_every_drug_loads_with_us_and_eu_regimens():
    drugs = all_drugs()
    assert tuple(d.id for d in drugs) == DRUG_IDS
    for drug in drugs:
        assert drug.inn == drug.id
        assert drug.regimens_for("US") and drug.regimens_for("EU")
        assert set(drug.storage) == {"US", "EU"}
        assert set(drug.indications) == set(drug.approved_ages) == {"US", "EU"}
        assert set(drug.label_dates) == {"US", "EU"}
        assert drug.missed_doses and drug.trials and drug.sites.areas


@pytest.mark.parametrize("drug_id", DRUG_IDS)
def test_every_value_names_a_defined_source_with_a_date_and_a_known_status(drug_id):
    drug = load_drug(drug_id)
    for where, source, status in cited(drug):
        assert source in drug.sources, where
        assert status in STATUSES, where
    for source in drug.sources.values():
        assert source.title.strip() and source.date.strip(), source.id
    # the raw file too: no table anywhere carries a source the loader did not check
    refs = list(source_refs(raw(drug_id)))
    assert len(refs) >= len(list(cited(drug)))
    assert all(ref in drug.sources for _, ref in refs), refs


@pytest.mark.parametrize(
    ("drug_id", "atc"),
    [
        ("dupilumab", "D11AH05"),
        ("tralokinumab", "D11AH07"),
        ("lebrikizumab", "D11AH10"),
        ("nemolizumab", "D11AH12"),
    ],
)
def test_atc_codes_vector_55(drug_id, atc):
    drug = load_drug(drug_id)
    assert (drug.atc.value, drug.atc.status) == (atc, "confirmed")
    assert drug.summary()["atc"] == atc


@pytest.mark.parametrize(
    ("drug_id", "us", "eu"),
    [
        ("dupilumab", "Dupixent", "Dupixent"),
        ("tralokinumab", "Adbry", "Adtralza"),
        ("lebrikizumab", "Ebglyss", "Ebglyss"),
        ("nemolizumab", "Nemluvio", "Nemluvio"),
    ],
)
def test_brand_names_by_region(drug_id, us, eu):
    assert dict(load_drug(drug_id).names) == {"US": us, "EU": eu}


def test_rxnorm_codes_are_only_listed_as_unconfirmed_vector_56():
    for drug in all_drugs():
        assert any("RxNorm" in item for item in drug.unconfirmed), drug.id
        assert "rxcui" not in raw(drug.id), drug.id


# -- unconfirmed values are never facts ------------------------------------------------------------


def test_no_unconfirmed_fact_is_reported_as_fact():
    seen = set()
    for drug in all_drugs():
        for where, fact in facts(drug):
            seen.add(fact.status)
            assert fact.is_fact is (fact.status != "unconfirmed"), f"{drug.id}: {where}"
    assert seen == set(STATUSES)


def test_known_gaps_are_stored_as_unconfirmed():
    tralokinumab = load_drug("tralokinumab")
    us_temp = tralokinumab.storage["US"].max_temp_c
    assert us_temp is not None and not us_temp.is_fact
    assert "30" in us_temp.note
    assert tralokinumab.storage["US"].status == "unconfirmed"
    lebrikizumab = load_drug("lebrikizumab")
    assert lebrikizumab.storage["US"].max_temp_c is None
    assert lebrikizumab.storage["US"].max_days is None
    assert lebrikizumab.storage["US"].status == "unconfirmed"
    assert lebrikizumab.sites.status == "unconfirmed"
    nemolizumab = load_drug("nemolizumab")
    # nemolizumab's sites were read in the US label (safety review 2026-12): no longer a gap
    assert nemolizumab.sites.status == "confirmed"
    assert nemolizumab.sites.caregiver_only == ("upper_arm",)
    assert "front of the thighs" in nemolizumab.sites.text[0]
    assert "health professional" in nemolizumab.sites.text[1]
    assert nemolizumab.antibody is not None and not nemolizumab.antibody.is_fact
    # side effects without a label percentage are not shown as fact
    for drug in all_drugs():
        for effect in drug.side_effects:
            if "not retrieved" in effect.frequency:
                assert effect.status == "unconfirmed", (drug.id, effect.name)


def test_an_unconfirmed_atc_is_left_out_of_the_summary():
    data = raw("nemolizumab")
    data["atc"]["status"] = "unconfirmed"
    summary = parse_drug(data, "nemolizumab.toml").summary()
    assert (summary["atc"], summary["atc_status"]) == (None, "unconfirmed")


# -- regimens (reference sections 3.2, 4.2, 5.2; vectors 12-23) ------------------------------------


def test_tralokinumab_us_adult_vector_12_and_13():
    adult = regimen("tralokinumab", "us-adult", "US")
    assert covering("tralokinumab", "US", 216, "80") == ["us-adult"]
    (load,) = adult.loading
    assert (load.day, load.dose_mg, load.injections, load.injection_mg) == (0, 600, 4, 150)
    m = adult.maintenance
    assert (m.dose_mg, m.interval_days, m.first_day, m.injections) == (300, 14, 14, 2)
    assert adult.loading_sites == "different-same-area"
    assert any("autoinjector" in note and "2 x 300" in note for note in adult.notes)
    (q4w,) = adult.options
    assert (q4w.kind, q4w.dose_mg, q4w.interval_days, q4w.earliest_day) == (
        "step_down",
        300,
        28,
        112,
    )
    assert q4w.conditions == ("clear or almost clear skin at week 16", "body weight below 100 kg")
    # weight_max_kg is exclusive: 99.9 kg is offered the step-down, 100.0 kg is not
    assert q4w.weight_max_kg == Decimal(100)
    assert Decimal("99.9") < q4w.weight_max_kg
    assert not Decimal("100.0") < q4w.weight_max_kg


def test_tralokinumab_us_adolescent_vector_15():
    assert covering("tralokinumab", "US", 180, "50") == ["us-12to17y"]
    teen = regimen("tralokinumab", "us-12to17y", "US")
    assert (teen.age_min_months, teen.age_max_months) == (144, 216)
    assert [(d.dose_mg, d.injections, d.injection_mg) for d in teen.loading] == [(300, 2, 150)]
    assert (teen.maintenance.dose_mg, teen.maintenance.interval_days) == (150, 14)
    assert teen.options == ()
    autoinjector = next(p for p in load_drug("tralokinumab").presentations if p.strength_mg == 300)
    assert autoinjector.min_age_months == 216


def test_tralokinumab_age_edges():
    assert covering("tralokinumab", "US", 143, "50") == []
    assert covering("tralokinumab", "US", 144, "50") == ["us-12to17y"]
    assert covering("tralokinumab", "US", 215, "50") == ["us-12to17y"]
    assert covering("tralokinumab", "US", 216, "50") == ["us-adult"]
    assert covering("tralokinumab", "EU", 144, "50") == ["eu-12to17y"]
    assert covering("tralokinumab", "EU", 216, "50") == ["eu-adult"]


def test_tralokinumab_eu_step_down_has_an_advisory_not_a_weight_limit_vector_16():
    for regimen_id, status in (("eu-adult", "secondary"), ("eu-12to17y", "secondary")):
        eu = regimen("tralokinumab", regimen_id, "EU")
        assert eu.status == status
        assert [(d.dose_mg, d.injections) for d in eu.loading] == [(600, 4)]
        assert (eu.maintenance.dose_mg, eu.maintenance.interval_days) == (300, 14)
        (q4w,) = eu.options
        assert (q4w.interval_days, q4w.weight_min_kg, q4w.weight_max_kg) == (28, None, None)
        assert "100 kg" in q4w.advisory


def test_lebrikizumab_needs_40_kg_under_18_vector_17():
    assert covering("lebrikizumab", "US", 156, "38") == []
    assert covering("lebrikizumab", "US", 156, "39.9") == []
    assert covering("lebrikizumab", "US", 156, "40.0") == ["us-12to17y-40kg-plus"]
    assert covering("lebrikizumab", "EU", 156, "39.9") == []
    assert covering("lebrikizumab", "EU", 156, "40") == ["eu-12to17y-40kg-plus"]
    assert covering("lebrikizumab", "US", 216, "35") == ["us-adult"]
    assert covering("lebrikizumab", "US", 143, "50") == []


@pytest.mark.parametrize("region", ["US", "EU"])
def test_lebrikizumab_loading_induction_and_q4w_vector_18(region):
    for r in load_drug("lebrikizumab").regimens_for(region):
        assert [(d.day, d.dose_mg, d.injections, d.injection_mg) for d in r.loading] == [
            (0, 500, 2, 250),
            (14, 500, 2, 250),
        ]
        m = r.maintenance
        assert (m.dose_mg, m.interval_days, m.first_day) == (250, 14, 28)
        (q4w,) = r.options
        assert (q4w.kind, q4w.dose_mg, q4w.interval_days, q4w.earliest_day) == (
            "step_down",
            250,
            28,
            112,
        )
        assert q4w.conditions == ("adequate clinical response",)
        # six every-2-weeks doses at weeks 4-14, then the first Q4W dose at week 16
        induction_days = range(m.first_day, q4w.earliest_day, m.interval_days)
        assert len(induction_days) == 6
        total = sum(d.dose_mg for d in r.loading) + m.dose_mg * len(induction_days)
        assert total == 2500  # vector 19
    eu = regimen("lebrikizumab", "eu-adult", "EU")
    assert "week 24" in eu.options[0].advisory


def test_lebrikizumab_has_no_8_weekly_option_anywhere_vector_57():
    drug = load_drug("lebrikizumab")
    intervals = {r.maintenance.interval_days for r in drug.regimens}
    intervals |= {o.interval_days for r in drug.regimens for o in r.options}
    assert intervals == {14, 28}
    assert any("Q8W" in item for item in drug.unconfirmed)


@pytest.mark.parametrize("region", ["US", "EU"])
def test_nemolizumab_one_regimen_at_any_weight_vectors_20_to_22(region):
    (r,) = load_drug("nemolizumab").regimens_for(region)
    assert covering("nemolizumab", region, 180, "45") == [r.id]
    assert covering("nemolizumab", region, 300, "95") == [r.id]
    assert covering("nemolizumab", region, 143, "45") == []
    assert (r.weight_min_kg, r.weight_max_kg) == (None, None)
    assert [(d.day, d.dose_mg, d.injections, d.injection_mg) for d in r.loading] == [(0, 60, 2, 30)]
    m = r.maintenance
    assert (m.dose_mg, m.interval_days, m.first_day) == (30, 28, 28)
    (q8w,) = r.options
    assert (q8w.kind, q8w.dose_mg, q8w.interval_days, q8w.earliest_day) == (
        "step_down",
        30,
        56,
        112,
    )
    # the EU label words the step-down by clinical response, the US label by clear or almost
    # clear skin (safety-content review, EU SmPC 4.2)
    expected = {"US": "clear or almost clear skin", "EU": "a clinical response"}[region]
    assert q8w.conditions == (f"{expected} after 16 weeks",)
    assert any("prurigo nodularis" in note for note in r.notes)


def test_nemolizumab_us_is_used_with_topicals_vector_23():
    topicals = load_drug("nemolizumab").topicals
    assert topicals is not None and topicals.is_fact
    assert "calcineurin" in topicals.value


@pytest.mark.parametrize("drug_id", ["tralokinumab", "lebrikizumab", "nemolizumab"])
def test_missed_dose_is_give_now_and_keep_the_schedule_vectors_29_to_31(drug_id):
    (rule,) = load_drug(drug_id).missed_doses
    assert (rule.interval_days, rule.late_days_max) == (None, None)
    assert rule.within == rule.beyond == "give-now-keep-schedule"
    assert rule.status == "confirmed"


@pytest.mark.parametrize(
    ("drug_id", "region", "temp", "days", "status"),
    [
        ("tralokinumab", "EU", 25, 14, "secondary"),
        ("lebrikizumab", "EU", 30, 7, "secondary"),
        ("nemolizumab", "US", 25, 90, "secondary"),
    ],
)
def test_room_temperature_rules_vectors_33_to_35(drug_id, region, temp, days, status):
    rule = load_drug(drug_id).storage[region]
    assert rule.max_temp_c is not None and rule.max_days is not None
    assert (rule.max_temp_c.value, rule.max_days.value, rule.status) == (temp, days, status)
    assert rule.back_in_fridge is False


def test_nemolizumab_room_temperature_is_within_expiry():
    rules = " ".join(load_drug("nemolizumab").storage["US"].rules)
    assert "single period" in rules and "within the expiry date" in rules


# -- trial benchmarks (vectors 36-43) --------------------------------------------------------------

D = Decimal
BENCHMARKS = [
    # drug, trial, background, n drug, n placebo, IGA 0/1 drug, placebo, EASI-75 drug, placebo
    ("dupilumab", "SOLO 1", "monotherapy", 224, 224, D("37.9"), D("10.3"), D(51), D(15)),
    ("dupilumab", "SOLO 2", "monotherapy", 233, 236, D("36.1"), D("8.5"), D("44.2"), D("11.9")),
    ("dupilumab", "CHRONOS", "with_topicals", 106, 315, D("38.7"), D("12.4"), D("68.9"), D("23.2")),
    ("tralokinumab", "ECZTRA 1", "monotherapy", None, None, D("15.8"), D("7.1"), D(25), D("12.7")),
    (
        "tralokinumab",
        "ECZTRA 2",
        "monotherapy",
        None,
        None,
        D("22.2"),
        D("10.9"),
        D("33.2"),
        D("11.4"),
    ),
    (
        "tralokinumab",
        "ECZTRA 3",
        "with_topicals",
        None,
        None,
        D("38.9"),
        D("26.2"),
        D(56),
        D("35.7"),
    ),
    (
        "lebrikizumab",
        "ADvocate 1",
        "monotherapy",
        283,
        141,
        D("43.1"),
        D("12.7"),
        D("58.8"),
        D("16.2"),
    ),
    (
        "lebrikizumab",
        "ADvocate 2",
        "monotherapy",
        281,
        146,
        D("33.2"),
        D("10.8"),
        D("52.1"),
        D("18.1"),
    ),
    ("nemolizumab", "ARCADIA 1", "with_topicals", 620, 321, D("35.6"), D("24.6"), D("43.5"), D(29)),
    ("nemolizumab", "ARCADIA 2", "with_topicals", 522, 265, D("37.7"), D(26), D("42.1"), D("30.2")),
]


@pytest.mark.parametrize(
    ("drug_id", "trial", "background", "n_drug", "n_placebo", "iga_d", "iga_p", "easi_d", "easi_p"),
    BENCHMARKS,
    ids=[b[1] for b in BENCHMARKS],
)
def test_week_16_benchmarks_and_background_vectors_36_to_43(
    drug_id, trial, background, n_drug, n_placebo, iga_d, iga_p, easi_d, easi_p
):
    (t,) = [t for t in load_drug(drug_id).trials if t.trial == trial]
    assert t.status == "confirmed"
    assert t.background == background
    assert (t.n_drug, t.n_placebo) == (n_drug, n_placebo)
    assert (t.iga01_drug, t.iga01_placebo) == (iga_d, iga_p)
    assert (t.easi75_drug, t.easi75_placebo) == (easi_d, easi_p)


def test_trial_arm_sizes_that_are_only_recalled_are_left_empty_with_a_note():
    trials = {t.trial: t for t in load_drug("tralokinumab").trials}
    assert "602 vs 196" in trials["ECZTRA 1"].note
    assert "592 vs 200" in trials["ECZTRA 2"].note
    assert "380" in trials["ECZTRA 3"].note
    arcadia = {t.trial: t for t in load_drug("nemolizumab").trials}
    assert arcadia["ARCADIA 1"].n_drug + arcadia["ARCADIA 1"].n_placebo == 941
    assert arcadia["ARCADIA 2"].n_drug + arcadia["ARCADIA 2"].n_placebo == 787


def test_every_confirmed_trial_has_all_four_results_and_unconfirmed_ones_none():
    for drug in all_drugs():
        for t in drug.trials:
            values = (t.iga01_drug, t.iga01_placebo, t.easi75_drug, t.easi75_placebo)
            if t.status == "unconfirmed":
                assert values == (None, None, None, None), t.trial
            else:
                assert None not in values, t.trial
    adhere = next(t for t in load_drug("lebrikizumab").trials if t.trial == "ADhere")
    assert adhere.status == "unconfirmed"


# -- the loader refuses broken files ---------------------------------------------------------------

VALID = """
id = "testdrug"
inn = "testdrug"
names = { US = "Test", EU = "Test" }
mechanism = "test"
target = { value = "IL-13", source = "label", status = "confirmed" }
atc = { value = "D11AH99", source = "label", status = "confirmed" }  # ATC
label_dates = { US = "2026-01" }

[sources.label]
title = "Test label"
date = "2026-01"

[indications.US]
value = "test"
source = "label"
status = "confirmed"

[approved_ages.US]
value = "12 years and older"
source = "label"
status = "confirmed"

[sites]
areas = ["thigh"]
navel_margin_cm = 5
source = "label"
status = "confirmed"

[storage.US]
rules = []
source = "label"
status = "confirmed"

[[regimens]]
id = "us-adult"
region = "US"
population = "adults"
age_min_months = 216
loading = [{ day = 0, dose_mg = 600, injections = 4, injection_mg = 150 }]  # LOAD
maintenance = { dose_mg = 300, interval_days = 14, first_day = 14, injections = 2, injection_mg = 150 }  # MAINT
source = "label"
status = "confirmed"  # ADULT-STATUS

[[regimens.options]]
id = "us-adult-q4w"  # OPTION-ID
kind = "step_down"
dose_mg = 300
interval_days = 28
injections = 2
injection_mg = 150  # OPTION-MG
earliest_day = 112
conditions = ["clear skin"]
weight_max_kg = 100
source = "label"
status = "confirmed"

[[regimens]]
id = "us-teen"  # TEEN-ID
region = "US"
population = "adolescents"
age_min_months = 144
age_max_months = 216  # TEEN-MAX
loading = []
maintenance = { dose_mg = 150, interval_days = 14, first_day = 0, injections = 1, injection_mg = 150 }
source = "label"  # TEEN-SOURCE
status = "confirmed"

[[missed_doses]]
within = "give-now-keep-schedule"  # WITHIN
beyond = "give-now-keep-schedule"
rule = "As soon as possible."
source = "label"
status = "confirmed"
"""


def broken(old: str, new: str) -> CatalogError:
    assert VALID.count(old) == 1, old
    with pytest.raises(CatalogError) as caught:
        parse_drug(tomllib.loads(VALID.replace(old, new)), "bad.toml")
    return caught.value


def test_the_valid_document_loads():
    drug = parse_drug(tomllib.loads(VALID), "bad.toml")
    assert [r.id for r in drug.regimens] == ["us-adult", "us-teen"]
    assert drug.regimens[0].options[0].weight_max_kg == Decimal(100)


def test_an_unknown_source_id_is_refused_naming_the_key():
    error = broken('"label"  # TEEN-SOURCE', '"nowhere"')
    assert "bad.toml.regimens[1].source" in str(error)
    assert "nowhere" in str(error)
    error = broken(
        'source = "label", status = "confirmed" }  # ATC', 'source = "x", status = "confirmed" }'
    )
    assert "bad.toml.atc.source" in str(error)


def test_a_bad_status_is_refused_naming_the_key():
    error = broken('"confirmed"  # ADULT-STATUS', '"probable"')
    assert "bad.toml.regimens[0].status" in str(error)
    assert "confirmed, secondary, unconfirmed" in str(error)


def test_overlapping_bands_are_refused_naming_the_file_and_both_regimens():
    error = broken("216  # TEEN-MAX", "240")
    message = str(error)
    assert message.startswith("bad.toml.regimens")
    assert "us-adult" in message and "us-teen" in message and "overlap" in message


def test_a_repeated_regimen_or_option_id_is_refused():
    assert "'us-adult'" in str(broken('"us-teen"  # TEEN-ID', '"us-adult"'))
    assert "bad.toml.regimens" in str(broken('"us-adult-q4w"  # OPTION-ID', '"us-adult"'))


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        (
            "injection_mg = 150 }]  # LOAD",
            "injection_mg = 100 }]",
            "regimens[0].loading[0].injections",
        ),
        (
            "injection_mg = 150 }  # MAINT",
            "injection_mg = 100 }",
            "regimens[0].maintenance.injections",
        ),
        ("150  # OPTION-MG", "100", "regimens[0].options[0].injections"),
    ],
)
def test_injections_times_strength_must_equal_the_dose(old, new, key):
    error = broken(old, new)
    assert f"bad.toml.{key}" in str(error)
    assert "injections x injection_mg must equal dose_mg" in str(error)


def test_a_bad_missed_dose_action_is_refused_naming_the_key():
    error = broken('"give-now-keep-schedule"  # WITHIN', '"double-up"')
    assert "bad.toml.missed_doses[0].within" in str(error)
    assert all(action in str(error) for action in MISSED_ACTIONS)


def test_a_broken_real_file_names_that_file():
    data = copy.deepcopy(raw("tralokinumab"))
    data["regimens"][1]["source"] = "nowhere"
    with pytest.raises(CatalogError, match=re.escape("tralokinumab.toml.regimens[1].source")):
        parse_drug(data, "tralokinumab.toml")
    data = copy.deepcopy(raw("lebrikizumab"))
    data["regimens"][2]["age_max_months"] = 240  # EU adolescents now overlap EU adults
    with pytest.raises(CatalogError, match=r"^lebrikizumab\.toml\.regimens: .*overlap"):
        parse_drug(data, "lebrikizumab.toml")


# -- docs/regimens.md ------------------------------------------------------------------------------


def doc_sections() -> dict[str, str]:
    """The drug sections of docs/regimens.md, keyed by drug id."""
    text = DOCS.read_text("utf-8")
    sections = {}
    for block in re.split(r"^## ", text, flags=re.MULTILINE)[1:]:
        heading = block.split("\n", 1)[0].lower()
        for drug_id in DRUG_IDS:
            if heading.startswith(drug_id):
                sections[drug_id] = block
    return sections


def test_every_regimen_and_option_id_appears_in_the_docs():
    sections = doc_sections()
    assert set(sections) == set(DRUG_IDS)
    for drug in all_drugs():
        for r in drug.regimens:
            assert f"`{r.id}`" in sections[drug.id], (drug.id, r.id)
            for o in r.options:
                assert f"`{o.id}`" in sections[drug.id], (drug.id, o.id)


def test_the_docs_list_documented_choices_and_unconfirmed_facts():
    text = DOCS.read_text("utf-8")
    assert "\n## Documented choices\n" in text
    assert "\n## Unconfirmed label facts\n" in text
    gaps = text.split("\n## Unconfirmed label facts\n", 1)[1]
    for drug in all_drugs():
        for item in drug.unconfirmed:
            assert item in gaps, (drug.id, item)


# -- plain source names and fridge basics (issue 10, item 6) ----------------------------------------


def test_every_source_has_a_plain_name_and_date_for_patient_pages():
    for drug in all_drugs():
        for source in drug.sources.values():
            assert source.plain and source.plain_date, (drug.id, source.id)
            assert source.shown == f"{source.plain} ({source.plain_date})"
            for internal in ("section", "github", "commit", "openfda", "dailymed", "rxreasoner"):
                assert internal not in source.plain.lower(), (drug.id, source.id)


def test_plain_sources_list_each_document_once_with_all_its_dates():
    from calmskin.core.therapy.catalog import Source, plain_sources

    label = Source(
        "a", "internal title, section 5", "2026-04", plain="X label", plain_date="April 2026"
    )
    review = Source("b", "internal", "2026-12", plain="X label", plain_date="checked December 2026")
    paper = Source("c", "internal", "2016", plain="Trial report", plain_date="2016")
    nameless = Source("d", "internal only", "2020")
    assert plain_sources([label, paper, review, label, nameless]) == (
        "X label (April 2026; checked December 2026)",
        "Trial report (2016)",
    )


def test_storage_basics_must_be_a_list_of_sentences():
    data = raw("nemolizumab")
    data["storage"]["EU"]["basics"]["value"] = "Keep it cold."
    with pytest.raises(CatalogError, match=r"storage\.EU\.basics\.value"):
        parse_drug(data, "nemolizumab.toml")
    data["storage"]["EU"]["basics"]["value"] = []
    with pytest.raises(CatalogError, match=r"storage\.EU\.basics\.value"):
        parse_drug(data, "nemolizumab.toml")


def test_dupilumab_eu_pens_carry_no_us_age_tag():
    drug = load_drug("dupilumab")
    for presentation in drug.presentations:
        if "EU" in presentation.regions:
            assert "(US)" not in presentation.who, presentation.id
    eu_pens = [p for p in drug.presentations if p.kind == "prefilled pen" and "EU" in p.regions]
    assert {p.strength_mg for p in eu_pens} == {200, 300}
    assert all(p.regions == ("EU",) and p.who == "" for p in eu_pens)
