"""One Learn page per biologic, built from the therapy catalog, and the searchable sections of it.

Every clinical value on a drug page comes from the drug's data file in
``calmskin/core/therapy/data/`` (each value with its source and status, see
:mod:`calmskin.core.therapy.catalog`), through the core's own functions where they exist:

* age and weight bands in words: :func:`calmskin.core.therapy.regimens.format_age_band` and
  :func:`~calmskin.core.therapy.regimens.format_weight_band`;
* room temperature after the fridge: :func:`calmskin.core.therapy.storage.room_temperature_limit`,
  which already keeps unconfirmed limits out of fact (dupilumab US from the CHEO monograph,
  secondary; tralokinumab US and lebrikizumab US unconfirmed; nemolizumab EU unconfirmed);
* loading and regular doses are described here from the regimen's own numbers (day, mg, injections
  of mg, interval), never typed into a template.

Rules, following the catalog's (docs/regimens.md, "How to read the tables"):

* A value with status ``unconfirmed`` is never shown as fact: a regimen, presentation, site rule,
  missed-dose rule, side-effect frequency, warning, pregnancy note or trial with that status is left
  out, and its place says "not in our catalog". The drug's list of facts still to check
  (``Drug.unconfirmed``) is shown apart, under a heading that says they are gaps.
* ``secondary`` values are shown, flagged as coming from a secondary source.
* Every shown value cites its source by number; :attr:`DrugPage.sources` lists those sources with
  their dates, in the order they are first cited, and :attr:`DrugPage.label_dates` gives the label
  dates the catalog records per region.
* Side effects are grouped by name: the label's most-common list often has a name without a label
  percentage (stored unconfirmed, docs/regimens.md choice 17); the name is listed with "how often:
  not in our catalog", and any sourced frequency (a label table, a pooled analysis or a trial
  registry, each saying which) is shown under it.
* Breastfeeding: a pregnancy note that speaks of breastfeeding, lactation or breast milk is shown
  under breastfeeding (each label's wording in plain words; LactMed for dupilumab).
* Eye warning signs: every drug page carries the same-day eye advice of
  :mod:`calmskin.core.therapy.side_effects` (eye pain, a change in vision or sensitivity to light
  need care the same day), also for nemolizumab, whose label has no eye warning.
* Storage: the fridge basics (2 to 8 degrees C, in the carton, never frozen, never shaken) are shown
  for every region, even where the room-temperature limit is not confirmed and stays unshown.
* Plain language: a patient page shows no internal notes (codes, label section numbers, record ids,
  repositories). Its sources are one line (:attr:`DrugPage.sources_line`): each document once, by
  its plain name and date (:func:`calmskin.core.therapy.catalog.plain_sources`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from calmskin.core.learn import gettext_noop
from calmskin.core.learn.search import Section, fold
from calmskin.core.therapy.catalog import (
    DRUG_IDS,
    REGIONS,
    Drug,
    Fact,
    Maintenance,
    Presentation,
    Regimen,
    RegimenOption,
    Source,
    Status,
    TrialResult,
    all_drugs,
    load_drug,
    plain_sources,
)
from calmskin.core.therapy.regimens import format_age_band, format_kg, format_weight_band
from calmskin.core.therapy.side_effects import label_info
from calmskin.core.therapy.storage import room_temperature_limit

NOT_IN_CATALOG = gettext_noop("not in our catalog")

TITLES = {
    "target": gettext_noop("What it targets"),
    "who": gettext_noop("Who it is for"),
    "dosing": gettext_noop("How and how often it is given"),
    "devices": gettext_noop("Pens, syringes and where to inject"),
    "missed": gettext_noop("If a dose is missed"),
    "side-effects": gettext_noop("Common side effects"),
    "eye-symptoms": gettext_noop("Eye pain, blurred vision or light sensitivity: same-day care"),
    "warnings": gettext_noop("Warnings on the label"),
    "storage": gettext_noop("Storage: fridge and room temperature"),
    "pregnancy": gettext_noop("Pregnancy and breastfeeding"),
    "trials": gettext_noop("Results at week 16 in the main trials"),
    "gaps": gettext_noop("Not yet confirmed"),
    "sources": gettext_noop("Sources"),
}
"""Section headings of a drug page, keyed by the section's anchor."""

