"""Side effects of the biologics: the kinds a person can log and what each label says about them.

The facts live in ``data/side_effects.toml`` (loaded and validated when this module is imported).
For every drug in the catalog and every kind there is at least one *statement*: either what a
source lists (with the drug-vs-placebo rates or the EU frequency band where it gives them), or that
the source we read does not list it ("not in our sources"). *Advice* says, in plain words, when the
label wants the care team told, and how urgently.

Sources, checked against the team reference (shared/reference/biologics.md) and, for this module,
the EU package leaflets it names as S23 (read in full):

* Dupilumab, US prescribing information Table 3 (reference section 2.6, confirmed), adults on
  dupilumab alone for 16 weeks (529 vs 517 on placebo) and with topical steroids to week 52
  (CHRONOS, 110 vs 315): conjunctivitis 10% vs 2% and 9% vs 5%; injection-site reactions 10% vs 5%
  and 10% vs 6%; oral herpes 4% vs 2% and 3% vs 2%; eye itching 1% vs <1% and 2% vs 1%;
  blepharitis <1% vs <1% and 5% vs 1%; keratitis <1% vs 0 and 4% vs 0; dry eye <1% vs 0 and 2% vs
  <1%. EU package leaflet (2023 copy, secondary): eye redness and itching, eye infection, cold sores,
  injection-site reactions and joint pain common (up to 1 in 10); keratitis, eye dryness, eyelid
  inflammation and facial rash or redness uncommon (up to 1 in 100); talk to the doctor about new or
  worse eye problems, including eye pain or changes in vision; stop and get help at once for signs
  of an allergic reaction, whose signs include joint pain with fever or rash. US warnings as
  reproduced on the HCP site (secondary): blurred vision with conjunctivitis or keratitis, and an
  eye examination for conjunctivitis that does not settle or for signs of keratitis.
  Facial redness is not in the US trial table; a 2022 review (Muzumdar, Am J Clin Dermatol)
  estimates it at 4% to 43.8% of users, shown as a published estimate, never as a label figure.
* Tralokinumab (section 3.3): US most common (1% or more) include conjunctivitis and injection-site
  reactions, percentages not read; pooled trials 7.5% vs 3.2% conjunctivitis and ECZTRA 1 registry
  4.0% vs 0% injection-site reactions (trial figures, marked as such). EU leaflet (secondary): eye
  redness and itching, eye infection, injection-site reactions common; eye inflammation with pain or
  poorer vision uncommon. No dry eye, cold sores, facial redness or joint pain in our sources.
* Lebrikizumab (section 4.3): US most common conjunctivitis, injection-site reactions, shingles
  (percentages not read). EU leaflet (secondary): conjunctivitis, allergic conjunctivitis, eye
  dryness, injection-site reactions common; shingles, keratitis, blepharitis uncommon. No cold
  sores, facial redness or joint pain in our sources.
* Nemolizumab (section 5.3, secondary): most common headache, joint pain, hives, muscle pain
  (percentages not read); EU SmPC 4.4: stop at once for a systemic allergic reaction. No eye
  problems, injection-site reactions, cold sores or facial redness in our sources.

Eye warning signs, all four medicines: eye pain, a change in vision or sensitivity to light need
same-day care (eye service, GP or prescriber), and new or worse eye symptoms are told to the care
team; shown with every eye kind (``urgency = "same-day"``). Sources: the team's safety-content
review (shared/reference/safety-content.md, checked 2026-12: conjunctivitis and keratitis are
labelled, red-flag eye symptoms need same-day assessment) and the NHS conjunctivitis page (pain,
light sensitivity or changed vision: see a GP urgently or go to A&E). Nemolizumab's label has no eye
warning; the advice is general, not a label sentence, and says so in its note.

Changes from the safety-content review (2026-12): dupilumab EU injection-site reactions are "very
common" (EU SmPC 4.8), not "common" as in the 2023 leaflet copy; the US warning on joint pain
(arthralgia) was read, so the statement and the "tell" advice are confirmed.

Statements and advice with status ``unconfirmed`` are stored so the gap is visible and are never
returned as fact (:attr:`LabelInfo.shown`, :attr:`LabelInfo.advice_shown`).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal, TypeAlias, cast

from calmskin.core.therapy._lookup import cite
from calmskin.core.therapy.catalog import (
    DRUG_IDS,
    STATUSES,
    CatalogError,
    Source,
    Status,
    load_drug,
)

Group: TypeAlias = Literal["eyes", "skin", "joints", "other"]
Basis: TypeAlias = Literal["label", "trial", "review"]
Band: TypeAlias = Literal["very-common", "common", "uncommon", "rare", "most-common"]
Urgency: TypeAlias = Literal["emergency", "same-day", "promptly", "tell"]

KINDS: tuple[str, ...] = (
    "eye-red",
    "eye-itchy",
    "eye-dry",
    "eye-pain",
    "vision-change",
    "injection-site",
    "cold-sore",
    "facial-redness",
    "joint-pain",
    "other",
)
"""Every kind a person can log, in the order they are offered."""

GROUPS: dict[Group, tuple[str, ...]] = {
    "eyes": ("eye-red", "eye-itchy", "eye-dry", "eye-pain", "vision-change"),
    "skin": ("injection-site", "cold-sore", "facial-redness"),
    "joints": ("joint-pain",),
    "other": ("other",),
}

KIND_NAMES: dict[str, str] = {
    "eye-red": "red eyes",
    "eye-itchy": "itchy eyes",
    "eye-dry": "dry eyes",
    "eye-pain": "eye pain",
    "vision-change": "change in vision",
    "injection-site": "injection-site reaction",
    "cold-sore": "cold sores",
    "facial-redness": "facial redness",
    "joint-pain": "joint pain",
    "other": "other",
}
"""Plain English names (the web layer has its own translated labels)."""

BASES: tuple[Basis, ...] = ("label", "trial", "review")
BANDS: dict[Band, str] = {
    "very-common": "very common (more than 1 in 10 people)",
    "common": "common (up to 1 in 10 people)",
    "uncommon": "uncommon (up to 1 in 100 people)",
    "rare": "rare (up to 1 in 1,000 people)",
    "most-common": "among the most common side effects",
}
"""The EU frequency categories as the package leaflets define them, and a US "most common" list."""

URGENCIES: tuple[Urgency, ...] = ("emergency", "same-day", "promptly", "tell")
"""Most urgent first: emergency help now; care the same day; contact the care team promptly; tell
the care team."""

REGIONS = ("US", "EU", "")
_PERCENT = re.compile(r"^<?\d+(\.\d+)?%$")
DATA_FILE = "side_effects.toml"


def group_of(kind: str) -> Group:
    """The group (eyes, skin, joints, other) a kind belongs to; ``KeyError`` for an unknown kind."""
    for group, kinds in GROUPS.items():
        if kind in kinds:
            return group
    raise KeyError(kind)


@dataclass(frozen=True)
class Rate:
    """How often, as the source prints it: ``drug`` and ``placebo`` like ``10%`` or ``<1%``."""

    drug: str
    placebo: str
    setting: str


@dataclass(frozen=True)
class Statement:
    """One claim of one source about one drug and one or more kinds."""

    drug: str
    kinds: tuple[str, ...]
    listed: bool
    """``False``: the source was read and does not list it ("not in our sources")."""
    term: str
    rates: tuple[Rate, ...]
    band: Band | None
    basis: Basis
    region: str
    source: Source
    status: Status
    note: str = ""

    @property
    def is_fact(self) -> bool:
        return self.status != "unconfirmed"

    @property
    def band_text(self) -> str:
        return BANDS[self.band] if self.band else ""

    @property
    def citation(self) -> str:
        return cite(self.source)


@dataclass(frozen=True)
class Advice:
    """When to contact the care team, in plain words, for some kinds of one drug."""

    drug: str
    kinds: tuple[str, ...]
    urgency: Urgency
    text: str
    region: str
    source: Source
    status: Status
    note: str = ""

    @property
    def is_fact(self) -> bool:
        return self.status != "unconfirmed"

    @property
    def applies_to_all(self) -> bool:
        """Written for every kind (``kinds = ["all"]``), like the serious-allergy warning."""
        return set(self.kinds) == set(KINDS)

    @property
    def citation(self) -> str:
        return cite(self.source)


@dataclass(frozen=True)
class LabelInfo:
    """Everything stored for one drug and one kind."""

    drug: str
    kind: str
    statements: tuple[Statement, ...]
    advice: tuple[Advice, ...]

    @property
    def shown(self) -> tuple[Statement, ...]:
        """Statements that may be shown as fact (unconfirmed ones left out)."""
        return tuple(s for s in self.statements if s.is_fact)

    @property
    def listed(self) -> tuple[Statement, ...]:
        """Shown statements where the source lists this kind."""
        return tuple(s for s in self.shown if s.listed)

    @property
    def in_label(self) -> bool:
        """True when at least one label source (not a trial or review) lists this kind."""
        return any(s.basis == "label" for s in self.listed)

    @property
    def not_listed(self) -> tuple[Statement, ...]:
        """Shown statements saying that a source does not list this kind."""
        return tuple(s for s in self.shown if not s.listed)

    @property
    def gaps(self) -> tuple[Statement | Advice, ...]:
        """Stored but unconfirmed: listed as gaps only, never as fact."""
        return tuple(s for s in self.statements if not s.is_fact) + tuple(
            a for a in self.advice if not a.is_fact
        )

    @property
    def advice_shown(self) -> tuple[Advice, ...]:
        """Confirmed or secondary advice for this kind, most urgent first (file order within an
        urgency); the advice that applies to every kind is in :attr:`general_advice`."""
        shown = [a for a in self.advice if a.is_fact and not a.applies_to_all]
        return tuple(sorted(shown, key=lambda a: URGENCIES.index(a.urgency)))

    @property
    def general_advice(self) -> tuple[Advice, ...]:
        """Confirmed or secondary advice for every kind of this drug (the allergy warning)."""
        shown = [a for a in self.advice if a.is_fact and a.applies_to_all]
        return tuple(sorted(shown, key=lambda a: URGENCIES.index(a.urgency)))


@dataclass(frozen=True)
class SideEffectData:
    statements: tuple[Statement, ...]
    advice: tuple[Advice, ...]
    sources: Mapping[str, Source]


# --------------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------------


def _fail(where: str, message: str) -> CatalogError:
    return CatalogError(f"{DATA_FILE}: {where}: {message}")


def _text(table: Mapping[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = table.get(key, default)
    if value is None:
        raise _fail(f"{where}.{key}", "is required")
    if not isinstance(value, str):
        raise _fail(f"{where}.{key}", f"must be text, not {type(value).__name__}")
    return value


def _choice(table: Mapping[str, Any], key: str, where: str, allowed: tuple[str, ...]) -> str:
    value = _text(table, key, where, "" if "" in allowed else None)
    if value not in allowed:
        raise _fail(f"{where}.{key}", f"{value!r} is not one of {', '.join(map(repr, allowed))}")
    return value


def _drug(table: Mapping[str, Any], where: str) -> str:
    return _choice(table, "drug", where, DRUG_IDS)


def _kinds(table: Mapping[str, Any], where: str, allow_all: bool) -> tuple[str, ...]:
    raw = table.get("kinds")
    if not isinstance(raw, list) or not raw or not all(isinstance(k, str) for k in raw):
        raise _fail(f"{where}.kinds", "must be a non-empty list of kind ids")
    if allow_all and raw == ["all"]:
        return KINDS
    unknown = [k for k in raw if k not in KINDS]
    if unknown:
        raise _fail(f"{where}.kinds", f"unknown kind {unknown[0]!r}; known: {', '.join(KINDS)}")
    if len(set(raw)) != len(raw):
        raise _fail(f"{where}.kinds", "a kind is listed twice")
    return tuple(raw)


def _source(table: Mapping[str, Any], where: str, drug: str, own: Mapping[str, Source]) -> Source:
    """A source id from this file's ``[sources]`` or, failing that, from the drug's catalog file."""
    source_id = _text(table, "source", where)
    if source_id in own:
        return own[source_id]
    catalog = load_drug(drug).sources
    if source_id in catalog:
        return catalog[source_id]
    raise _fail(
        f"{where}.source",
        f"unknown source {source_id!r} (not under [sources] nor in {drug}.toml)",
    )


def _status(table: Mapping[str, Any], where: str) -> Status:
    return cast(Status, _choice(table, "status", where, STATUSES))


def _rates(table: Mapping[str, Any], where: str) -> tuple[Rate, ...]:
    raw = table.get("rates", [])
    if not isinstance(raw, list):
        raise _fail(f"{where}.rates", "must be a list of tables")
    rates = []
    for i, item in enumerate(raw):
        at = f"{where}.rates[{i}]"
        if not isinstance(item, dict):
            raise _fail(at, "must be a table")
        rate = Rate(_text(item, "drug", at), _text(item, "placebo", at), _text(item, "setting", at))
        for key, value in (("drug", rate.drug), ("placebo", rate.placebo)):
            if not _PERCENT.match(value):
                raise _fail(f"{at}.{key}", f"{value!r} must be a percentage like 10% or <1%")
        rates.append(rate)
    return tuple(rates)


def _statement(table: Mapping[str, Any], where: str, own: Mapping[str, Source]) -> Statement:
    drug = _drug(table, where)
    listed = table.get("listed")
    if not isinstance(listed, bool):
        raise _fail(f"{where}.listed", "must be true or false")
    term = _text(table, "term", where, "")
    rates = _rates(table, where)
    band_raw = table.get("band")
    if band_raw is not None and band_raw not in BANDS:
        raise _fail(f"{where}.band", f"{band_raw!r} is not one of {', '.join(BANDS)}")
    if listed and not term.strip():
        raise _fail(f"{where}.term", "is required when listed = true")
    if not listed and (term or rates or band_raw):
        raise _fail(where, "a statement with listed = false has no term, rates or band")
    if not listed and not _text(table, "note", where, "").strip():
        raise _fail(f"{where}.note", "say what was checked when listed = false")
    return Statement(
        drug=drug,
        kinds=_kinds(table, where, allow_all=False),
        listed=listed,
        term=term,
        rates=rates,
        band=cast("Band | None", band_raw),
        basis=cast(Basis, _choice(table, "basis", where, BASES)),
        region=_choice(table, "region", where, REGIONS),
        source=_source(table, where, drug, own),
        status=_status(table, where),
        note=_text(table, "note", where, ""),
    )


def _advice(table: Mapping[str, Any], where: str, own: Mapping[str, Source]) -> Advice:
    drug = _drug(table, where)
    text = _text(table, "text", where)
    if not text.strip():
        raise _fail(f"{where}.text", "is empty")
    return Advice(
        drug=drug,
        kinds=_kinds(table, where, allow_all=True),
        urgency=cast(Urgency, _choice(table, "urgency", where, URGENCIES)),
        text=text,
        region=_choice(table, "region", where, REGIONS),
        source=_source(table, where, drug, own),
        status=_status(table, where),
        note=_text(table, "note", where, ""),
    )


def _tables(data: Mapping[str, Any], key: str) -> list[tuple[str, Mapping[str, Any]]]:
    raw = data.get(key, [])
    if not isinstance(raw, list):
        raise _fail(key, "must be a list of tables ([[...]])")
    out: list[tuple[str, Mapping[str, Any]]] = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            raise _fail(f"{key}[{i}]", "must be a table")
        out.append((f"{key}[{i}]", item))
    return out


def parse(data: Mapping[str, Any]) -> SideEffectData:
    """Build and validate the side-effect facts from a parsed TOML document.

    Refused (``CatalogError`` naming the key): an unknown drug, kind, status, basis, band, urgency
    or region; a source id found neither under ``[sources]`` nor in the drug's catalog file; a rate
    that is not a percentage; a listed statement without a term; a "not listed" statement with a
    rate or without a note; a drug without a statement for every kind or without emergency advice
    for every kind (a serious allergic reaction is the one warning every label carries).
    """
    raw_sources = data.get("sources", {})
    if not isinstance(raw_sources, dict):
        raise _fail("sources", "must be a table")
    own: dict[str, Source] = {}
    for key, table in raw_sources.items():
        if not isinstance(table, dict):
            raise _fail(f"sources.{key}", "must be a table")
        own[key] = Source(
            key,
            _text(table, "title", f"sources.{key}"),
            _text(table, "date", f"sources.{key}"),
            _text(table, "note", f"sources.{key}", ""),
            _text(table, "plain", f"sources.{key}", ""),
            _text(table, "plain_date", f"sources.{key}", ""),
        )
    statements = tuple(_statement(t, w, own) for w, t in _tables(data, "statements"))
    advice = tuple(_advice(t, w, own) for w, t in _tables(data, "advice"))
    for drug in DRUG_IDS:
        for kind in KINDS:
            if not any(s.drug == drug and kind in s.kinds for s in statements):
                raise _fail("statements", f"{drug} has no statement for {kind!r}")
            if not any(
                a.drug == drug and kind in a.kinds and a.urgency == "emergency" and a.is_fact
                for a in advice
            ):
                raise _fail("advice", f"{drug} has no emergency advice covering {kind!r}")
    return SideEffectData(statements, advice, own)


def load() -> SideEffectData:
    """The packaged ``data/side_effects.toml``, validated."""
    text = resources.files("calmskin.core.therapy").joinpath(f"data/{DATA_FILE}").read_text("utf-8")
    return parse(tomllib.loads(text))


DATA = load()


def label_info(drug_id: str, kind: str) -> LabelInfo:
    """What the stored sources say about ``kind`` for ``drug_id``; ``KeyError`` for unknown ids."""
    if drug_id not in DRUG_IDS:
        raise KeyError(drug_id)
    if kind not in KINDS:
        raise KeyError(kind)
    return LabelInfo(
        drug=drug_id,
        kind=kind,
        statements=tuple(s for s in DATA.statements if s.drug == drug_id and kind in s.kinds),
        advice=tuple(a for a in DATA.advice if a.drug == drug_id and kind in a.kinds),
    )
