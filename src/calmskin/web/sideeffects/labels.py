"""What a label says about an episode, arranged for the templates (the facts are in
:mod:`calmskin.core.therapy.side_effects`; this only orders them and adds translated headings).

Two choices of presentation:

* **A mild symptom never shows an emergency box.** For an episode logged as mild, emergency advice
  (the serious-allergy warning every label carries) is still given, but as a quiet line
  (:attr:`EpisodeLabel.quiet_advice`), without the "Emergency" heading or the warning box; same-day
  and other advice is shown as for any severity.
* **One "Sources" line per box**: the documents behind what is shown, by their plain names and
  dates (:func:`calmskin.core.therapy.catalog.plain_sources`), instead of a citation under each
  item.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from calmskin.core.therapy.catalog import plain_sources
from calmskin.core.therapy.side_effects import Advice, Statement, label_info
from calmskin.web.sideeffects.models import Drug, Severity, SideEffect

BAND_NAMES: dict[str, Promise] = {
    "very-common": _("very common: more than 1 in 10 people"),
    "common": _("common: up to 1 in 10 people"),
    "uncommon": _("uncommon: up to 1 in 100 people"),
    "rare": _("rare: up to 1 in 1,000 people"),
    "most-common": _("one of the most common side effects"),
}
BASIS_NAMES: dict[str, Promise] = {
    "trial": _("Trial result, not the label"),
    "review": _("Published reports, not the label"),
}
LABEL_NAMES: dict[str, Promise] = {
    "US": _("US label"),
    "EU": _("EU label"),
    "": _("Label"),
}
URGENCY_NAMES: dict[str, Promise] = {
    "emergency": _("Emergency"),
    "same-day": _("Same day"),
    "promptly": _("Promptly"),
    "tell": _("Let them know"),
}
BASIS_ORDER = ("label", "trial", "review")


@dataclass(frozen=True)
class ShownStatement:
    statement: Statement
    band: Promise | None
    tag: Promise
    """Where it comes from: "US label", "EU label", or a trial or published reports (not the label)."""


@dataclass(frozen=True)
class ShownAdvice:
    advice: Advice
    heading: Promise


@dataclass(frozen=True)
class EpisodeLabel:
    """``drug_name`` empty when the episode names no biologic (then nothing else is filled)."""

    drug_name: str
    listed: tuple[ShownStatement, ...]
    not_listed: tuple[ShownStatement, ...]
    in_label: bool
    advice: tuple[ShownAdvice, ...]
    general_advice: tuple[ShownAdvice, ...]
    quiet_advice: tuple[ShownAdvice, ...] = ()
    """Emergency advice for a mild episode: shown as a quiet line, never as a warning box."""
    sources: tuple[str, ...] = ()
    """The documents behind what is shown, each once, with its date (the "Sources" line)."""


def _statement(statement: Statement) -> ShownStatement:
    return ShownStatement(
        statement=statement,
        band=BAND_NAMES[statement.band] if statement.band else None,
        tag=LABEL_NAMES[statement.region]
        if statement.basis == "label"
        else BASIS_NAMES[statement.basis],
    )


def _advice(advice: Advice) -> ShownAdvice:
    return ShownAdvice(advice=advice, heading=URGENCY_NAMES[advice.urgency])


def episode_label(side_effect: SideEffect, region: str) -> EpisodeLabel:
    """The label information for the episode's kind and biologic: label statements first (the
    profile's region before the other), then trial results, then published reports."""
    if not side_effect.drug:
        return EpisodeLabel("", (), (), False, (), ())
    info = label_info(side_effect.drug, side_effect.kind)
    mild = side_effect.severity == Severity.MILD

    def order(statement: Statement) -> tuple[int, int]:
        return BASIS_ORDER.index(statement.basis), 0 if statement.region == region else 1

    def boxed(advice: Advice) -> bool:
        return not (mild and advice.urgency == "emergency")

    listed = sorted(info.listed, key=order)
    not_listed = sorted(info.not_listed, key=order)
    everything = (*info.advice_shown, *info.general_advice)
    return EpisodeLabel(
        drug_name=str(Drug(side_effect.drug).label),
        listed=tuple(_statement(s) for s in listed),
        not_listed=tuple(_statement(s) for s in not_listed),
        in_label=info.in_label,
        advice=tuple(_advice(a) for a in info.advice_shown if boxed(a)),
        general_advice=tuple(_advice(a) for a in info.general_advice if boxed(a)),
        quiet_advice=tuple(_advice(a) for a in everything if not boxed(a)),
        sources=plain_sources(
            [s.source for s in (*listed, *not_listed)] + [a.source for a in everything]
        ),
    )