_BREASTFEEDING = ("breastfeed", "breast-feed", "breast feed", "lactat", "nursing", "breast milk")
_STORAGE_PROBE = datetime(2000, 1, 1, tzinfo=UTC)
"""Any aware moment: the Learn page reads only the limits of :class:`StorageAdvice`, not a date."""


# --------------------------------------------------------------------------------------------------
# Words for numbers
# --------------------------------------------------------------------------------------------------


def when(day: int) -> str:
    """Day 0 -> ``on the first day (week 0)``, day 14 -> ``at week 2``, day 10 -> ``on day 10``."""
    if day == 0:
        return "on the first day (week 0)"
    if day % 7 == 0:
        return f"at week {day // 7}"
    return f"on day {day}"


def every(days: int) -> str:
    """14 -> ``every 2 weeks``, 7 -> ``every week``, 10 -> ``every 10 days``."""
    if days % 7 == 0:
        weeks = days // 7
        return "every week" if weeks == 1 else f"every {weeks} weeks"
    return "every day" if days == 1 else f"every {days} days"


def injections(count: int, mg: int) -> str:
    """``1 injection of 300 mg`` or ``4 injections of 150 mg``."""
    return f"1 injection of {mg} mg" if count == 1 else f"{count} injections of {mg} mg"


def describe_loading(regimen: Regimen) -> str:
    """The loading phase in words, from the regimen's loading doses (day, mg, injections)."""
    if not regimen.loading:
        return "No loading dose: the first dose is the regular dose."
    parts = [
        f"{dose.dose_mg} mg ({injections(dose.injections, dose.injection_mg)}) {when(dose.day)}"
        for dose in regimen.loading
    ]
    text = " and ".join(parts)
    if any(dose.injections > 1 for dose in regimen.loading):
        text += (
            ", each injection at a different site within the same body area"
            if regimen.loading_sites == "different-same-area"
            else ", each injection at a different site"
        )
    return text + "."


def describe_maintenance(maintenance: Maintenance) -> str:
    """The regular dose in words: ``300 mg (1 injection of 300 mg) every 2 weeks, starting at
    week 2.``"""
    m = maintenance
    return (
        f"{m.dose_mg} mg ({injections(m.injections, m.injection_mg)}) {every(m.interval_days)}, "
        f"starting {when(m.first_day)}."
    )


def describe_option(option: RegimenOption) -> str:
    """A later label option (step-down or step-up) in words, with its conditions."""
    kind = "Step-down" if option.kind == "step_down" else "Step-up"
    text = f"{kind} option: {option.dose_mg} mg"
    if option.injection_mg:
        text += f" ({injections(option.injections, option.injection_mg)})"
    text += f" {every(option.interval_days)}"
    if option.earliest_day is not None:
        text += f", not before {when(option.earliest_day).removeprefix('at ')}"
    if option.conditions:
        text += "; if " + " and ".join(option.conditions)
    if option.weight_min_kg is not None:
        text += f"; only from {format_kg(option.weight_min_kg)} kg"
    if option.weight_max_kg is not None:
        text += f"; only below {format_kg(option.weight_max_kg)} kg"
    text += "."
    if option.advisory:
        text += f" {option.advisory}"
    return text


def describe_presentation(presentation: Presentation) -> str:
    """``prefilled pen, 300 mg in 2 mL: from 2 years (US)``."""
    p = presentation
    text = f"{p.kind[:1].upper()}{p.kind[1:]}, {p.strength_mg} mg"
    if p.volume_ml is not None:
        text += f" in {format_kg(p.volume_ml)} mL"
    return f"{text}: {p.who}" if p.who else text


def percent(value: Decimal) -> str:
    return f"{format_kg(value)}%"


def _number(value: float | int) -> str:
    return format_kg(Decimal(str(value)))


