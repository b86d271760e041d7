"""Shared building blocks for every scoring instrument.

An instrument is described once, declaratively: its input fields (from which both validation and the
JSON schema of the registry are derived), its band sets, its change rules and a ``score`` function.
Everything here is pure: no I/O, no Django, exact :class:`~decimal.Decimal` arithmetic.

Conventions
-----------
* Bad input raises :class:`InputError`, whose ``field`` is a dotted path (``regions.trunk.edema``) and
  whose message names the allowed values. Nothing is ever half-scored.
* A questionnaire that cannot be scored under its authors' missing-item rule is *not* an error: the
  result has ``score=None`` and a ``reason``.
* Bands are half-open intervals on the exact score; the band set used is always reported.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, TypeAlias

from calmskin.core.errors import InputError as InputError  # re-exported for the instruments

Number: TypeAlias = Decimal
Json: TypeAlias = Any


# --------------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------------


def to_decimal(value: object, field: str) -> Decimal:
    """Read a JSON number (int, Decimal, float or a numeric string) as an exact Decimal.

    Floats are converted through ``repr`` so ``21.4`` becomes ``Decimal("21.4")``, never the binary
    approximation. Booleans, NaN and infinities are refused.
    """
    if isinstance(value, bool):
        raise InputError(field, f"must be a number, not {json_repr(value)}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise InputError(field, f"must be a finite number, not {value}")
        result = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise InputError(field, f"must be a number, not {json_repr(value)}") from None
    else:
        raise InputError(field, f"must be a number, not {json_repr(value)}")
    if not result.is_finite():
        raise InputError(field, f"must be a finite number, not {json_repr(value)}")
    return result


def json_repr(value: object) -> str:
    """Short, JSON-like rendering of a value for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"' if len(value) <= 40 else f'"{value[:37]}..."'
    if isinstance(value, int) and value.bit_length() > 1000:
        return "a very large integer"  # str() refuses ints over 4300 digits
    if isinstance(value, Decimal | int | float):
        return str(value)
    return type(value).__name__


def decimal_places(value: Decimal) -> int:
    """Decimal places of a finite Decimal, ignoring trailing zeros (``1.50`` -> 1, ``1E+2`` -> 0).

    Read from the digits rather than through ``normalize()``, which raises ``Overflow`` on a huge
    exponent (``"1e999999999"``) and rounds a tiny value such as ``"1e-999999999"`` to zero.
    """
    _, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):
        return 0
    significant = len(digits)
    while significant and digits[significant - 1] == 0:
        significant -= 1
    if significant == 0:
        return 0
    return max(0, -(exponent + len(digits) - significant))


def fmt(value: Decimal) -> str:
    """Canonical string form of an exact score: no exponent, no trailing zeros (``7.05``, ``72``)."""
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    text = format(value.normalize(), "f")
    return text


# --------------------------------------------------------------------------------------------------
# Field specifications: validation and JSON schema from one declaration
# --------------------------------------------------------------------------------------------------


class Spec:
    """A field specification: ``parse`` validates and normalises; ``schema`` describes it."""

    description: str = ""

    def parse(self, value: object, field: str) -> Any:
        raise NotImplementedError

    def schema(self) -> dict[str, Json]:
        raise NotImplementedError

    def allowed(self) -> str:
        raise NotImplementedError


@dataclass(frozen=True)
class Choice(Spec):
    """One of a fixed set of values; numbers compare exactly (``1.5`` and ``"1.5"`` are the same)."""

    values: tuple[Decimal | int | str, ...]
    description: str = ""
    _numbers: dict[Decimal, Decimal] = field(init=False, repr=False, compare=False)
    _strings: frozenset[str] = field(init=False, repr=False, compare=False)

    def allowed(self) -> str:
        return ", ".join(json_repr(v) for v in self.values)

    def __post_init__(self) -> None:
        # Numerically equal Decimals hash alike, so one lookup replaces a scan of the candidates.
        numbers = {Decimal(v): Decimal(v) for v in self.values if not isinstance(v, str)}
        object.__setattr__(self, "_numbers", numbers)
        object.__setattr__(
            self, "_strings", frozenset(v for v in self.values if isinstance(v, str))
        )

    def parse(self, value: object, field: str) -> Any:
        strings, numbers = self._strings, self._numbers
        if isinstance(value, str) and value in strings:
            return value
        if (
            numbers
            and not isinstance(value, bool)
            and isinstance(value, int | float | Decimal | str)
        ):
            try:
                match = numbers.get(to_decimal(value, field))
            except InputError:
                match = None
            if match is not None:
                return match
        raise InputError(field, f"must be one of {self.allowed()} (got {json_repr(value)})")

    def schema(self) -> dict[str, Json]:
        out: dict[str, Json] = {
            "enum": [v if isinstance(v, str) else _json_number(Decimal(v)) for v in self.values]
        }
        if self.description:
            out["description"] = self.description
        return out


