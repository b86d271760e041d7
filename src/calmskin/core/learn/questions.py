"""Common questions: how long until it works, stopping, the alternatives, and sharps disposal.

CalmSkin's own words; the facts and where they come from (each answer lists its sources, shown on
the page as one "Sources" line of plain names and dates):

* **How long until it works.** In the trials itch often eased within the first 2 to 4 weeks (in
  SOLO 1 and 2, itch on dupilumab separated from placebo by week 2) and the skin improved up to
  week 16, when response is judged (NICE TA534 and TA1077: continue at 16 weeks only with EASI-50
  and a DLQI fall of at least 4 points). Team safety review, shared/reference/safety-content.md
  (checked 2026-12).
* **Can I stop.** Not without the care team; eczema may flare again after stopping; response is
  judged at week 16 (NICE TA534); the labels that allow a longer interval after a good response are
  read from the catalog (:func:`spacing_drugs`), never typed here.
* **Alternatives.** The other biologics (their label ages from the catalog's ``approved_ages``) and
  the oral JAK inhibitors abrocitinib, baricitinib and upadacitinib, the other systemic options NICE
  appraises (TA814, TA681, TA986, TA1077). JAK label ages, team reference biologics.md section 6:
  upadacitinib US from 12 years, after other systemic treatment including biologics (confirmed from
  the AbbVie release of 2022-01-14); abrocitinib US adults from 2022-01-14 and 12 to 17 years from
  2023-02-10 (confirmed from the Pfizer releases); baricitinib not approved for eczema in the US
  (secondary). Every EU label age of the three is recalled only (UNVERIFIED) and is shown as "not
  yet checked", with the NICE age beside it (NICE TA814: abrocitinib and upadacitinib from 12 years;
  TA681: baricitinib in adults; shared/reference/decisions.md, confirmed). US JAK inhibitor labels
  carry a boxed warning (serious infections, death, cancer, major heart events, blood clots).
* **Sharps.** Used pens and syringes go straight into an FDA-cleared sharps container, or where local
  rules allow a strong plastic household container with a tight, puncture-resistant lid, never
  loose into household rubbish or recycling; local rules differ (FDA, "Safely Using Sharps (Needles
  and Syringes) at Home, at Work and on Travel"; each medicine's instructions for use).

Pure Python, no Django: the web layer renders :data:`ANSWERS` and translates the strings marked
with :func:`~calmskin.core.learn.gettext_noop`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from calmskin.core.learn import gettext_noop
from calmskin.core.learn.search import Section
from calmskin.core.therapy.catalog import Drug, Source, all_drugs, plain_sources

PAGE_ID = "questions"
PAGE_TITLE = gettext_noop("Common questions")


def _source(source_id: str, title: str, date: str, plain: str, plain_date: str) -> Source:
    return Source(source_id, title, date, plain=plain, plain_date=plain_date)


NICE_TA534 = _source(
    "nice-ta534",
    "NICE technology appraisal TA534, dupilumab for treating moderate to severe atopic dermatitis "
    "(stop at 16 weeks unless EASI-50 and a DLQI fall of at least 4)",
    "2018-08",
    "NICE guidance on dupilumab for eczema",
    "August 2018",
)
NICE_TA814 = _source(
    "nice-ta814",
    "NICE technology appraisal TA814, abrocitinib, tralokinumab or upadacitinib for treating "
    "moderate to severe atopic dermatitis (abrocitinib and upadacitinib from 12 years)",
    "2022-08",
    "NICE guidance on abrocitinib, tralokinumab and upadacitinib for eczema",
    "August 2022",
)
NICE_TA681 = _source(
    "nice-ta681",
    "NICE technology appraisal TA681, baricitinib for treating moderate to severe atopic "
    "dermatitis (adults)",
    "2021-03",
    "NICE guidance on baricitinib for eczema",
    "March 2021",
)
NICE_TA986 = _source(
    "nice-ta986",
    "NICE technology appraisal TA986, lebrikizumab for treating moderate to severe atopic "
    "dermatitis in people 12 years and over",
    "2024",
    "NICE guidance on lebrikizumab for eczema",
    "2024",
)
NICE_TA1077 = _source(
    "nice-ta1077",
    "NICE technology appraisal TA1077, nemolizumab with topical treatment for moderate to severe "
    "atopic dermatitis (stop after 16 weeks unless EASI-50 and a DLQI fall of at least 4)",
    "2025-07-02",
    "NICE guidance on nemolizumab for eczema",
    "July 2025",
)
JAK_RELEASES = _source(
    "jak-releases",
    "AbbVie and Pfizer news releases on the US approvals of upadacitinib and abrocitinib for "
    "atopic dermatitis (2022-01-14) and Pfizer release on abrocitinib for 12 to 17 years "
    "(2023-02-10), as summarised in the team reference (biologics.md section 6, source S19)",
    "2022-01-14; 2023-02-10",
    "AbbVie and Pfizer news releases on the US approvals",
    "January 2022 and February 2023",
)
FDA_SHARPS = _source(
    "fda-sharps",
    "US Food and Drug Administration, Safely Using Sharps (Needles and Syringes) at Home, at Work "
    "and on Travel (FDA-cleared sharps containers; a heavy-duty plastic household container with "
    "a tight, puncture-resistant lid where allowed; local disposal rules)",
    "undated page",
    "FDA: Safely using sharps at home, at work and on travel",
    "undated page",
)
LABELS_IFU = _source(
    "labels-ifu",
    "The instructions for use of Dupixent, Adbry/Adtralza, Ebglyss and Nemluvio (used pens and "
    "syringes into a sharps container)",
    "as in each pack",
    "Each medicine's instructions for use",
    "as in the pack",
)


@dataclass(frozen=True)
class Answer:
    """One question and its answer: paragraphs, an optional list, and the sources behind it."""

    id: str
    question: str
    paragraphs: tuple[str, ...]
    sources: tuple[Source, ...]
    items: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return " ".join((*self.paragraphs, *self.items))


def _name(drug: Drug) -> str:
    return drug.inn[:1].upper() + drug.inn[1:]


def _brands(drug: Drug) -> str:
    names = list(dict.fromkeys(drug.names.values()))
    return " and ".join(names)


def spacing_drugs(drugs: Sequence[Drug] | None = None) -> tuple[Drug, ...]:
    """The drugs whose label, as held as fact, allows a longer interval between doses later on (a
    step-down option that is not unconfirmed)."""
    return tuple(
        d
        for d in drugs or all_drugs()
        if any(
            o.kind == "step_down" and o.status != "unconfirmed"
            for r in d.regimens
            if r.status != "unconfirmed"
            for o in r.options
        )
    )


def biologic_line(drug: Drug) -> str:
    """One sentence per biologic with its label ages per region, from the catalog."""
    ages = [
        f"{region} label {fact.value}"
        for region, fact in drug.approved_ages.items()
        if fact.is_fact and fact.value
    ]
    where = "; ".join(ages) if ages else "label ages not in our catalog"
    return f"{_name(drug)} ({_brands(drug)}), an injection: {where}."


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


JAK_LINES = (
    gettext_noop(
        "Abrocitinib (Cibinqo), a tablet: US label from 12 years; the EU label ages are not yet "
        "checked by CalmSkin (NICE recommends it from 12 years)."
    ),
    gettext_noop(
        "Baricitinib (Olumiant), a tablet: not approved for eczema in the US; the EU label ages are "
        "not yet checked by CalmSkin (NICE recommends it for adults)."
    ),
    gettext_noop(
        "Upadacitinib (Rinvoq), a tablet: US label from 12 years, when other medicines that work "
        "through the whole body, biologics included, have not worked well enough or cannot be "
        "used; the EU label ages are not yet checked by CalmSkin (NICE recommends it from 12 years)."
    ),
)
"""One sentence per oral JAK inhibitor with the label age; unverified ages are said to be so."""


def answers(drugs: Sequence[Drug] | None = None) -> tuple[Answer, ...]:
    """The answers, in page order, built with the catalog's current facts."""
    drugs = tuple(drugs or all_drugs())
    spacing = _and([d.inn for d in spacing_drugs(drugs)]) if spacing_drugs(drugs) else ""
    dupilumab = next((d for d in drugs if d.id == "dupilumab"), None)
    solo = [dupilumab.sources["solo"]] if dupilumab and "solo" in dupilumab.sources else []
    label_sources = [
        s
        for d in drugs
        for s in d.sources.values()
        if s.id in ("uspi", "eu-smpc", "eu", "uspi-safety", "eu-smpc-safety")
    ]
    stopping = [
        gettext_noop(
            "Do not stop, skip or space out the injections on your own: talk to your care team "
            "first. Eczema can come back (flare up) after stopping."
        ),
        gettext_noop(
            "Around week 16 your care team checks whether the medicine works well enough to go on. "
            "In the UK, NICE advises stopping at 16 weeks unless the eczema score (EASI) has at "
            "least halved and the quality-of-life score (DLQI) has fallen by at least 4 points."
        ),
    ]
    if spacing:
        stopping.append(
            "When the skin has responded well, some labels allow the doses to be spaced further "
            f"apart ({spacing}); each medicine's page shows what its label allows. Stopping or "
            "spacing out is decided with your care team."
        )
    stopping.append(
        gettext_noop(
            "If you have asthma and take dupilumab, do not stop or change your asthma medicines "
            "without your doctor."
        )
    )
    return (
        Answer(
            "how-long",
            gettext_noop("How long until it works?"),
            (
                gettext_noop(
                    "Not straight away, and how long it takes differs from person to person. In "
                    "the main trials, itch often began to ease within the first 2 to 4 weeks (on "
                    "dupilumab it was already better than on placebo by week 2), and the skin went "
                    "on improving up to week 16."
                ),
                gettext_noop(
                    "Week 16 is the usual point to judge how well it works. Your care team looks "
                    "at the skin (the EASI score) and at how much the eczema affects your life "
                    "(the DLQI); CalmSkin's “Is it working?” page follows your POEM, itch and "
                    "DLQI until then."
                ),
                gettext_noop(
                    "Keep using moisturisers, and creams or ointments as your care team advises, "
                    "while you wait."
                ),
            ),
            (*solo, NICE_TA534, NICE_TA1077),
        ),
        Answer(
            "stopping",
            gettext_noop("Can I stop the injections?"),
            tuple(stopping),
            (NICE_TA534, NICE_TA1077, *label_sources),
        ),
        Answer(
            "alternatives",
            gettext_noop("What are the alternatives?"),
            (
                gettext_noop(
                    "Other medicines for moderate-to-severe eczema that work through the whole "
                    "body include the other biologics on these pages and three tablets called JAK "
                    "inhibitors. Each has its own ages and warnings; which one suits you is for "
                    "you and your care team to decide."
                ),
                gettext_noop(
                    "In the US the JAK inhibitors carry the label's strongest warning (a boxed "
                    "warning) about serious infections, death, cancer, heart problems and blood "
                    "clots."
                ),
            ),
            (
                *label_sources,
                JAK_RELEASES,
                NICE_TA814,
                NICE_TA681,
                NICE_TA986,
                NICE_TA1077,
            ),
            items=(*(biologic_line(d) for d in drugs), *JAK_LINES),
        ),
        Answer(
            "sharps",
            gettext_noop("Sharps: how do I dispose of used pens and syringes?"),
            (
                gettext_noop(
                    "Put each used pen or syringe straight into a sharps container after the "
                    "injection. In the US use an FDA-cleared sharps container (pharmacies have "
                    "them); where local rules allow, a strong plastic household container with a "
                    "tight, puncture-resistant lid, such as an empty laundry-detergent bottle, "
                    "can do instead."
                ),
                gettext_noop(
                    "Never throw pens, syringes or needles loose into household rubbish or "
                    "recycling. Keep the container out of reach of children and pets."
                ),
                gettext_noop(
                    "How to get rid of a full container differs between countries and local "
                    "areas: ask your pharmacist, clinic or local council."
                ),
            ),
            (FDA_SHARPS, LABELS_IFU),
        ),
    )


def sources_line(found: Sequence[Answer]) -> tuple[str, ...]:
    """The page's one "Sources" line over all answers."""
    return plain_sources(s for a in found for s in a.sources)


def question_sections(found: Sequence[Answer] | None = None) -> tuple[Section, ...]:
    """One searchable section per answer, anchored by its id."""
    return tuple(Section(PAGE_ID, PAGE_TITLE, a.id, a.question, a.text) for a in found or answers())
