"""Posted fields -> the core's raw input, and the questions to show (licensed text or topics).

Nothing here scores or validates answers: the core does, and its ``InputError`` names a field path
(``answers.q7_followup``) that maps back to the HTML input name (``q7_followup``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from calmskin.core.instruments.base import InputError, ScoreResult
from calmskin.core.instruments.registry import get
from calmskin.core.instruments.textpack import PromptSet
from calmskin.web.diary.models import Profile, Relation
from calmskin.web.instruments import textpacks
from calmskin.web.questionnaires.models import Respondent

TITLES = {
    "poem": gettext_lazy("POEM: eczema symptoms over the last week"),
    "dlqi": gettext_lazy("DLQI: effect of the skin on daily life (16 years and over)"),
    "cdlqi": gettext_lazy("CDLQI: effect of the skin on a child's life (4 to 15 years)"),
    "idqol": gettext_lazy("IDQOL: effect of eczema on an infant's life (under 4 years)"),
    "adct": gettext_lazy("ADCT: eczema control over the last week (optional, 12 years and over)"),
}
COPYRIGHT = {
    "poem": "POEM © The University of Nottingham.",
    "dlqi": "DLQI © AY Finlay, GK Khan 1992.",
    "cdlqi": "CDLQI © MS Lewis-Jones, AY Finlay 1993.",
    "idqol": "IDQOL © MS Lewis-Jones, AY Finlay.",
    "adct": "ADCT (Atopic Dermatitis Control Tool), copyrighted.",
}


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    id: str
    selected: bool


@dataclass
class Filled:
    """The outcome of a post: the raw input, the core's result, or errors by input name."""

    raw: dict[str, Any]
    respondent: str
    result: ScoreResult | None = None
    errors: dict[str, str] = field(default_factory=dict)


def prompt_set(instrument: str) -> PromptSet:
    return textpacks.prompts(instrument)


def default_respondent(profile: Profile) -> str:
    return Respondent.CAREGIVER if profile.relation == Relation.CHILD else Respondent.SELF


def _text(data: Mapping[str, Any], name: str) -> str | None:
    value = data.get(name, "")
    value = value.strip() if isinstance(value, str) else ""
    return value or None


def raw_from_post(prompts: PromptSet, data: Mapping[str, Any]) -> dict[str, Any]:
    """The core's input: ``{"answers": {key: posted text or None}}`` (+ top-level fields)."""
    raw: dict[str, Any] = {"answers": {}}
    for item in prompts.items:
        head, _, rest = item.field.partition(".")
        if head == "answers" and rest:
            raw["answers"][rest] = _text(data, item.key)
        else:
            raw[head] = _text(data, item.key)
    return raw


def fill(instrument: str, prompts: PromptSet, data: Mapping[str, Any]) -> Filled:
    raw = raw_from_post(prompts, data)
    respondent = _text(data, "respondent") or ""
    filled = Filled(raw=raw, respondent=respondent)
    if respondent not in Respondent.values:
        filled.errors["respondent"] = _("Choose who is filling this in.")
    try:
        filled.result = get(instrument).score(raw)
    except InputError as error:
        by_field = {item.field: item.key for item in prompts.items}
        name = by_field.get(error.field, error.field.removeprefix("answers."))
        filled.errors[name] = error.message
        filled.result = None
    return filled


def posted_values(prompts: PromptSet, raw: Mapping[str, Any]) -> dict[str, str]:
    """Input name -> current value, from a raw input (to keep typed answers after an error)."""
    out: dict[str, str] = {}
    answers = raw.get("answers", {})
    for item in prompts.items:
        head, _, rest = item.field.partition(".")
        value = answers.get(rest) if head == "answers" and rest else raw.get(head)
        if value is not None:
            out[item.key] = str(value)
    return out


def questions(
    instrument: str, prompts: PromptSet, values: Mapping[str, str], errors: Mapping[str, str]
) -> list[dict[str, Any]]:
    """What the fill-in template loops over (the ``not relevant`` option only where the core has it)."""
    texts = {item.key: item.text for item in prompts.items}
    out = []
    number = 0
    for item in prompts.items:
        numbered = item.field.startswith("answers.") and item.shown_when is None
        if numbered:
            number += 1
        current = values.get(item.key, "")
        when = None
        if item.shown_when is not None:
            parent, answer = item.shown_when
            parent_item = next(i for i in prompts.items if i.key == parent)
            answer_label = dict(parent_item.options).get(answer, answer)
            when = _("Only if you answered “%(answer)s” to “%(question)s”.") % {
                "answer": answer_label,
                "question": texts.get(parent, parent),
            }
        out.append(
            {
                "key": item.key,
                "number": number if numbered else None,
                "text": item.text,
                "when": when,
                "error": errors.get(item.key),
                "options": [
                    Option(value, label, f"q-{instrument}-{item.key}-{value}", current == value)
                    for value, label in item.options
                ],
            }
        )
    return out


def respondent_options(current: str) -> list[Option]:
    return [
        Option(value, str(label), f"respondent-{value}", value == current)
        for value, label in Respondent.choices
    ]