def int_choice(lo: int, hi: int, description: str = "") -> Choice:
    """Whole numbers from ``lo`` to ``hi`` inclusive."""
    return Choice(tuple(range(lo, hi + 1)), description)


@dataclass(frozen=True)
class DecimalRange(Spec):
    """A number in ``[lo, hi]`` with at most ``places`` decimal places (0 = whole numbers)."""

    lo: Decimal
    hi: Decimal
    places: int = 0
    description: str = ""

    def allowed(self) -> str:
        kind = (
            "a whole number" if self.places == 0 else f"a number with at most {self.places} decimal"
        )
        if self.places > 1:
            kind += "s"
        return f"{kind} from {fmt(self.lo)} to {fmt(self.hi)}"

    def parse(self, value: object, field: str) -> Decimal:
        number = to_decimal(value, field)
        if decimal_places(number) > self.places or not (self.lo <= number <= self.hi):
            raise InputError(field, f"must be {self.allowed()} (got {json_repr(value)})")
        return number

    def schema(self) -> dict[str, Json]:
        out: dict[str, Json] = {
            "type": "integer" if self.places == 0 else "number",
            "minimum": _json_number(self.lo),
            "maximum": _json_number(self.hi),
        }
        if self.places:
            out["multipleOf"] = float(Decimal(1).scaleb(-self.places))
        if self.description:
            out["description"] = self.description
        return out


@dataclass(frozen=True)
class Obj(Spec):
    """A JSON object with named fields.

    ``required`` fields must be present and non-null. ``optional`` fields may be absent or null (a
    missing questionnaire answer) and come back as ``None``. Unknown keys are refused so a typo never
    silently drops an answer.
    """

    required: Mapping[str, Spec] = field(default_factory=dict)
    optional: Mapping[str, Spec] = field(default_factory=dict)
    description: str = ""

    def allowed(self) -> str:
        return "an object"

    def parse(self, value: object, field: str) -> dict[str, Any]:
        if not isinstance(value, Mapping):
            raise InputError(field, f"must be an object, not {json_repr(value)}")
        known = {**self.required, **self.optional}
        for key in value:
            if key not in known:
                names = ", ".join(known)
                raise InputError(join(field, str(key)), f"is not a known field (expected {names})")
        out: dict[str, Any] = {}
        for key, spec in self.required.items():
            if value.get(key) is None:
                raise InputError(join(field, key), f"is required: {spec.allowed()}")
            out[key] = spec.parse(value[key], join(field, key))
        for key, spec in self.optional.items():
            raw = value.get(key)
            out[key] = None if raw is None else spec.parse(raw, join(field, key))
        return out

    def schema(self) -> dict[str, Json]:
        properties: dict[str, Json] = {k: s.schema() for k, s in self.required.items()}
        for key, spec in self.optional.items():
            properties[key] = {"anyOf": [spec.schema(), {"type": "null"}]}
        out: dict[str, Json] = {
            "type": "object",
            "properties": properties,
            "required": list(self.required),
            "additionalProperties": False,
        }
        if self.description:
            out["description"] = self.description
        return out


def join(parent: str, key: str) -> str:
    """Dotted field path."""
    return f"{parent}.{key}" if parent else key


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


# --------------------------------------------------------------------------------------------------
# Bands
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    """One severity band: scores ``x`` with ``lower < x <= upper`` (or ``>=``/``<`` as flagged).

    ``None`` bounds are open. ``id`` is the band name in lowercase snake_case.
    """

    id: str
    label: str
    lower: Decimal | None
    upper: Decimal | None
    lower_inclusive: bool = True
    upper_inclusive: bool = False

    def contains(self, value: Decimal) -> bool:
        if self.lower is not None and (
            value < self.lower or (value == self.lower and not self.lower_inclusive)
        ):
            return False
        return not (
            self.upper is not None
            and (value > self.upper or (value == self.upper and not self.upper_inclusive))
        )


