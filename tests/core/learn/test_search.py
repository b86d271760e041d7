"""The Learn search: everyday words find the clinical sections of the drug pages, unknown words find
nothing, and any text gets an answer ranked by score."""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calmskin.core.learn.pages import drug_sections
from calmskin.core.learn.questions import question_sections
from calmskin.core.learn.search import (
    MAX_QUERY_CHARS,
    MAX_RESULTS,
    SYNONYMS,
    Hit,
    SearchIndex,
    Section,
    concepts,
    stem,
)
from calmskin.core.therapy.catalog import DRUG_IDS, all_drugs


@cache
def index() -> SearchIndex:
    return SearchIndex(drug_sections())


def hits(query: str) -> tuple[Hit, ...]:
    results = index().search(query)
    assert results.problem is None
    return results.hits


def where(hit: Hit) -> tuple[str, str]:
    return hit.section.page_id, hit.section.section_id


def drugs_listing(word: str) -> set[str]:
    """Drugs whose catalog side effects name ``word``, whatever the status of the frequency."""
    return {d.id for d in all_drugs() if any(word in e.name for e in d.side_effects)}


# -- everyday words find the clinical sections -----------------------------------------------------


@pytest.mark.parametrize("query", ["pink eye", "Pink eyes", "PINK-EYE", "pínk éye", "red eyes"])
def test_pink_eye_finds_the_conjunctivitis_section_of_each_drug_that_lists_it(query):
    expected = drugs_listing("conjunctivitis")
    assert expected == {"dupilumab", "tralokinumab", "lebrikizumab"}  # the catalog as it stands
    found = hits(query)
    side_effects = [
        h
        for h in found
        if h.section.section_id.startswith("side-effect-") and "conjunctivitis" in h.section.title
    ]
    assert {h.section.page_id for h in side_effects} == expected
    assert "nemolizumab" not in {h.section.page_id for h in found}
    # a conjunctivitis section comes first, ahead of passing mentions in the warnings
    assert found[0] in side_effects
    assert found[0].section.section_id == "side-effect-conjunctivitis"
    # the snippet marks the clinical word the everyday words were mapped to
    marked = [text.lower() for text, mark in found[0].snippet_parts if mark]
    assert "conjunctivitis" in marked


def test_itchy_eyes_also_finds_eye_itching():
    found = {where(h) for h in hits("itchy eyes")}
    assert ("dupilumab", "side-effect-eye-itching") in found
    assert ("dupilumab", "side-effect-conjunctivitis") in found


@pytest.mark.parametrize("query", ["shot", "jab", "needle", "shots", "a jab"])
def test_shot_finds_injection_content(query):
    found = hits(query)
    assert found
    for hit in found:
        assert "inject" in (hit.section.title + " " + hit.section.text).lower(), where(hit)
    sections = {where(h) for h in found}
    assert ("dupilumab", "side-effect-injection-site-reactions") in sections
    assert {("dupilumab", "devices"), ("nemolizumab", "devices")} <= sections


@pytest.mark.parametrize("query", ["pregnant", "Pregnant?", "can I use it when pregnant"])
def test_pregnant_finds_the_pregnancy_notes_of_every_drug_first(query):
    found = hits(query)
    top = [where(h) for h in found[: len(DRUG_IDS)]]
    assert sorted(top) == sorted((d, "pregnancy") for d in DRUG_IDS)
    dupilumab = next(h for h in found if where(h) == ("dupilumab", "pregnancy"))
    assert "placenta" in dupilumab.snippet


@pytest.mark.parametrize("query", ["nursing", "breast feeding", "breastfeeding", "breast milk"])
def test_breastfeeding_words_find_the_pregnancy_and_breastfeeding_section(query):
    found = hits(query)
    assert found and {where(h) for h in found} == {(d, "pregnancy") for d in DRUG_IDS}
    assert all("breastfeeding" in h.snippet.lower() for h in found)


def test_cold_sore_finds_oral_herpes_and_herpes_simplex():
    found = [where(h) for h in hits("cold sores")]
    assert found[:2] == [
        ("dupilumab", "side-effect-oral-herpes-cold-sores"),
        ("dupilumab", "side-effect-other-herpes-simplex-infection"),
    ]


def test_fridge_finds_the_storage_section_of_every_drug():
    found = [where(h) for h in hits("fridge")]
    assert sorted(found[: len(DRUG_IDS)]) == sorted((d, "storage") for d in DRUG_IDS)


def test_a_drug_name_narrows_the_ranking_to_that_drug():
    found = hits("Dupixent pink eye")
    assert where(found[0]) == ("dupilumab", "side-effect-conjunctivitis")
    assert found[0].score > found[1].score
    # the other drugs' conjunctivitis still follows
    assert ("tralokinumab", "side-effect-conjunctivitis") in {where(h) for h in found}


def test_missed_dose_words():
    assert where(hits("I forgot a dose")[0])[1] == "missed"


# -- unknown words, empty and long queries ---------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["zzqx", "blorptastic flibbertigibbet", "the of and", "?!", "42x"]
)
def test_unknown_words_return_nothing(query):
    results = index().search(query)
    assert results.problem is None
    assert results.hits == ()


@pytest.mark.parametrize("query", ["", "   ", "\n\t"])
def test_an_empty_query_is_a_problem_not_an_error(query):
    results = index().search(query)
    assert results.problem == "empty"
    assert results.hits == ()