def slug(text: str) -> str:
    """``Oral herpes (cold sores)`` -> ``oral-herpes-cold-sores`` (an HTML anchor)."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "item"


# --------------------------------------------------------------------------------------------------
# The page model
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """A source as listed at the bottom of a page, with the number it is cited by."""

    number: int
    source: Source


@dataclass(frozen=True)
class Line:
    """One statement on a page; ``ref`` is the number of its source (``None``: CalmSkin's own
    explanation), ``secondary`` when that source is a secondary one."""

    text: str
    ref: int | None = None
    secondary: bool = False


@dataclass(frozen=True)
class RegimenView:
    id: str
    population: str
    ages: str
    weights: str
    loading: str
    maintenance: str
    options: tuple[Line, ...]
    notes: tuple[str, ...]
    ref: int
    secondary: bool


@dataclass(frozen=True)
class StorageView:
    max_temp: str | None
    """``up to 25 °C``, or ``None`` when not in the catalog as fact."""
    max_days: str | None
    """``14 days``, or ``None`` when not in the catalog as fact."""
    rules: tuple[str, ...]
    back_in_fridge: bool
    ref: int | None
    secondary: bool
    basics: tuple[str, ...] = ()
    """The fridge basics, shown even where the room-temperature limit is not (see the module)."""


@dataclass(frozen=True)
class RegionView:
    region: str
    brand: str
    label_date: str
    indication: Line | None
    ages: Line | None
    regimens: tuple[RegimenView, ...]
    withheld_regimens: int
    """Regimens of this region the catalog holds only as unconfirmed (not shown)."""
    devices: tuple[Line, ...]
    storage: StorageView


@dataclass(frozen=True)
class SideEffectView:
    anchor: str
    name: str
    frequencies: tuple[Line, ...]
    """Sourced frequencies; empty means "how often: not in our catalog"."""


@dataclass(frozen=True)
class TrialView:
    trial: str
    registry_id: str
    background: Literal["monotherapy", "with_topicals"]
    population: str
    regimen: str
    arms: str | None
    iga01: str
    easi75: str
    note: str
    ref: int
    secondary: bool


@dataclass(frozen=True)
class DrugPage:
    drug_id: str
    inn: str
    title: str
    """``Dupilumab (Dupixent)`` or ``Tralokinumab (Adbry in the US, Adtralza in the EU)``."""
    brands: tuple[str, ...]
    mechanism: str
    target: Line | None
    antibody: Line | None
    topicals: Line | None
    regions: tuple[RegionView, ...]
    regions_differ: bool
    sites: tuple[Line, ...]
    missed: tuple[Line, ...]
    side_effects: tuple[SideEffectView, ...]
    eye_advice: tuple[Line, ...]
    """Same-day advice for eye warning signs (every drug)."""
    warnings: tuple[Line, ...]
    pregnancy: tuple[Line, ...]
    breastfeeding: tuple[Line, ...]
    trials: tuple[TrialView, ...]
    gaps: tuple[str, ...]
    label_dates: tuple[tuple[str, str], ...]
    sources: tuple[Ref, ...]
    sources_line: tuple[str, ...] = ()
    """The page's one "Sources" line: documents by plain name and date, each once."""


class _Citer:
    """Numbers sources in the order a page first cites them."""

    def __init__(self, drug: Drug) -> None:
        self.drug = drug
        self.order: list[str] = []

    def number(self, source_id: str) -> int:
        if source_id not in self.order:
            self.order.append(source_id)
        return self.order.index(source_id) + 1

    def line(self, text: str, source_id: str, status: Status) -> Line:
        return Line(text, self.number(source_id), status == "secondary")

    def fact(self, fact: Fact | None) -> Line | None:
        if fact is None or not fact.is_fact or fact.value is None:
            return None
        return self.line(str(fact.value), fact.source, fact.status)

    def refs(self) -> tuple[Ref, ...]:
        return tuple(Ref(i + 1, self.drug.sources[s]) for i, s in enumerate(self.order))


def drug_title(drug: Drug) -> str:
    """The drug's name with its brand names per region."""
    us, eu = drug.names.get("US"), drug.names.get("EU")
    name = drug.inn[:1].upper() + drug.inn[1:]
    if us and eu and us != eu:
        return f"{name} ({us} in the US, {eu} in the EU)"
    brand = us or eu
    return f"{name} ({brand})" if brand else name