@dataclass(frozen=True)
class BandSet:
    """A named set of bands from one source, covering the instrument's whole range without gaps."""

    id: str
    name: str
    source: str
    bands: tuple[Band, ...]
    note: str = ""

    def classify(self, value: Decimal) -> Band:
        for band in self.bands:
            if band.contains(value):
                return band
        raise ValueError(f"{value} is outside band set {self.id}")  # a bug, not bad input


def bands_from_lower_edges(
    edges: Sequence[tuple[str, str, Decimal | int | str]],
) -> tuple[Band, ...]:
    """Build contiguous bands ``[edge_i, edge_{i+1})`` from (id, label, inclusive lower edge) rows."""
    out = []
    for i, (band_id, label, lower) in enumerate(edges):
        upper = Decimal(edges[i + 1][2]) if i + 1 < len(edges) else None
        out.append(Band(band_id, label, Decimal(lower), upper, True, False))
    return tuple(out)


def bands_from_upper_edges(
    edges: Sequence[tuple[str, str, Decimal | int | str | None]],
    first_lower: Decimal | int = 0,
    first_inclusive: bool = True,
) -> tuple[Band, ...]:
    """Build contiguous bands ``(edge_{i-1}, edge_i]`` from (id, label, inclusive upper edge) rows.

    The first band starts at ``first_lower`` (inclusive unless ``first_inclusive`` is false); a
    ``None`` upper edge is open.
    """
    out = []
    lower: Decimal | None = Decimal(first_lower)
    for i, (band_id, label, upper) in enumerate(edges):
        up = None if upper is None else Decimal(upper)
        out.append(Band(band_id, label, lower, up, i == 0 and first_inclusive, True))
        lower = up
    return tuple(out)


# --------------------------------------------------------------------------------------------------
# Change rules
# --------------------------------------------------------------------------------------------------

ChangeKind = Literal["percent_fall", "absolute_fall", "absolute_rise"]


@dataclass(frozen=True)
class ChangeRule:
    """A responder or meaningful-change threshold.

    * ``percent_fall``: ``(baseline - current) / baseline * 100 >= threshold`` (EASI-75, SCORAD-50).
    * ``absolute_fall``: ``baseline - current >= threshold`` (POEM 4 points, DLQI 4 points).
    * ``absolute_rise``: ``current - baseline >= threshold`` (ADCT worsening).

    ``min_baseline``: below it the rule is *not evaluable* (e.g. a 4-point itch fall needs a baseline
    of at least 4). ``final_at_most``: the current score must also be at or below this value
    (vIGA-AD success: 0 or 1 and a fall of at least 2 grades).
    """

    id: str
    kind: ChangeKind
    threshold: Decimal
    source: str
    min_baseline: Decimal | None = None
    final_at_most: Decimal | None = None
    note: str = ""


# --------------------------------------------------------------------------------------------------
# Results and instruments
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreResult:
    """The outcome of scoring one record.

    ``score`` is ``None`` when the authors' rules say the record cannot be scored; ``reason`` then
    says why. ``details`` carries instrument-specific extras (``objective_score``, subscales, notes on
    missing items, which rule was applied) and is copied into the JSON output.
    """

    instrument: str
    score: Decimal | None
    band: str | None = None
    band_label: str | None = None
    band_set: str | None = None
    reason: str | None = None
    details: Mapping[str, Json] = field(default_factory=dict)

    @property
    def scorable(self) -> bool:
        return self.score is not None

    def to_json(self) -> dict[str, Json]:
        """JSON-ready dict: exact decimals become strings (``"7.05"``)."""
        out: dict[str, Json] = {
            "instrument": self.instrument,
            "score": None if self.score is None else fmt(self.score),
        }
        if self.score is None:
            out["reason"] = self.reason
        if self.band_set is not None:
            out["band"] = self.band
            out["band_label"] = self.band_label
            out["band_set"] = self.band_set
        for key, value in self.details.items():
            out[key] = jsonable(value)
        return out


def jsonable(value: Json) -> Json:
    """Recursively turn Decimals into canonical strings for JSON output."""
    if isinstance(value, Decimal):
        return fmt(value)
    if isinstance(value, Mapping):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


ScoreFn: TypeAlias = Callable[[Mapping[str, Any]], ScoreResult]


