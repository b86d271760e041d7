"""vIGA-AD, the validated Investigator Global Assessment for atopic dermatitis (clinician, 0-4).

Facts and their sources:

* Five grades, 0 clear, 1 almost clear, 2 mild, 3 moderate, 4 severe, each defined by morphology
  (erythema, induration/papulation, lichenification, oozing/crusting, and for grade 4 extent);
  excoriations are not considered (Simpson E et al., J Am Acad Dermatol 2020, vIGA-AD development;
  altmeyers.org vIGA-AD entry).
* Older IGAs differ (e.g. a six-point 0-5 scale with 5 very severe; NCBI Bookshelf NBK10464), so this
  instrument is the vIGA-AD only; another IGA version needs its own instrument id.
* IGA success, the primary endpoint of the dupilumab pivotal trials: a final grade of 0 or 1 **and**
  a fall of at least 2 grades from baseline (Dupixent HCP site, study designs). Those trials enrolled
  patients with a baseline IGA of 3 or more.
* A change of 1 grade is a meaningful within-patient change, from anchor- and distribution-based
  analyses of three baricitinib phase III trials, BREEZE-AD1, -AD2 and -AD5 (Simpson EL, Bissonnette R,
  Paller AS et al., vIGA-AD clinical outcome measure).
* Licence: Eli Lilly and Company publishes the vIGA-AD scale under CC BY-ND 4.0 (royalty-free,
  non-exclusive); Lilly's credit line must be kept as printed on the scale and the scale may not be
  modified without Lilly's written consent (International Eczema Council, "Investigator Global
  Assessment Scale" page). Training and certification are provided separately.

Documented choices:

* **No official wording is shipped.** :data:`VIGA_GRADES` holds CalmSkin's own short summaries of each
  grade for the UI; they are not the vIGA-AD scale. Where the scale itself is shown, use Lilly's
  unmodified text with its credit line. (Whether such summaries need Lilly's consent under the ND
  term is for legal review.)
* **Band set ``viga-ad-2020``**: the band is the grade itself. Grades are whole numbers; the bands are
  written as [g, g + 1) and [4, 4] only so that the set covers 0-4 without gaps.
* **iga-success has no minimum baseline**, exactly as defined: 2 -> 0 meets it (a 2-grade fall ending
  at 0), while 2 -> 1 does not. In the trials the question does not arise (baseline 3 or more).
* **viga-1-grade** is met by a fall of at least one grade (improvement only; a worsening is shown by
  the signed change).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, NamedTuple

from calmskin.core.instruments.base import (
    Band,
    BandSet,
    ChangeRule,
    Instrument,
    Obj,
    ScoreResult,
    int_choice,
)


class VigaGrade(NamedTuple):
    """One vIGA-AD grade for the UI: CalmSkin's own summary, not the licensed scale text."""

    grade: int
    id: str
    label: str
    description: str


VIGA_GRADES: tuple[VigaGrade, ...] = (
    VigaGrade(
        0,
        "clear",
        "Clear",
        "No active eczema: none of erythema, induration/papulation, lichenification or "
        "oozing/crusting. Pigment changes left behind by earlier inflammation may remain.",
    ),
    VigaGrade(
        1,
        "almost_clear",
        "Almost clear",
        "Erythema, induration/papulation and/or lichenification only just detectable. "
        "No oozing or crusting.",
    ),
    VigaGrade(
        2,
        "mild",
        "Mild",
        "Erythema (pink), induration/papulation and/or lichenification slight but clearly "
        "present. No oozing or crusting.",
    ),
    VigaGrade(
        3,
        "moderate",
        "Moderate",
        "Erythema (dull red), induration/papulation and/or lichenification easily seen. "
        "Oozing or crusting may be present.",
    ),
    VigaGrade(
        4,
        "severe",
        "Severe",
        "Erythema (deep or bright red), induration/papulation and/or lichenification pronounced, "
        "over a wide area. Oozing or crusting may be present.",
    ),
)
"""(grade, id, label, description) for each grade, in CalmSkin's own words."""

MAX_GRADE = VIGA_GRADES[-1].grade

VIGA_AD_2020 = BandSet(
    "viga-ad-2020",
    "vIGA-AD grades (Simpson 2020)",
    "Simpson E et al. J Am Acad Dermatol 2020 (vIGA-AD)",
    tuple(
        Band(
            g.id,
            g.label,
            Decimal(g.grade),
            Decimal(g.grade if g.grade == MAX_GRADE else g.grade + 1),
            True,
            g.grade == MAX_GRADE,
        )
        for g in VIGA_GRADES
    ),
    note="The band is the grade. Grades are whole numbers; bands are written [g, g + 1) and [4, 4] "
    "only so the set has no gaps.",
)

LICENCE_NOTE = (
    "vIGA-AD scale: Eli Lilly and Company, licensed under CC BY-ND 4.0. Keep Lilly's credit line as "
    "printed on the scale; no modification without Lilly's written consent (International Eczema "
    "Council). CalmSkin ships only its own grade summaries (VIGA_GRADES), not the scale text."
)


def _score(parsed: Mapping[str, Any]) -> ScoreResult:
    return VIGA_AD.banded(Decimal(int(parsed["grade"])), parsed)


VIGA_AD = Instrument(
    id="viga-ad",
    name="vIGA-AD",
    reported_by="clinician",
    recall="now",
    score_min=Decimal(0),
    score_max=Decimal(MAX_GRADE),
    input_spec=Obj(
        required={
            "grade": int_choice(
                0, MAX_GRADE, "0 clear, 1 almost clear, 2 mild, 3 moderate, 4 severe"
            )
        }
    ),
    score_fn=_score,
    band_sets={VIGA_AD_2020.id: VIGA_AD_2020},
    default_band_set=VIGA_AD_2020.id,
    change_rules=(
        ChangeRule(
            "iga-success",
            "absolute_fall",
            Decimal(2),
            "final grade 0 or 1 and a fall of at least 2 grades: dupilumab pivotal trials' primary "
            "endpoint (Dupixent HCP site)",
            final_at_most=Decimal(1),
            note="no minimum baseline: 2 -> 0 meets it; the trials enrolled baseline 3 or more",
        ),
        ChangeRule(
            "viga-1-grade",
            "absolute_fall",
            Decimal(1),
            "a fall of at least 1 grade: meaningful within-patient change (Simpson EL et al., "
            "BREEZE-AD1/AD2/AD5 analyses)",
        ),
    ),
    sources=(
        "Simpson E et al. J Am Acad Dermatol 2020 (vIGA-AD development)",
        "altmeyers.org, vIGA-AD entry",
        "Simpson EL, Bissonnette R, Paller AS et al. vIGA-AD: a clinical outcome measure "
        "(BREEZE-AD1, -AD2, -AD5)",
        "Dupixent HCP site (IGA success endpoint)",
        "International Eczema Council, Investigator Global Assessment Scale page (licence)",
        "NCBI Bookshelf NBK10464 (older 0-5 IGA)",
    ),
    licensed_wording=False,
    notes=(
        LICENCE_NOTE,
        "Excoriations are not considered in vIGA-AD grading.",
        "This is the vIGA-AD only; older IGA versions (e.g. 0-5) are different instruments.",
        "iga-success has no minimum baseline (2 -> 0 meets it; documented choice).",
    ),
)

INSTRUMENTS: tuple[Instrument, ...] = (VIGA_AD,)
