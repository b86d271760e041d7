"""What the page on how biologics work shows besides its own words, all from the core (the
facts and their sources are listed in :mod:`calmskin.web.learn.views`). Used by that page and by
the search index, which reads the same sections."""

from __future__ import annotations

from typing import Any

from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from calmskin.core.learn.pages import (
    BACKGROUND_SOURCES,
    drug_title,
    drugs_naming,
    mechanism_sources,
    pregnancy_notes,
    week16_summary,
)
from calmskin.core.therapy.catalog import Drug, all_drugs, load_drug, plain_sources
from calmskin.core.therapy.side_effects import DATA as SIDE_EFFECTS
from calmskin.web.learn.links import page_url


def _names(drugs: tuple[Drug, ...]) -> str:
    return get_text_list([d.inn for d in drugs], _("and"))


def mechanism_context() -> dict[str, Any]:
    """What the page on how biologics work shows besides its own words (all from the core)."""
    summary = {w.background: w for w in week16_summary()}
    return {
        "drugs": [
            {
                "url": page_url(d.id),
                "title": drug_title(d),
                "mechanism": d.mechanism,
                "target": d.target.value if d.target.is_fact else None,
            }
            for d in all_drugs()
        ],
        "mono": summary.get("monotherapy"),
        "topical": summary.get("with_topicals"),
        "eye_drugs": _names(drugs_naming("conjunctivitis", "keratitis")),
        "site_drugs": _names(drugs_naming("injection-site")),
        "herpes_drugs": _names(drugs_naming("oral herpes", "herpes simplex")),
        "allergy_drugs": _names(drugs_naming("hypersensitivity")),
        "vaccine_drugs": _names(drugs_naming("live vaccines")),
        "pregnancy_drugs": _names(pregnancy_notes()),
        "sources": mechanism_sources(),
        "background": BACKGROUND_SOURCES,
        "sources_line": plain_sources(
            [
                *(c.source for c in mechanism_sources()),
                SIDE_EFFECTS.sources["nhs-eye"],
                load_drug("dupilumab").sources["lactmed"],
                *BACKGROUND_SOURCES,
            ]
        ),
    }