def _regimen_view(regimen: Regimen, cite: _Citer) -> RegimenView:
    options = tuple(
        cite.line(describe_option(o), o.source, o.status)
        for o in regimen.options
        if o.status != "unconfirmed"
    )
    return RegimenView(
        id=regimen.id,
        population=regimen.population,
        ages=format_age_band(regimen.age_min_months, regimen.age_max_months),
        weights=format_weight_band(regimen.weight_min_kg, regimen.weight_max_kg),
        loading=describe_loading(regimen),
        maintenance=describe_maintenance(regimen.maintenance),
        options=options,
        notes=regimen.notes,
        ref=cite.number(regimen.source),
        secondary=regimen.status == "secondary",
    )


def _storage_view(drug: Drug, region: str, cite: _Citer) -> StorageView:
    advice = room_temperature_limit(drug.id, region, _STORAGE_PROBE)
    rule = drug.storage.get(region)
    shown = rule is not None and rule.status != "unconfirmed"
    if advice.basics and rule is not None and rule.basics is not None:
        cite.number(rule.basics.source)
    return StorageView(
        max_temp=None if advice.max_temp_c is None else f"up to {_number(advice.max_temp_c)} °C",
        max_days=None
        if advice.max_days is None
        else f"{advice.max_days} day" + ("" if advice.max_days == 1 else "s"),
        rules=advice.rules,
        back_in_fridge=advice.back_in_fridge,
        ref=cite.number(rule.source) if rule is not None and shown else None,
        secondary=advice.status == "secondary",
        basics=advice.basics,
    )


def _signature(regimen: Regimen) -> tuple[object, ...]:
    m = regimen.maintenance
    return (
        regimen.age_min_months,
        regimen.age_max_months,
        regimen.weight_min_kg,
        regimen.weight_max_kg,
        tuple((d.day, d.dose_mg) for d in regimen.loading),
        (m.dose_mg, m.interval_days, m.first_day),
        tuple(sorted((o.kind, o.dose_mg, o.interval_days) for o in regimen.options)),
    )


def _mentions(text: str, needles: Iterable[str]) -> bool:
    folded = fold(text)
    return any(n in folded for n in needles)


def _trial_view(trial: TrialResult, cite: _Citer) -> TrialView:
    assert trial.iga01_drug is not None and trial.iga01_placebo is not None
    assert trial.easi75_drug is not None and trial.easi75_placebo is not None
    arms = (
        f"{trial.n_drug} on the medicine, {trial.n_placebo} on placebo"
        if trial.n_drug is not None and trial.n_placebo is not None
        else None
    )
    return TrialView(
        trial=trial.trial,
        registry_id=trial.registry_id,
        background=trial.background,
        population=trial.population,
        regimen=trial.regimen,
        arms=arms,
        iga01=f"{percent(trial.iga01_drug)} vs {percent(trial.iga01_placebo)} on placebo",
        easi75=f"{percent(trial.easi75_drug)} vs {percent(trial.easi75_placebo)} on placebo",
        note=trial.note,
        ref=cite.number(trial.source),
        secondary=trial.status == "secondary",
    )


def _complete(trial: TrialResult) -> bool:
    """A trial shown as fact: not unconfirmed, with all four week-16 results."""
    values = (trial.iga01_drug, trial.iga01_placebo, trial.easi75_drug, trial.easi75_placebo)
    return trial.status != "unconfirmed" and all(v is not None for v in values)


