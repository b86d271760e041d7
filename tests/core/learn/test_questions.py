"""The common questions of Learn: how long until it works, stopping, the alternatives and sharps,
in plain words, with the label ages from the catalog and unverified ages said to be so."""

from __future__ import annotations

import pytest

from calmskin.core.learn.questions import (
    JAK_LINES,
    PAGE_ID,
    answers,
    biologic_line,
    question_sections,
    sources_line,
    spacing_drugs,
)
from calmskin.core.therapy.catalog import all_drugs, load_drug


def answer(answer_id: str):
    return next(a for a in answers() if a.id == answer_id)


def test_the_four_questions_in_order():
    assert [a.id for a in answers()] == ["how-long", "stopping", "alternatives", "sharps"]
    assert [s.section_id for s in question_sections()] == [a.id for a in answers()]
    assert {s.page_id for s in question_sections()} == {PAGE_ID}


def test_how_long_until_it_works():
    text = answer("how-long").text
    assert "within the first 2 to 4 weeks" in text and "by week 2" in text
    assert "Week 16 is the usual point" in text
    names = {s.plain for s in answer("how-long").sources}
    assert "SOLO 1 and SOLO 2 trial report, New England Journal of Medicine" in names


def test_can_i_stop_names_the_labels_that_allow_spacing_out():
    text = answer("stopping").text
    assert "Do not stop, skip or space out the injections on your own" in text
    assert "flare" in text and "16 weeks" in text
    assert [d.id for d in spacing_drugs()] == ["tralokinumab", "lebrikizumab", "nemolizumab"]
    assert "(tralokinumab, lebrikizumab and nemolizumab)" in text
    assert "asthma medicines" in text


def test_the_alternatives_give_one_sentence_each_with_the_label_age():
    alternatives = answer("alternatives")
    assert alternatives.items == (*(biologic_line(d) for d in all_drugs()), *JAK_LINES)
    dupilumab = biologic_line(load_drug("dupilumab"))
    assert dupilumab.startswith("Dupilumab (Dupixent), an injection: US label 6 months and older")
    lebrikizumab = biologic_line(load_drug("lebrikizumab"))
    assert "12 to 17 years only from 40 kg" in lebrikizumab
    abrocitinib, baricitinib, upadacitinib = JAK_LINES
    assert (
        abrocitinib.startswith("Abrocitinib (Cibinqo)") and "US label from 12 years" in abrocitinib
    )
    assert "not approved for eczema in the US" in baricitinib
    assert "US label from 12 years" in upadacitinib and "biologics included" in upadacitinib
    for line in JAK_LINES:  # the EU ages are recalled only: said to be unchecked
        assert "EU label ages are not yet checked" in line and line.count(".") == 1
    assert "boxed warning" in alternatives.text


def test_sharps_disposal():
    text = answer("sharps").text
    assert "FDA-cleared sharps container" in text
    assert "puncture-resistant lid" in text and "where local rules allow" in text
    assert "Never throw pens, syringes or needles loose into household rubbish" in text
    assert "differs between countries" in text


@pytest.mark.parametrize("answer_id", ["how-long", "stopping", "alternatives", "sharps"])
def test_every_answer_names_dated_sources(answer_id):
    found = answer(answer_id)
    assert found.sources and all(s.plain and s.plain_date for s in found.sources)


def test_one_sources_line_for_the_page():
    line = sources_line(answers())
    assert len(line) == len({entry.rsplit(" (", 1)[0] for entry in line})
    assert any(entry.startswith("FDA: Safely using sharps") for entry in line)
    assert any(entry.startswith("NICE guidance on dupilumab for eczema") for entry in line)
