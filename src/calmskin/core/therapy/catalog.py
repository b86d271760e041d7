"""The biologic catalog: one versioned TOML data file per drug in ``therapy/data/``.

A new drug or a new region is a new data file (or a new table in one), never new code. Every clinical
value names its source (an id in the file's ``[sources]`` table, which carries the label or paper
date) and a status:

* ``confirmed``: read in the cited label, SmPC or paper;
* ``secondary``: seen only in a secondary source (HCP site, drug monograph, package leaflet copy);
* ``unconfirmed``: recalled or not found. Stored so the gap is visible, never shown as fact.

The loader refuses a file that breaks these rules (unknown source id, unknown status, overlapping
regimen bands, a repeated regimen or option id, injections that do not add up to the dose), naming
the file and the key, so a data error cannot reach a patient.

File layout (see ``data/dupilumab.toml`` for a complete example and docs/regimens.md):

.. code-block:: toml

    id = "dupilumab"
    inn = "dupilumab"
    names = { US = "Dupixent", EU = "Dupixent" }
    atc = { value = "D11AH05", source = "atc", status = "confirmed" }
    ...
    [sources.uspi]
    title = "Dupixent US prescribing information"
    date = "2026-04"

    [[regimens]]
    id = "us-adult"
    region = "US"
    population = "adults (18 years and over)"
    age_min_months = 216          # inclusive
    # age_max_months absent: no upper limit; when present it is exclusive
    # weight_min_kg inclusive, weight_max_kg exclusive, as labels write "15 to <30 kg"
    loading = [{ day = 0, dose_mg = 600, injections = 2, injection_mg = 300 }]
    maintenance = { dose_mg = 300, interval_days = 14, first_day = 14, injections = 1, injection_mg = 300 }
    source = "uspi"
    status = "confirmed"
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any, Literal, TypeAlias, cast

Status: TypeAlias = Literal["confirmed", "secondary", "unconfirmed"]
STATUSES: tuple[Status, ...] = ("confirmed", "secondary", "unconfirmed")
REGIONS = ("US", "EU")
MissedAction: TypeAlias = Literal[
    "give-now-keep-schedule", "skip-wait-for-next", "give-now-restart-schedule"
]
MISSED_ACTIONS: tuple[MissedAction, ...] = (
    "give-now-keep-schedule",
    "skip-wait-for-next",
    "give-now-restart-schedule",
)


class CatalogError(ValueError):
    """A data file breaks the catalog rules; the message names the file and the key."""


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    date: str
    """Label revision or publication date as printed (``2026-04``, ``2023``)."""
    note: str = ""
    plain: str = ""
    """The document's name as patient pages show it (``Dupixent US prescribing information``):
    no section numbers, record ids, repositories or websites that only copy the document."""
    plain_date: str = ""
    """The date patient pages show with :attr:`plain` (``April 2026``, ``undated copy``)."""

    @property
    def shown(self) -> str:
        """``plain (plain_date)`` for patient pages; empty when no plain name is recorded."""
        if not self.plain:
            return ""
        return f"{self.plain} ({self.plain_date})" if self.plain_date else self.plain


def plain_sources(sources: Iterable[Source]) -> tuple[str, ...]:
    """The sources as one line of a patient page lists them: each document once, by its plain
    name, with its plain dates in order of first mention (``Dupixent US prescribing information
    (April 2026; checked December 2026)``). Sources without a plain name are left out."""
    dates: dict[str, list[str]] = {}
    for source in sources:
        if not source.plain:
            continue
        seen = dates.setdefault(source.plain, [])
        if source.plain_date and source.plain_date not in seen:
            seen.append(source.plain_date)
    return tuple(f"{name} ({'; '.join(d)})" if d else name for name, d in dates.items())


@dataclass(frozen=True)
class Fact:
    """A single sourced value (a string, number or list as the file gives it)."""

    value: Any
    source: str
    status: Status
    note: str = ""

    @property
    def is_fact(self) -> bool:
        """False for unconfirmed values: they may be listed as gaps, never shown as fact."""
        return self.status != "unconfirmed"


@dataclass(frozen=True)
class Dose:
    """One dosing day of a loading phase; ``day`` 0 is the first dose."""

    day: int
    dose_mg: int
    injections: int
    injection_mg: int


@dataclass(frozen=True)
class Maintenance:
    dose_mg: int
    interval_days: int
    first_day: int
    """Day of the first maintenance dose, counted from the first dose (day 0)."""
    injections: int
    injection_mg: int


@dataclass(frozen=True)
class RegimenOption:
    """A label option after the start: a step-down (tralokinumab Q4W), the switch to maintenance
    after induction (lebrikizumab Q4W), or a step-up (dupilumab EU 6-11 years to Q2W).

    ``weight_max_kg`` is exclusive and a hard condition; ``advisory`` is text that never blocks.
    """

    id: str
    kind: Literal["step_down", "step_up"]
    dose_mg: int
    interval_days: int
    earliest_day: int | None
    conditions: tuple[str, ...]
    source: str
    status: Status
    injections: int = 1
    injection_mg: int = 0
    weight_min_kg: Decimal | None = None
    weight_max_kg: Decimal | None = None
    advisory: str = ""


@dataclass(frozen=True)
class Regimen:
    """The label regimen for one band of age and weight in one region.

    Ages in completed months: ``age_min_months`` inclusive, ``age_max_months`` exclusive (``None``:
    no upper limit). Weights in kg: ``weight_min_kg`` inclusive, ``weight_max_kg`` exclusive, so
    15 kg falls in "15 to <30 kg".
    """

    id: str
    region: str
    population: str
    age_min_months: int
    age_max_months: int | None
    weight_min_kg: Decimal | None
    weight_max_kg: Decimal | None
    loading: tuple[Dose, ...]
    maintenance: Maintenance
    options: tuple[RegimenOption, ...]
    source: str
    status: Status
    notes: tuple[str, ...] = ()
    loading_sites: str = "different"
    """``different``: each loading injection at a different site; ``different-same-area``: at
    different sites within one body area (tralokinumab)."""

    def covers(self, age_months: int, weight_kg: Decimal) -> bool:
        if age_months < self.age_min_months:
            return False
        if self.age_max_months is not None and age_months >= self.age_max_months:
            return False
        if self.weight_min_kg is not None and weight_kg < self.weight_min_kg:
            return False
        return not (self.weight_max_kg is not None and weight_kg >= self.weight_max_kg)


@dataclass(frozen=True)
class MissedDoseRule:
    """The label's advice for a dose given late on a schedule with ``interval_days``.

    Up to ``late_days_max`` days late (inclusive) the ``within`` action applies, beyond it the
    ``beyond`` action; ``late_days_max`` ``None`` means one action whatever the delay.
    """

    interval_days: int | None
    late_days_max: int | None
    within: MissedAction
    beyond: MissedAction
    rule: str
    source: str
    status: Status
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class StorageRule:
    """Room-temperature use after the fridge, per region; ``None`` values are not specified."""

    region: str
    max_temp_c: Fact | None
    max_days: Fact | None
    back_in_fridge: bool
    rules: tuple[str, ...]
    source: str
    status: Status
    basics: Fact | None = None
    """The fridge basics (2-8 degrees C, in the carton, not frozen, not shaken) as a list of
    sentences with their own source and status: shown even where the room-temperature rule is not
    confirmed."""


@dataclass(frozen=True)
class SiteRules:
    areas: tuple[str, ...]
    """Body areas the label allows: ``abdomen``, ``thigh``, ``upper_arm``."""
    caregiver_only: tuple[str, ...]
    navel_margin_cm: Decimal
    text: tuple[str, ...]
    source: str
    status: Status


@dataclass(frozen=True)
class Presentation:
    id: str
    kind: str
    strength_mg: int
    volume_ml: Decimal | None
    regions: tuple[str, ...]
    min_age_months: int | None
    who: str
    source: str
    status: Status


@dataclass(frozen=True)
class SideEffect:
    name: str
    frequency: str
    source: str
    status: Status
    common: bool = True


@dataclass(frozen=True)
class TrialResult:
    trial: str
    registry_id: str
    background: Literal["monotherapy", "with_topicals"]
    population: str
    regimen: str
    n_drug: int | None
    n_placebo: int | None
    iga01_drug: Decimal | None
    iga01_placebo: Decimal | None
    easi75_drug: Decimal | None
    easi75_placebo: Decimal | None
    source: str
    status: Status
    note: str = ""


@dataclass(frozen=True)
class Drug:
    id: str
    inn: str
    names: Mapping[str, str]
    target: Fact
    mechanism: str
    antibody: Fact | None
    atc: Fact
    indications: Mapping[str, Fact]
    approved_ages: Mapping[str, Fact]
    label_dates: Mapping[str, str]
    regimens: tuple[Regimen, ...]
    presentations: tuple[Presentation, ...]
    sites: SiteRules
    storage: Mapping[str, StorageRule]
    missed_doses: tuple[MissedDoseRule, ...]
    side_effects: tuple[SideEffect, ...]
    warnings: tuple[Fact, ...]
    pregnancy: tuple[Fact, ...]
    trials: tuple[TrialResult, ...]
    sources: Mapping[str, Source]
    topicals: Fact | None = None
    unconfirmed: tuple[str, ...] = field(default=())
    """Free-text list of label facts still to check (shown in docs, never as fact)."""

    def regimens_for(self, region: str) -> tuple[Regimen, ...]:
        return tuple(r for r in self.regimens if r.region == region)

    def summary(self) -> dict[str, Any]:
        """The JSON summary printed by ``calmskin drugs``."""
        return {
            "id": self.id,
            "inn": self.inn,
            "names": dict(self.names),
            "target": self.target.value,
            "atc": self.atc.value if self.atc.is_fact else None,
            "atc_status": self.atc.status,
            "regions": sorted({r.region for r in self.regimens}),
            "label_dates": dict(self.label_dates),
        }


# --------------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------------


class _Reader:
    """Typed access to one TOML table with errors naming ``file: key.path``."""

    def __init__(self, data: Mapping[str, Any], where: str, sources: Mapping[str, Source]):
        self.data = data
        self.where = where
        self.sources = sources

    def fail(self, key: str, message: str) -> CatalogError:
        return CatalogError(f"{self.where}.{key}: {message}")

    def child(self, key: str, data: Mapping[str, Any]) -> _Reader:
        return _Reader(data, f"{self.where}.{key}", self.sources)

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
        if key not in self.data:
            if default is ...:
                raise self.fail(key, "is required")
            return default
        value = self.data[key]
        if isinstance(value, bool) and kind is not bool:
            raise self.fail(key, f"must be {kind}, not a boolean")
        if not isinstance(value, kind):
            raise self.fail(key, f"must be {kind}, not {type(value).__name__}")
        return value

    def text(self, key: str, default: Any = ...) -> Any:
        return self.get(key, str, default)

    def integer(self, key: str, default: Any = ...) -> Any:
        return self.get(key, int, default)

    def decimal(self, key: str, default: Any = ...) -> Decimal | None:
        value = self.get(key, (int, float, str), default)
        return None if value is None else Decimal(str(value))

    def texts(self, key: str) -> tuple[str, ...]:
        values = self.get(key, list, [])
        if not all(isinstance(v, str) for v in values):
            raise self.fail(key, "must be a list of strings")
        return tuple(values)

    def source(self, key: str = "source") -> str:
        source_id = self.text(key)
        if source_id not in self.sources:
            raise self.fail(key, f"unknown source {source_id!r} (add it under [sources])")
        return str(source_id)

    def status(self, key: str = "status") -> Status:
        value = self.text(key)
        if value not in STATUSES:
            raise self.fail(key, f"must be one of {', '.join(STATUSES)}")
        return cast(Status, value)

    def fact(self, key: str, default: Any = ...) -> Fact | None:
        if key not in self.data and default is not ...:
            return cast("Fact | None", default)
        table = self.child(key, self.get(key, dict))
        return Fact(
            table.data.get("value"),
            table.source(),
            table.status(),
            table.text("note", ""),
        )

    def facts(self, key: str) -> tuple[Fact, ...]:
        out = []
        for i, item in enumerate(self.get(key, list, [])):
            table = self.child(f"{key}[{i}]", item)
            out.append(
                Fact(item.get("value"), table.source(), table.status(), table.text("note", ""))
            )
        return tuple(out)

    def tables(self, key: str) -> Iterator[_Reader]:
        for i, item in enumerate(self.get(key, list, [])):
            if not isinstance(item, dict):
                raise self.fail(f"{key}[{i}]", "must be a table")
            yield self.child(f"{key}[{i}]", item)


def _basics(s: _Reader) -> Fact | None:
    """``basics = { value = [sentences], source = ..., status = ... }`` of a storage table."""
    fact = s.fact("basics", None)
    if fact is not None and (
        not isinstance(fact.value, list)
        or not fact.value
        or not all(isinstance(v, str) and v.strip() for v in fact.value)
    ):
        raise s.fail("basics.value", "must be a non-empty list of sentences")
    return fact


def _dose(r: _Reader) -> Dose:
    dose = Dose(
        r.integer("day"), r.integer("dose_mg"), r.integer("injections"), r.integer("injection_mg")
    )
    if dose.injections * dose.injection_mg != dose.dose_mg:
        raise r.fail("injections", "injections x injection_mg must equal dose_mg")
    return dose


def _option(r: _Reader) -> RegimenOption:
    kind = r.text("kind")
    if kind not in ("step_down", "step_up"):
        raise r.fail("kind", "must be step_down or step_up")
    injections, injection_mg = r.integer("injections", 1), r.integer("injection_mg", 0)
    if injection_mg and injections * injection_mg != r.integer("dose_mg"):
        raise r.fail("injections", "injections x injection_mg must equal dose_mg")
    return RegimenOption(
        id=r.text("id"),
        kind=kind,
        dose_mg=r.integer("dose_mg"),
        interval_days=r.integer("interval_days"),
        earliest_day=r.integer("earliest_day", None),
        conditions=r.texts("conditions"),
        source=r.source(),
        status=r.status(),
        injections=injections,
        injection_mg=injection_mg,
        weight_min_kg=r.decimal("weight_min_kg", None),
        weight_max_kg=r.decimal("weight_max_kg", None),
        advisory=r.text("advisory", ""),
    )


def _regimen(r: _Reader) -> Regimen:
    region = r.text("region")
    if region not in REGIONS:
        raise r.fail("region", f"must be one of {', '.join(REGIONS)}")
    m = r.child("maintenance", r.get("maintenance", dict))
    maintenance = Maintenance(
        m.integer("dose_mg"),
        m.integer("interval_days"),
        m.integer("first_day"),
        m.integer("injections"),
        m.integer("injection_mg"),
    )
    if maintenance.injections * maintenance.injection_mg != maintenance.dose_mg:
        raise m.fail("injections", "injections x injection_mg must equal dose_mg")
    loading_sites = r.text("loading_sites", "different")
    if loading_sites not in ("different", "different-same-area"):
        raise r.fail("loading_sites", "must be different or different-same-area")
    return Regimen(
        id=r.text("id"),
        region=region,
        population=r.text("population"),
        age_min_months=r.integer("age_min_months"),
        age_max_months=r.integer("age_max_months", None),
        weight_min_kg=r.decimal("weight_min_kg", None),
        weight_max_kg=r.decimal("weight_max_kg", None),
        loading=tuple(_dose(d) for d in r.tables("loading")),
        maintenance=maintenance,
        options=tuple(_option(o) for o in r.tables("options")),
        source=r.source(),
        status=r.status(),
        notes=r.texts("notes"),
        loading_sites=loading_sites,
    )


def _check_bands(where: str, regimens: tuple[Regimen, ...]) -> None:
    """Regimen and option ids are unique, and no two regimens of one region may cover the same age
    and weight; errors name the file (``where``)."""
    ids = [r.id for r in regimens] + [o.id for r in regimens for o in r.options]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise CatalogError(f"{where}.regimens: id {repeated[0]!r} is used more than once")
    probes_age = sorted(
        {r.age_min_months for r in regimens} | {r.age_max_months or 0 for r in regimens}
    )
    probes_weight = sorted(
        {r.weight_min_kg for r in regimens if r.weight_min_kg is not None}
        | {r.weight_max_kg for r in regimens if r.weight_max_kg is not None}
        | {Decimal(0), Decimal(500)}
    )
    for region in REGIONS:
        in_region = [r for r in regimens if r.region == region]
        for age in probes_age:
            for weight in probes_weight:
                hits = [r.id for r in in_region if r.covers(age, weight)]
                if len(hits) > 1:
                    raise CatalogError(
                        f"{where}.regimens: {', '.join(hits)} overlap at {age} months, {weight} kg"
                    )


def parse_drug(data: Mapping[str, Any], where: str) -> Drug:
    """Build a :class:`Drug` from a parsed TOML document, validating every rule."""
    raw_sources = data.get("sources", {})
    if not isinstance(raw_sources, dict) or not raw_sources:
        raise CatalogError(f"{where}.sources: at least one source is required")
    sources = {}
    for key, table in raw_sources.items():
        s = _Reader(table, f"{where}.sources.{key}", {})
        sources[key] = Source(
            key,
            s.text("title"),
            s.text("date"),
            s.text("note", ""),
            s.text("plain", ""),
            s.text("plain_date", ""),
        )
    r = _Reader(data, where, sources)

    sites = r.child("sites", r.get("sites", dict))
    storage = {}
    for region, table in r.get("storage", dict).items():
        s = r.child(f"storage.{region}", table)
        storage[region] = StorageRule(
            region,
            s.fact("max_temp_c", None),
            s.fact("max_days", None),
            bool(s.get("back_in_fridge", bool, False)),
            s.texts("rules"),
            s.source(),
            s.status(),
            _basics(s),
        )
    missed = []
    for m in r.tables("missed_doses"):
        within, beyond = m.text("within"), m.text("beyond")
        for key, action in (("within", within), ("beyond", beyond)):
            if action not in MISSED_ACTIONS:
                raise m.fail(key, f"must be one of {', '.join(MISSED_ACTIONS)}")
        missed.append(
            MissedDoseRule(
                m.integer("interval_days", None),
                m.integer("late_days_max", None),
                within,
                beyond,
                m.text("rule"),
                m.source(),
                m.status(),
                m.texts("notes"),
            )
        )
    regimens = tuple(_regimen(x) for x in r.tables("regimens"))
    drug = Drug(
        id=r.text("id"),
        inn=r.text("inn"),
        names=r.get("names", dict),
        target=cast(Fact, r.fact("target")),
        mechanism=r.text("mechanism"),
        antibody=r.fact("antibody", None),
        atc=cast(Fact, r.fact("atc")),
        indications={
            k: cast(Fact, r.child("indications", r.get("indications", dict)).fact(k))
            for k in r.get("indications", dict)
        },
        approved_ages={
            k: cast(Fact, r.child("approved_ages", r.get("approved_ages", dict)).fact(k))
            for k in r.get("approved_ages", dict)
        },
        label_dates=r.get("label_dates", dict),
        regimens=regimens,
        presentations=tuple(
            Presentation(
                p.text("id"),
                p.text("kind"),
                p.integer("strength_mg"),
                p.decimal("volume_ml", None),
                p.texts("regions"),
                p.integer("min_age_months", None),
                p.text("who", ""),
                p.source(),
                p.status(),
            )
            for p in r.tables("presentations")
        ),
        sites=SiteRules(
            sites.texts("areas"),
            sites.texts("caregiver_only"),
            sites.decimal("navel_margin_cm") or Decimal(0),
            sites.texts("text"),
            sites.source(),
            sites.status(),
        ),
        storage=storage,
        missed_doses=tuple(missed),
        side_effects=tuple(
            SideEffect(
                e.text("name"),
                e.text("frequency", ""),
                e.source(),
                e.status(),
                bool(e.get("common", bool, True)),
            )
            for e in r.tables("side_effects")
        ),
        warnings=r.facts("warnings"),
        pregnancy=r.facts("pregnancy"),
        trials=tuple(
            TrialResult(
                t.text("trial"),
                t.text("registry_id", ""),
                t.text("background"),
                t.text("population"),
                t.text("regimen"),
                t.integer("n_drug", None),
                t.integer("n_placebo", None),
                t.decimal("iga01_drug", None),
                t.decimal("iga01_placebo", None),
                t.decimal("easi75_drug", None),
                t.decimal("easi75_placebo", None),
                t.source(),
                t.status(),
                t.text("note", ""),
            )
            for t in r.tables("trials")
        ),
        sources=sources,
        topicals=r.fact("topicals", None),
        unconfirmed=r.texts("unconfirmed"),
    )
    for t in drug.trials:
        if t.background not in ("monotherapy", "with_topicals"):
            raise CatalogError(
                f"{where}: trial {t.trial}: background must be monotherapy or with_topicals"
            )
    _check_bands(where, regimens)
    return drug


DRUG_IDS = ("dupilumab", "tralokinumab", "lebrikizumab", "nemolizumab")


@cache
def load_drug(drug_id: str) -> Drug:
    """One drug from the packaged data file ``therapy/data/<id>.toml``."""
    if drug_id not in DRUG_IDS:
        raise KeyError(drug_id)
    text = (
        resources.files("calmskin.core.therapy").joinpath(f"data/{drug_id}.toml").read_text("utf-8")
    )
    return parse_drug(tomllib.loads(text), f"{drug_id}.toml")


def all_drugs() -> tuple[Drug, ...]:
    return tuple(load_drug(d) for d in DRUG_IDS)