def drug_page(drug_id: str) -> DrugPage:
    """The Learn page of ``drug_id`` (one of :data:`~calmskin.core.therapy.catalog.DRUG_IDS`;
    ``KeyError`` otherwise), its statements numbered by source in page order."""
    drug = load_drug(drug_id)
    cite = _Citer(drug)
    target = cite.fact(drug.target)
    antibody = cite.fact(drug.antibody)
    topicals = cite.fact(drug.topicals)

    regions = []
    for region in REGIONS:
        in_region = drug.regimens_for(region)
        shown = [r for r in in_region if r.status != "unconfirmed"]
        regions.append(
            RegionView(
                region=region,
                brand=drug.names.get(region, drug.inn),
                label_date=drug.label_dates.get(region, ""),
                indication=cite.fact(drug.indications.get(region)),
                ages=cite.fact(drug.approved_ages.get(region)),
                regimens=tuple(_regimen_view(r, cite) for r in shown),
                withheld_regimens=len(in_region) - len(shown),
                devices=tuple(
                    cite.line(describe_presentation(p), p.source, p.status)
                    for p in drug.presentations
                    if region in p.regions and p.status != "unconfirmed"
                ),
                storage=_storage_view(drug, region, cite),
            )
        )
    signatures = {
        region: {_signature(r) for r in drug.regimens_for(region) if r.status != "unconfirmed"}
        for region in REGIONS
    }

    sites: tuple[Line, ...] = ()
    if drug.sites.status != "unconfirmed":
        sites = tuple(cite.line(t, drug.sites.source, drug.sites.status) for t in drug.sites.text)

    missed: list[Line] = []
    for rule in drug.missed_doses:
        if rule.status == "unconfirmed":
            continue
        missed.append(cite.line(rule.rule, rule.source, rule.status))
        missed += [Line(note) for note in rule.notes]

    effects: dict[str, list[Line]] = {}
    for effect in drug.side_effects:
        lines = effects.setdefault(effect.name, [])
        if effect.status != "unconfirmed" and effect.frequency:
            lines.append(cite.line(effect.frequency, effect.source, effect.status))
    side_effects = tuple(
        SideEffectView(f"side-effect-{slug(name)}", name, tuple(lines))
        for name, lines in effects.items()
    )

    eye = [a for a in label_info(drug.id, "eye-pain").advice_shown if a.urgency == "same-day"]
    eye_advice = tuple(Line(a.text, None, a.status == "secondary") for a in eye)
    warnings = tuple(line for f in drug.warnings if (line := cite.fact(f)) is not None)
    notes = [line for f in drug.pregnancy if (line := cite.fact(f)) is not None]
    breastfeeding = tuple(n for n in notes if _mentions(n.text, _BREASTFEEDING))
    pregnancy = tuple(n for n in notes if n not in breastfeeding)
    trials = tuple(_trial_view(t, cite) for t in drug.trials if _complete(t))

    return DrugPage(
        drug_id=drug.id,
        inn=drug.inn,
        title=drug_title(drug),
        brands=tuple(dict.fromkeys(drug.names.values())),
        mechanism=drug.mechanism,
        target=target,
        antibody=antibody,
        topicals=topicals,
        regions=tuple(regions),
        regions_differ=len({frozenset(s) for s in signatures.values()}) > 1,
        sites=sites,
        missed=tuple(missed),
        side_effects=side_effects,
        eye_advice=eye_advice,
        warnings=warnings,
        pregnancy=pregnancy,
        breastfeeding=breastfeeding,
        trials=trials,
        gaps=drug.unconfirmed,
        label_dates=tuple(drug.label_dates.items()),
        sources=cite.refs(),
        sources_line=plain_sources([ref.source for ref in cite.refs()] + [a.source for a in eye]),
    )


def drug_pages() -> tuple[DrugPage, ...]:
    return tuple(drug_page(d) for d in DRUG_IDS)


# --------------------------------------------------------------------------------------------------
# Searchable sections
# --------------------------------------------------------------------------------------------------


def _join(lines: Iterable[Line | str | None]) -> str:
    texts = [(line.text if isinstance(line, Line) else line) for line in lines]
    return " ".join(t for t in texts if t)


def _or_gap(text: str, what: str) -> str:
    return text or f"{what}: {NOT_IN_CATALOG}."


