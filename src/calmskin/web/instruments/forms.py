"""Request -> core -> template: the calculators' input and output, kept out of views and templates.

Nothing here validates or scores: ``calmskin.core`` does both, and bad input comes back as an
``InputError`` whose dotted field path matches the HTML input names used below
(``regions.head_neck.erythema`` is posted as ``head_neck.erythema``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext, gettext_lazy

from calmskin.core.instruments import easi, poem
from calmskin.core.instruments.base import Band, InputError, ScoreResult, fmt
from calmskin.core.instruments.registry import get
from calmskin.core.instruments.textpack import PromptSet
from calmskin.web.instruments import textpacks

# --------------------------------------------------------------------------------------------------
# Shared
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    id: str
    selected: bool


@dataclass
class Outcome:
    """What a calculator page shows: a result, or an error naming the field (never both)."""

    result: ScoreResult | None = None
    error: str | None = None
    error_field: str | None = None
    needs_age: bool = False
    view: dict[str, Any] = field(default_factory=dict)


def _text(data: Mapping[str, str], name: str) -> str | None:
    """A posted value, stripped; blank is ``None`` (unanswered)."""
    value = data.get(name, "")
    value = value.strip() if isinstance(value, str) else ""
    return value or None


def _posted(data: Mapping[str, str] | None) -> dict[str, str]:
    """Posted fields as plain strings (a ``QueryDict`` gives the last value of each key)."""
    return {key: value for key, value in (data or {}).items() if isinstance(value, str)}


def _slug(value: str) -> str:
    return value.replace(".", "_")


# --------------------------------------------------------------------------------------------------
# EASI
# --------------------------------------------------------------------------------------------------

EASI = get("easi")
EASI_SIGN_VALUES = tuple(fmt(Decimal(v)) for v in easi.SIGN_VALUES.values)
EASI_AREA_SCORES = tuple(range(7))
EASI_DEFAULTS = {"age_years": "", "band_set": EASI.default_band_set or ""}


def easi_area_label(score: int) -> str:
    """``2 — 10–29 %``: the area score with its percentage range (from the core's edges)."""
    if score == 0:
        return gettext("0 — none")
    lower_by_score = {s: int(lower) for lower, s in easi.AREA_PERCENT_LOWER_EDGES}
    lower_by_score[1] = 1
    lower = lower_by_score[score]
    upper = lower_by_score[score + 1] - 1 if score < 6 else 100
    return f"{score} — {lower}–{upper} %"


EASI_WEIGHTS_LABELS = {
    "under_8": gettext_lazy("under-8 weights"),
    "8_and_over": gettext_lazy("8 and over"),
}
"""How the core's ``details["weights"]`` is shown."""


def easi_raw(data: Mapping[str, str]) -> dict[str, Any]:
    """The core's EASI input from posted form fields (blank fields become ``None``)."""
    return {
        "age_years": _text(data, "age_years"),
        "band_set": _text(data, "band_set"),
        "regions": {
            region: {
                "area": _text(data, f"{region}.area"),
                **{sign: _text(data, f"{region}.{sign}") for sign in easi.SIGNS},
            }
            for region in easi.REGIONS
        },
    }


def easi_field_label(path: str) -> str:
    """A human name for a core field path.

    ``regions.trunk.edema`` -> ``Trunk (including genitals) – Edema / induration / papulation``.
    """
    parts = path.split(".")
    if parts[0] == "age_years":
        return gettext("Age (years)")
    if parts[0] == "band_set":
        return gettext("Severity bands")
    if parts[0] == "regions" and len(parts) >= 2 and parts[1] in easi.REGION_LABELS:
        region = easi.REGION_LABELS[parts[1]]
        if len(parts) == 2:
            return region
        name = parts[2]
        item = (
            gettext("Area score")
            if name in ("area", "area_percent")
            else easi.SIGN_LABELS.get(name, name)
        )
        return f"{region} – {item}"
    return path


def _easi_input_name(path: str) -> str:
    return path.removeprefix("regions.")


def easi_outcome(data: Mapping[str, str] | None) -> Outcome:
    """Score posted EASI fields (``None``: the empty form) and build what the template shows."""
    values = {**EASI_DEFAULTS, **_posted(data)}
    outcome = Outcome()
    if data is not None:
        try:
            outcome.result = EASI.score(easi_raw(values))
        except InputError as exc:
            if exc.field == "age_years" and not _text(values, "age_years"):
                outcome.needs_age = True  # not a mistake yet: the form was just opened
            else:
                outcome.error = f"{easi_field_label(exc.field)}: {exc.message}"
                outcome.error_field = _easi_input_name(exc.field)
    else:
        outcome.needs_age = True
    outcome.view = _easi_view(values, outcome)
    return outcome


def _easi_view(values: Mapping[str, str], outcome: Outcome) -> dict[str, Any]:
    result = outcome.result
    details: Mapping[str, Any] = result.details if result is not None else {}
    region_results = details.get("regions", {})
    regions = []
    for region in easi.REGIONS:
        area_name = f"{region}.area"
        area_value = values.get(area_name) or "0"
        signs = []
        for sign in easi.SIGNS:
            name = f"{region}.{sign}"
            current = values.get(name) or "0"
            signs.append(
                {
                    "key": sign,
                    "name": name,
                    "label": easi.SIGN_LABELS[sign],
                    "invalid": outcome.error_field == name,
                    "options": [
                        Option(v, v, f"easi-{region}-{sign}-{_slug(v)}", _same(current, v))
                        for v in EASI_SIGN_VALUES
                    ],
                }
            )
        contribution = region_results.get(region)
        regions.append(
            {
                "key": region,
                "label": easi.REGION_LABELS[region],
                "area_name": area_name,
                "area_id": f"easi-{region}-area",
                "area_invalid": outcome.error_field == area_name,
                "area_options": [
                    Option(str(s), easi_area_label(s), "", _same(area_value, str(s)))
                    for s in EASI_AREA_SCORES
                ],
                "signs": signs,
                "result": None
                if contribution is None
                else {
                    "score": fmt(contribution["score"]),
                    "area_score": contribution["area_score"],
                    "severity_sum": fmt(contribution["severity_sum"]),
                    "weight": fmt(contribution["weight"]),
                },
            }
        )
    band_sets = [
        Option(bs.id, bs.name, "", bs.id == (values.get("band_set") or EASI.default_band_set))
        for bs in EASI.band_sets.values()
    ]
    view: dict[str, Any] = {
        "age_years": values.get("age_years", ""),
        "age_invalid": outcome.error_field == "age_years",
        "band_sets": band_sets,
        "regions": regions,
        "child_age_limit": easi.CHILD_AGE_LIMIT,
        "weights_child": {r: fmt(w) for r, w in easi.WEIGHTS_CHILD.items()},
        "weights_adult": {r: fmt(w) for r, w in easi.WEIGHTS_ADULT.items()},
    }
    if result is not None and result.score is not None:
        band_set = EASI.band_sets[result.band_set or ""]
        view["total"] = fmt(result.score)
        view["band_label"] = result.band_label
        view["band_id"] = result.band
        view["band_set_name"] = band_set.name
        view["band_set_note"] = details.get("band_set_note")
        view["weights"] = EASI_WEIGHTS_LABELS[details["weights"]]
    return view


def _same(posted: str, option: str) -> bool:
    """Whether a posted value selects an option (``"1.50"`` selects ``1.5``)."""
    try:
        return Decimal(posted) == Decimal(option)
    except ArithmeticError:
        return False


# --------------------------------------------------------------------------------------------------
# POEM
# --------------------------------------------------------------------------------------------------

POEM = get("poem")


def poem_raw(data: Mapping[str, str]) -> dict[str, Any]:
    """The core's POEM input from posted answers (an unanswered item is ``None``)."""
    return {"answers": {key: _text(data, key) for key in poem.ITEMS}}


def poem_outcome(data: Mapping[str, str] | None) -> Outcome:
    values = _posted(data)
    prompt_set = textpacks.prompts("poem")
    outcome = Outcome()
    if data is not None:
        try:
            outcome.result = POEM.score(poem_raw(values))
        except InputError as exc:
            key = exc.field.removeprefix("answers.")
            outcome.error = f"{_poem_item_name(key)}: {exc.message}"
            outcome.error_field = key
    outcome.view = _poem_view(values, outcome, prompt_set)
    return outcome


def _poem_item_name(key: str) -> str:
    """``question 3 (Bleeding skin)``: the number and CalmSkin's neutral topic of an item."""
    if key not in poem.ITEM_TOPICS:
        return key
    return gettext("question %(number)s (%(topic)s)") % {
        "number": poem.ITEMS.index(key) + 1,
        "topic": poem.ITEM_TOPICS[key],
    }


def _poem_view(
    values: Mapping[str, str], outcome: Outcome, prompt_set: PromptSet
) -> dict[str, Any]:
    items = []
    for number, item in enumerate(prompt_set.items, start=1):
        current = values.get(item.key) or ""
        items.append(
            {
                "key": item.key,
                "number": number,
                "text": item.text,
                "invalid": outcome.error_field == item.key,
                "options": [
                    Option(value, label, f"poem-{item.key}-{value}", current == value)
                    for value, label in item.options
                ],
            }
        )
    band_set = POEM.band_sets[POEM.default_band_set or ""]
    view: dict[str, Any] = {
        "items": items,
        "instructions": prompt_set.instructions,
        "licensed": prompt_set.licensed,
        "copyright_line": prompt_set.copyright_line,
        "band_set_name": band_set.name,
        "band_set_source": band_set.source,
        "bands": [
            {"id": b.id, "label": b.label, "range": _poem_band_range(b)} for b in band_set.bands
        ],
        "max_score": fmt(POEM.score_max),
    }
    result = outcome.result
    if result is None:
        return view
    details = result.details
    view["missing"] = [_poem_item_name(k) for k in details.get("missing", [])]
    view["imputed_zero"] = [_poem_item_name(k) for k in details.get("imputed_zero", [])]
    if result.score is not None:
        view["total"] = fmt(result.score)
        view["band_id"] = result.band
        view["band_label"] = result.band_label
        view["band_range"] = next(b["range"] for b in view["bands"] if b["id"] == result.band)
    return view


def _poem_band_range(band: Band) -> str:
    """Whole-number range of a POEM band: ``(2, 7]`` -> ``3–7``, ``[0, 2]`` -> ``0–2``."""
    lower = band.lower if band.lower is not None else POEM.score_min
    upper = band.upper if band.upper is not None else POEM.score_max
    first = int(lower) if band.lower_inclusive else int(lower) + 1
    last = int(upper) if band.upper_inclusive else int(upper) - 1
    return f"{first}–{last}"