def test_a_too_long_query_is_a_problem_not_an_error():
    edge = "eye " * (MAX_QUERY_CHARS // 4)
    assert len(edge.strip()) <= MAX_QUERY_CHARS
    assert index().search(edge).problem is None
    results = index().search("pink eye " + "x" * MAX_QUERY_CHARS)
    assert results.problem == "too-long"
    assert results.hits == ()


# -- the synonym table, normalisation and stemming -------------------------------------------------


def alternatives(query: str) -> set[tuple[str, ...]]:
    (concept,) = concepts(query)
    return set(concept.alternatives)


@pytest.mark.parametrize(
    ("everyday", "clinical"),
    [
        ("pink eye", ("conjunctivitis",)),
        ("red eyes", ("conjunctivitis",)),
        ("itchy eyes", ("conjunctivitis",)),
        ("shot", ("injection",)),
        ("jab", ("injection",)),
        ("needle", ("injection",)),
        ("cold sore", ("herpe", "simplex")),
        ("cold sore", ("oral", "herpe")),
        ("pregnant", ("pregnancy",)),
        ("fridge", ("storage",)),
        ("fridge", ("refrigerator",)),
        ("breast feeding", ("breastfeed",)),
        ("nursing", ("breastfeed",)),
        ("hives", ("urticaria",)),
        ("shingles", ("herpe", "zoster")),
    ],
)
def test_everyday_words_map_to_clinical_terms(everyday, clinical):
    assert clinical in alternatives(everyday)


def test_the_longest_phrase_wins():
    (concept,) = concepts("flu jab")
    assert ("vaccination",) in concept.alternatives
    assert ("injection",) not in concept.alternatives
    (concept,) = concepts("cold sore")
    assert ("upper", "respiratory", "tract", "infection") not in concept.alternatives


def test_function_words_are_dropped_and_plain_words_kept():
    assert [c.typed for c in concepts("what is the dose for my teenager")] == ["dose", "teenager"]


def test_every_synonym_key_is_reachable():
    for keys, terms in SYNONYMS:
        assert terms, keys
        for key in keys:
            found = concepts(key)
            assert len(found) == 1 and found[0].terms, key


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("injections", "injection"),
        ("eyes", "eye"),
        ("babies", "baby"),
        ("rashes", "rash"),
        ("itches", "itch"),
        ("itching", "itch"),
        ("stopped", "stop"),
        ("swelling", "swell"),
        ("conjunctivitis", "conjunctivitis"),
        ("keratitis", "keratitis"),
        ("virus", "virus"),
        ("glasses", "glass"),
        ("using", "using"),
        ("eye", "eye"),
        ("12", "12"),
    ],
)
def test_stem(word, expected):
    assert stem(word) == expected


# -- properties ------------------------------------------------------------------------------------

VOCABULARY = sorted(
    {word for keys, terms in SYNONYMS for phrase in (*keys, *terms) for word in phrase.split()}
    | {"dupilumab", "Ebglyss", "weeks", "mg", "zzqx", "the", "and", "?", "É", "16"}
)


def assert_well_ranked(query: str) -> None:
    results = index().search(query)
    scores = [h.score for h in results.hits]
    assert scores == sorted(scores, reverse=True)
    assert len(results.hits) <= MAX_RESULTS
    assert all(h.score > 0 and h.matched for h in results.hits)
    stripped = query.strip()
    if not stripped:
        assert results.problem == "empty"
    elif len(stripped) > MAX_QUERY_CHARS:
        assert results.problem == "too-long"
    else:
        assert results.problem is None
    for hit in results.hits:
        assert hit.snippet == "".join(text for text, _ in hit.snippet_parts)
        assert len(hit.snippet) <= 200


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=260))
def test_any_text_query_returns_ranked_results(query):
    assert_well_ranked(query)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(VOCABULARY), max_size=12).map(" ".join))
def test_queries_of_known_words_return_ranked_results(query):
    assert_well_ranked(query)


def test_ranking_prefers_more_matched_concepts_over_repeated_mentions():
    repeated = Section("a", "Page A", "s1", "Notes", "fridge " * 20)
    both = Section("b", "Page B", "s1", "Notes", "fridge and pregnancy")
    found = SearchIndex([repeated, both]).search("fridge pregnant").hits
    assert [h.section.page_id for h in found] == ["b", "a"]
    assert found[0].score > found[1].score


# -- safety content (issue 10, item 6) --------------------------------------------------------------


@cache
def full_index() -> SearchIndex:
    """The drug pages and the common questions, as the web index holds them."""
    return SearchIndex((*drug_sections(), *question_sections()))


@pytest.mark.parametrize("query", ["eye pain", "blurred vision", "blurry", "my eyes hurt"])
def test_eye_warning_signs_find_the_same_day_advice_of_every_drug_first(query):
    found = full_index().search(query).hits
    assert found[0].section.section_id == "eye-symptoms"
    top = {h.section.page_id for h in found[: len(DRUG_IDS)]}
    assert top == set(DRUG_IDS)
    assert all(h.section.section_id == "eye-symptoms" for h in found[: len(DRUG_IDS)])


@pytest.mark.parametrize(
    ("query", "answer"),
    [
        ("how long", "how-long"),
        ("how long until it works", "how-long"),
        ("stop", "stopping"),
        ("can I stop the injections", "stopping"),
        ("alternatives", "alternatives"),
        ("what are the alternatives", "alternatives"),
        ("sharps", "sharps"),
        ("dispose", "sharps"),
        ("how do I dispose of a used pen", "sharps"),
    ],
)
def test_the_common_questions_rank_first_for_their_words(query, answer):
    (first, *rest) = full_index().search(query).hits
    assert (first.section.page_id, first.section.section_id) == ("questions", answer)
    assert all(h.score < first.score for h in rest)