def sections(page: DrugPage) -> tuple[Section, ...]:
    """The searchable sections of a drug page: the same words the page shows, one section per
    heading (and one per side effect and per region's doses), anchored as on the page."""
    out: list[Section] = []

    def add(section_id: str, title: str, text: str) -> None:
        out.append(Section(page.drug_id, page.title, section_id, title, text, page.brands))

    add(
        "target",
        TITLES["target"],
        _join(
            [
                page.mechanism,
                f"Target: {page.target.text}." if page.target else None,
                f"Type of medicine: {page.antibody.text}." if page.antibody else None,
            ]
        ),
    )
    who = []
    for region in page.regions:
        who.append(f"{region.region} ({region.brand}):")
        who.append(_or_gap(region.indication.text if region.indication else "", "Indication"))
        who.append(f"Ages: {region.ages.text}." if region.ages else f"Ages: {NOT_IN_CATALOG}.")
    if page.topicals:
        who.append(f"Creams and ointments: {page.topicals.text}.")
    add("who", TITLES["who"], _join(who))
    for region in page.regions:
        parts = []
        for r in region.regimens:
            parts += [
                f"{r.population} ({r.ages}, {r.weights}).",
                f"Loading dose: {r.loading}",
                f"Then: {r.maintenance}",
                *(o.text for o in r.options),
                *r.notes,
            ]
        add(
            f"dosing-{region.region.lower()}",
            f"{TITLES['dosing']}: {region.region}",
            _or_gap(" ".join(parts), "Doses"),
        )
    devices = []
    for region in page.regions:
        devices += [f"{region.region}: {d.text}" for d in region.devices]
    devices.append(_join(page.sites) or f"Where to inject: {NOT_IN_CATALOG}.")
    add("devices", TITLES["devices"], _join(devices))
    add("missed", TITLES["missed"], _or_gap(_join(page.missed), "Missed doses"))
    for effect in page.side_effects:
        how_often = _join(effect.frequencies) or f"how often: {NOT_IN_CATALOG}"
        add(
            effect.anchor, f"{TITLES['side-effects']}: {effect.name}", f"{effect.name}: {how_often}"
        )
    add("eye-symptoms", TITLES["eye-symptoms"], _join(page.eye_advice))
    add("warnings", TITLES["warnings"], _or_gap(_join(page.warnings), "Warnings"))
    storage = []
    for region in page.regions:
        s = region.storage
        storage.append(f"{region.region}:")
        storage += s.basics
        storage.append(
            f"Room temperature {s.max_temp or NOT_IN_CATALOG}; "
            f"time out of the fridge {s.max_days or NOT_IN_CATALOG}."
        )
        storage += s.rules
    add("storage", TITLES["storage"], _join(storage))
    add(
        "pregnancy",
        TITLES["pregnancy"],
        _join(
            [
                "Pregnancy:",
                _join(page.pregnancy) or f"{NOT_IN_CATALOG}.",
                "Breastfeeding:",
                _join(page.breastfeeding) or f"{NOT_IN_CATALOG}.",
            ]
        ),
    )
    trials = [
        f"{t.trial}: clear or almost clear skin (IGA 0/1) {t.iga01}; EASI-75 {t.easi75}."
        for t in page.trials
    ]
    add("trials", TITLES["trials"], _or_gap(" ".join(trials), "Trial results"))
    return tuple(out)


def drug_sections() -> tuple[Section, ...]:
    """The searchable sections of every drug page, in catalog order."""
    return tuple(s for page in drug_pages() for s in sections(page))


# --------------------------------------------------------------------------------------------------
# Facts for the page on how biologics work
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PercentRange:
    low: int
    high: int


@dataclass(frozen=True)
class Week16:
    """Week-16 results across the catalog's trials with one kind of background therapy, as whole
    percentages from the lowest to the highest trial."""

    background: Literal["monotherapy", "with_topicals"]
    trials: tuple[str, ...]
    iga01_drug: PercentRange
    iga01_placebo: PercentRange
    easi75_drug: PercentRange
    easi75_placebo: PercentRange