@dataclass(frozen=True)
class Instrument:
    """Everything the registry, the CLI and the web need to know about one instrument.

    ``score_fn`` receives the *validated* input (the output of ``input_spec.parse``) and must not
    raise for valid input. ``validate`` hooks cross-field rules that a field spec cannot express.
    """

    id: str
    name: str
    reported_by: str
    recall: str
    score_min: Decimal
    score_max: Decimal
    input_spec: Obj
    score_fn: ScoreFn
    band_sets: Mapping[str, BandSet] = field(default_factory=dict)
    default_band_set: str | None = None
    change_rules: tuple[ChangeRule, ...] = ()
    sources: tuple[str, ...] = ()
    validate: Callable[[Mapping[str, Any]], None] | None = None
    licensed_wording: bool = False
    notes: tuple[str, ...] = ()
    change_interpretation: BandSet | None = None

    def parse(self, data: object) -> dict[str, Any]:
        """Validate raw JSON input; raise :class:`InputError` naming the field."""
        parsed = self.input_spec.parse(data, "")
        if self.band_sets:
            band_set = parsed.get("band_set")
            if band_set is not None and band_set not in self.band_sets:
                allowed = ", ".join(json_repr(b) for b in self.band_sets)
                raise InputError(
                    "band_set", f"must be one of {allowed} (got {json_repr(band_set)})"
                )
        if self.validate is not None:
            self.validate(parsed)
        return parsed

    def score(self, data: object) -> ScoreResult:
        """Validate and score one raw record."""
        return self.score_fn(self.parse(data))

    def band_set_for(self, parsed: Mapping[str, Any]) -> BandSet:
        """The band set requested in the input, or the default."""
        if not self.band_sets or self.default_band_set is None:
            raise ValueError(f"{self.id} has no band sets")
        return self.band_sets[parsed.get("band_set") or self.default_band_set]

    def banded(
        self,
        score: Decimal,
        parsed: Mapping[str, Any],
        details: Mapping[str, Json] | None = None,
    ) -> ScoreResult:
        """A scored result with its band from the requested (or default) band set."""
        details = dict(details or {})
        if not self.band_sets:
            return ScoreResult(self.id, score, details=details)
        band_set = self.band_set_for(parsed)
        band = band_set.classify(score)
        return ScoreResult(self.id, score, band.id, band.label, band_set.id, details=details)

    def not_scorable(self, reason: str, details: Mapping[str, Json] | None = None) -> ScoreResult:
        return ScoreResult(self.id, None, reason=reason, details=dict(details or {}))

    def describe(self) -> dict[str, Json]:
        """Registry entry: identity, range, input schema, band sets and change rules, as JSON."""
        return {
            "id": self.id,
            "name": self.name,
            "reported_by": self.reported_by,
            "recall": self.recall,
            "range": [fmt(self.score_min), fmt(self.score_max)],
            "input_schema": self.input_spec.schema(),
            "band_sets": {
                bs.id: {
                    "name": bs.name,
                    "source": bs.source,
                    "default": bs.id == self.default_band_set,
                    "bands": [
                        {
                            "id": b.id,
                            "label": b.label,
                            "lower": None if b.lower is None else fmt(b.lower),
                            "lower_inclusive": b.lower_inclusive,
                            "upper": None if b.upper is None else fmt(b.upper),
                            "upper_inclusive": b.upper_inclusive,
                        }
                        for b in bs.bands
                    ],
                }
                for bs in self.band_sets.values()
            },
            "change_rules": [
                {
                    "id": r.id,
                    "kind": r.kind,
                    "threshold": fmt(r.threshold),
                    "min_baseline": None if r.min_baseline is None else fmt(r.min_baseline),
                    "final_at_most": None if r.final_at_most is None else fmt(r.final_at_most),
                    "source": r.source,
                }
                for r in self.change_rules
            ],
            "licensed_wording": self.licensed_wording,
            "sources": list(self.sources),
            "notes": list(self.notes),
        }


def band_set_field(band_sets: Mapping[str, BandSet]) -> Choice:
    """The optional ``band_set`` input field of an instrument with several band sets."""
    return Choice(tuple(band_sets), "which published band set to apply")


def count_missing(answers: Mapping[str, Any], keys: Sequence[str]) -> list[str]:
    """Keys whose answer is absent or null."""
    return [k for k in keys if answers.get(k) is None]
