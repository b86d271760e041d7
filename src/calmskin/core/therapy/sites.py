"""Injection sites: which sites a drug allows, rotation suggestions and checks of a same-day set.

Facts come from each drug's data file (``[sites]``: allowed ``areas``, ``caregiver_only`` areas,
``navel_margin_cm``, each file citing its source and status) and the regimen's ``loading_sites``:

* dupilumab (shared reference section 2.4, US label, confirmed): thigh or abdomen, except 5 cm
  (2 inches) around the navel; upper arm only when a caregiver injects; rotate sites; the two
  loading injections go at different sites.
* tralokinumab (section 3.2, US label, confirmed): the same areas and navel margin; the loading
  injections all go at different sites *within the same body area*
  (``loading_sites = "different-same-area"``), rotating the body area at each later set.
* lebrikizumab (section 4.2) and nemolizumab (section 5.2): abdomen (not within 2 inches of the
  navel), thigh, upper arm when a caregiver injects (recalled; each data file carries the status).

Site ids divide each area into quarters or halves by the person's own left and right:
``abdomen-upper-left``, ``abdomen-upper-right``, ``abdomen-lower-left``, ``abdomen-lower-right``,
``thigh-left-upper``, ``thigh-left-lower``, ``thigh-right-upper``, ``thigh-right-lower``,
``upper-arm-left``, ``upper-arm-right``.

Documented choices (rotation is CalmSkin's aid to "use a different site each time", not a label
rule):

* :func:`suggest_sites` ranks the allowed sites by, in order: not used in the last
  :data:`RECENT_WINDOW` (4) injections (recently used sites come last, least recent first, so the
  last site is the very last choice); a different body area from the previous injection and from
  sites already picked for the set; least recently used; the other side from the previous
  injection; then the fixed order :data:`ROTATION` (thigh first, then the opposite side of the
  abdomen, ...), so results are deterministic. Four recent injections cover a four-injection
  loading set and leave half of the eight self-injection sites free.
* With no history an adult's loading pair is ``thigh-left-upper`` and ``abdomen-lower-right``:
  different areas and sides.
* ``same_area=True`` (tralokinumab loading): first the body area is chosen (one that differs from
  the last injection's area, least recently used, holding at least ``count`` allowed sites), then
  its sites are ranked as above. An area that cannot hold ``count`` sites is never used; if none
  can, :class:`InputError` on ``count``.
* Sites in the history that are no longer allowed (an upper arm given by a caregiver, now
  self-injecting) are accepted and only count for rotation.
* The navel margin is shown in centimetres and in whole inches (5 cm -> 2 inches, as labels print).
* A drug whose site rules are ``unconfirmed`` in its data file (lebrikizumab and nemolizumab at the
  time of writing: recalled, not read in the label text) still gets sites and suggestions, since the
  areas match the two confirmed labels; :func:`site_guide` then carries ``status`` and a
  ``caution`` asking the person to check the leaflet, for the caller to show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal, TypeAlias

from calmskin.core.errors import InputError
from calmskin.core.therapy._lookup import cite, drug_or_input_error
from calmskin.core.therapy.catalog import Drug, Status

Injector: TypeAlias = Literal["self", "caregiver"]
INJECTORS: tuple[Injector, ...] = ("self", "caregiver")

RECENT_WINDOW = 4
"""Sites used in this many most recent injections are suggested only when nothing else is left."""

AREA_NAMES = {"abdomen": "abdomen", "thigh": "thigh", "upper_arm": "upper arm"}


@dataclass(frozen=True)
class Site:
    id: str
    area: str
    """``abdomen``, ``thigh`` or ``upper_arm`` (the catalog's area names)."""
    side: Literal["left", "right"]
    """The person's own left or right."""
    label: str


def _site(site_id: str, area: str, side: Literal["left", "right"], label: str) -> Site:
    return Site(site_id, area, side, label)


SITES: dict[str, Site] = {
    s.id: s
    for s in (
        _site("abdomen-upper-left", "abdomen", "left", "Abdomen (upper left)"),
        _site("abdomen-upper-right", "abdomen", "right", "Abdomen (upper right)"),
        _site("abdomen-lower-left", "abdomen", "left", "Abdomen (lower left)"),
        _site("abdomen-lower-right", "abdomen", "right", "Abdomen (lower right)"),
        _site("thigh-left-upper", "thigh", "left", "Left thigh (upper)"),
        _site("thigh-left-lower", "thigh", "left", "Left thigh (lower)"),
        _site("thigh-right-upper", "thigh", "right", "Right thigh (upper)"),
        _site("thigh-right-lower", "thigh", "right", "Right thigh (lower)"),
        _site("upper-arm-left", "upper_arm", "left", "Left upper arm"),
        _site("upper-arm-right", "upper_arm", "right", "Right upper arm"),
    )
}
"""Every site id CalmSkin knows, in display order."""

ROTATION: tuple[str, ...] = (
    "thigh-left-upper",
    "abdomen-lower-right",
    "upper-arm-left",
    "thigh-right-upper",
    "abdomen-lower-left",
    "upper-arm-right",
    "thigh-left-lower",
    "abdomen-upper-right",
    "thigh-right-lower",
    "abdomen-upper-left",
)
"""The last tie-break of :func:`suggest_sites`: areas and sides alternate."""


def site_label(site_id: str) -> str:
    """The plain label of a site (``"Left thigh (upper)"``)."""
    return _known("site", site_id).label


def _known(field: str, site_id: object) -> Site:
    if not isinstance(site_id, str) or site_id not in SITES:
        raise InputError(field, f"unknown site {site_id!r}; known sites: {', '.join(SITES)}")
    return SITES[site_id]


def _injector(injector: object) -> Injector:
    if injector == "self":
        return "self"
    if injector == "caregiver":
        return "caregiver"
    raise InputError("injector", f"must be self or caregiver, got {injector!r}")


def _site_ids(field: str, sites: object) -> list[str]:
    if isinstance(sites, str) or not isinstance(sites, Sequence):
        raise InputError(field, "must be a list of site ids")
    return [_known(field, s).id for s in sites]


def _allowed(drug: Drug, injector: Injector) -> tuple[str, ...]:
    rules = drug.sites
    return tuple(
        s.id
        for s in SITES.values()
        if s.area in rules.areas and (injector == "caregiver" or s.area not in rules.caregiver_only)
    )


def allowed_sites(drug_id: str, injector: Injector) -> tuple[str, ...]:
    """The sites ``drug_id`` allows for this injector, in display order; areas the label keeps for
    caregivers (the upper arm) only when ``injector`` is ``"caregiver"``."""
    drug = drug_or_input_error(drug_id)
    return _allowed(drug, _injector(injector))


def _rank(
    site: Site, last_use: dict[str, int], n_past: int, prev: Site | None, picked_areas: set[str]
) -> tuple[int, bool, bool, int, bool, int]:
    """The sort key of :func:`suggest_sites` (smaller is better); see the module docstring."""
    used = last_use.get(site.id, -1)
    recent_from = max(0, n_past - RECENT_WINDOW)
    recency = used - recent_from + 1 if used >= recent_from else 0
    return (
        recency,
        prev is not None and site.area == prev.area,
        site.area in picked_areas,
        used,
        prev is not None and site.side == prev.side,
        ROTATION.index(site.id),
    )


def suggest_sites(
    drug_id: str,
    injector: Injector,
    history: Sequence[str],
    count: int = 1,
    same_area: bool = False,
) -> tuple[str, ...]:
    """``count`` different sites for the next injection (or same-day set), rotating away from the
    sites in ``history`` (oldest first). ``same_area=True`` puts them all in one body area."""
    drug = drug_or_input_error(drug_id)
    who = _injector(injector)
    past = _site_ids("history", history)
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise InputError("count", f"must be a whole number, 1 or more, got {count!r}")
    allowed = _allowed(drug, who)

    last_use = {site: i for i, site in enumerate(past)}
    previous = SITES[past[-1]] if past else None

    if same_area:
        by_area: dict[str, list[str]] = {}
        for site in allowed:
            by_area.setdefault(SITES[site].area, []).append(site)
        roomy = [area for area, members in by_area.items() if len(members) >= count]
        if not roomy:
            largest = max((len(m) for m in by_area.values()), default=0)
            raise InputError(
                "count",
                f"{count} injections cannot go at different sites within one body area "
                f"(the largest allowed area has {largest} sites)",
            )

        def area_key(area: str) -> tuple[bool, int, int]:
            used = [last_use[s] for s in by_area[area] if s in last_use]
            first = min(ROTATION.index(s) for s in by_area[area])
            return (previous is not None and previous.area == area, max(used, default=-1), first)

        pool: Sequence[str] = by_area[min(roomy, key=area_key)]
    else:
        if count > len(allowed):
            raise InputError(
                "count",
                f"{count} different sites are needed but only {len(allowed)} are allowed "
                f"for this injector",
            )
        pool = allowed

    picks: list[str] = []
    for _ in range(count):
        prev = SITES[picks[-1]] if picks else previous
        picked_areas = {SITES[p].area for p in picks}
        best = min(
            (s for s in pool if s not in picks),
            key=lambda s: _rank(SITES[s], last_use, len(past), prev, picked_areas),
        )
        picks.append(best)
    return tuple(picks)


SiteProblemCode = Literal["not-an-area", "caregiver-only", "twice", "different-areas"]


@dataclass(frozen=True)
class SiteProblem:
    """What is wrong with a site of a same-day set, as a code and facts (the caller words it)."""

    code: SiteProblemCode
    index: int
    """Position of the site in the set (0-based)."""
    site: str
    area: str


def site_set_problems(
    drug_id: str, injector: Injector, sites: Sequence[str], *, same_area: bool = False
) -> list[SiteProblem]:
    """Every rule a same-day set of known site ids breaks: a site the drug does not allow, a
    caregiver-only site when the person injects themselves, a site used twice, or
    (``same_area=True``) sites in different body areas. Unknown ids raise :class:`InputError`."""
    drug = drug_or_input_error(drug_id)
    who = _injector(injector)
    ids = _site_ids("sites", sites)
    problems: list[SiteProblem] = []
    seen: set[str] = set()
    for index, site_id in enumerate(ids):
        area = SITES[site_id].area
        if area not in drug.sites.areas:
            problems.append(SiteProblem("not-an-area", index, site_id, area))
        elif who == "self" and area in drug.sites.caregiver_only:
            problems.append(SiteProblem("caregiver-only", index, site_id, area))
        elif site_id in seen:
            problems.append(SiteProblem("twice", index, site_id, area))
        seen.add(site_id)
    areas = sorted({SITES[s].area for s in ids})
    if same_area and len(areas) > 1 and not problems:
        problems.append(SiteProblem("different-areas", len(ids) - 1, ids[-1], SITES[ids[-1]].area))
    return problems


def check_injection_set(
    drug_id: str, injector: Injector, sites: Sequence[str], *, same_area: bool = False
) -> None:
    """Refuse a same-day set of injection sites that breaks a rule, with :class:`InputError` on
    ``sites``: an unknown site, a site the drug does not allow, a caregiver-only site when the
    person injects themselves, a site used twice, or (``same_area=True``) sites in different body
    areas."""
    drug = drug_or_input_error(drug_id)
    ids = _site_ids("sites", sites)
    if not ids:
        raise InputError("sites", "at least one site is needed")
    problems = site_set_problems(drug_id, injector, ids, same_area=same_area)
    if not problems:
        return
    first = problems[0]
    name = AREA_NAMES.get(first.area, first.area)
    if first.code == "not-an-area":
        raise InputError("sites", f"the {name} is not an injection area for {drug.inn}")
    if first.code == "caregiver-only":
        raise InputError("sites", f"the {name} is for injections given by a caregiver")
    if first.code == "twice":
        raise InputError(
            "sites",
            f"{first.site} is used twice; each injection of a set goes at a different site",
        )
    areas = sorted({SITES[s].area for s in ids})
    raise InputError(
        "sites",
        "the injections of this set go at different sites within one body area; got "
        + " and ".join(AREA_NAMES.get(a, a) for a in areas),
    )


def navel_rule_text(drug_id: str) -> str:
    """The navel margin from the data, e.g. ``"Keep 5 cm (2 inches) away from the navel."``;
    empty when the data gives no margin."""
    drug = drug_or_input_error(drug_id)
    cm = drug.sites.navel_margin_cm
    if cm <= 0:
        return ""
    inches = int((cm / Decimal("2.54")).to_integral_value(rounding=ROUND_HALF_UP))
    cm_text = format(cm.normalize(), "f")
    if inches < 1:
        return f"Keep {cm_text} cm away from the navel."
    unit = "inch" if inches == 1 else "inches"
    return f"Keep {cm_text} cm ({inches} {unit}) away from the navel."


SITES_UNCONFIRMED = (
    "These injection areas are not confirmed from the label text CalmSkin holds; "
    "check the leaflet in the pack."
)


@dataclass(frozen=True)
class SiteGuide:
    """The allowed sites of one drug for one injector, with the rule text, source and status."""

    drug_id: str
    injector: Injector
    allowed: tuple[str, ...]
    navel_rule: str
    text: tuple[str, ...]
    status: Status
    source: str
    caution: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "drug": self.drug_id,
            "injector": self.injector,
            "allowed": [
                {"id": s, "label": SITES[s].label, "area": SITES[s].area} for s in self.allowed
            ],
            "navel_rule": self.navel_rule,
            "text": list(self.text),
            "status": self.status,
            "source": self.source,
            "caution": self.caution,
        }


def site_guide(drug_id: str, injector: Injector) -> SiteGuide:
    """Everything a screen needs to show the injection-site rules of ``drug_id``."""
    drug = drug_or_input_error(drug_id)
    who = _injector(injector)
    rules = drug.sites
    return SiteGuide(
        drug_id=drug.id,
        injector=who,
        allowed=_allowed(drug, who),
        navel_rule=navel_rule_text(drug.id),
        text=rules.text,
        status=rules.status,
        source=cite(drug.sources[rules.source]),
        caution=SITES_UNCONFIRMED if rules.status == "unconfirmed" else None,
    )