def _whole(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _range(values: Sequence[Decimal]) -> PercentRange:
    return PercentRange(_whole(min(values)), _whole(max(values)))


def week16_summary(drugs: Sequence[Drug] | None = None) -> tuple[Week16, ...]:
    """Ranges of the week-16 results (IGA 0/1 and EASI-75, medicine and placebo) over the trials of
    the catalog that are shown as fact, monotherapy trials first, then trials with topical therapy
    (whose placebo groups also used creams, so their placebo rates are higher; reference
    section 10.4, vector 43)."""
    chosen = [t for d in (drugs or all_drugs()) for t in d.trials if _complete(t)]
    out = []
    for background in ("monotherapy", "with_topicals"):
        group = [t for t in chosen if t.background == background]
        if not group:
            continue
        out.append(
            Week16(
                background=background,
                trials=tuple(t.trial for t in group),
                iga01_drug=_range([t.iga01_drug for t in group if t.iga01_drug is not None]),
                iga01_placebo=_range(
                    [t.iga01_placebo for t in group if t.iga01_placebo is not None]
                ),
                easi75_drug=_range([t.easi75_drug for t in group if t.easi75_drug is not None]),
                easi75_placebo=_range(
                    [t.easi75_placebo for t in group if t.easi75_placebo is not None]
                ),
            )
        )
    return tuple(out)


def drugs_naming(*phrases: str, drugs: Sequence[Drug] | None = None) -> tuple[Drug, ...]:
    """The drugs whose side effects or warnings, as shown as fact, name any of ``phrases``."""
    needles = [fold(p) for p in phrases]
    out = []
    for drug in drugs or all_drugs():
        texts = [e.name for e in drug.side_effects if e.status != "unconfirmed"]
        texts += [str(w.value) for w in drug.warnings if w.is_fact]
        if any(_mentions(t, needles) for t in texts):
            out.append(drug)
    return tuple(out)


@dataclass(frozen=True)
class CitedSource:
    """A source of the page on how biologics work, with the drug it belongs to."""

    drug: str
    source: Source


def mechanism_sources(drugs: Sequence[Drug] | None = None) -> tuple[CitedSource, ...]:
    """The label behind each drug's target, then the trials behind the week-16 ranges."""
    drugs = drugs or all_drugs()
    out: list[CitedSource] = []
    seen: set[tuple[str, str]] = set()

    def add(drug: Drug, source_id: str) -> None:
        if (drug.id, source_id) not in seen:
            seen.add((drug.id, source_id))
            out.append(CitedSource(drug_title(drug), drug.sources[source_id]))

    for drug in drugs:
        if drug.target.is_fact:
            add(drug, drug.target.source)
    for drug in drugs:
        for trial in drug.trials:
            if _complete(trial):
                add(drug, trial.source)
    return tuple(out)


BACKGROUND_SOURCES = (
    Source(
        "weidinger-2016",
        "Weidinger S, Novak N. Atopic dermatitis. Lancet 2016;387:1109-22, "
        "doi:10.1016/S0140-6736(15)00149-X (type 2 inflammation, the skin barrier and itch)",
        "2016",
        plain="Weidinger and Novak, Atopic dermatitis, The Lancet",
        plain_date="2016",
    ),
    Source(
        "serra-baldrich-2022",
        "Serra-Baldrich E, Santamaria-Babi LF, Francisco Silvestre J. Nemolizumab: an innovative "
        "biologic treatment to control interleukin 31, a key mediator in atopic dermatitis and "
        "prurigo nodularis. Actas Dermosifiliogr 2022;113:T674-T684, doi:10.1016/j.ad.2022.06.001 "
        "(IL-31 and itch)",
        "2022",
        plain="Serra-Baldrich and colleagues on nemolizumab and IL-31, Actas Dermo-Sifiliográficas",
        plain_date="2022",
    ),
)
"""Background reading for the page on how biologics work: the disease biology (type 2 messengers,
the skin barrier, the itch-scratch cycle) that no drug label states. Drug-specific facts on that
page come from the catalog and cite the catalog's own sources (:func:`mechanism_sources`)."""


def pregnancy_notes(drugs: Sequence[Drug] | None = None) -> tuple[Drug, ...]:
    """The drugs with at least one pregnancy note shown as fact (a study or registry today)."""
    return tuple(d for d in drugs or all_drugs() if any(f.is_fact for f in d.pregnancy))
