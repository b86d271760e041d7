"""Body areas a person can mark as affected in the daily check-in (front and back views).

The areas are a diary aid, not a scoring instrument: they let a person say *where* the skin flared
today, and they are grouped into the four EASI body regions so a clinician reading the diary sees the
same regions as in an EASI score. Region membership follows the EASI rules: the genital area belongs
to the trunk and the buttocks to the lower limbs (Hanifin et al., Exp Dermatol 2001;10:11-18; the
HOME EASI guidance; shared/reference/instruments.md, section 1).

Sides are the person's own left and right (anatomical), whatever the view: on the front view the
person's right is on the viewer's left.

The areas include the flexures (elbow creases, backs of the knees) and the extensor sides of elbows
and knees separately because the typical distribution of atopic dermatitis differs by age: flexural
in older children and adults, extensor and face in infants (Hanifin and Rajka's criteria; Williams,
N Engl J Med 2005;352:2314-24).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from calmskin.core.errors import InputError

View = Literal["front", "back"]
Side = Literal["left", "right", "centre"]
EasiRegion = Literal["head_neck", "trunk", "upper_limbs", "lower_limbs"]

EASI_REGIONS: tuple[EasiRegion, ...] = ("head_neck", "trunk", "upper_limbs", "lower_limbs")


def gettext_noop(message: str) -> str:
    """Marks an English name for translation catalogues (the web layer translates it at display)."""
    return message


@dataclass(frozen=True, slots=True)
class BodyArea:
    """One tappable area: a stable id (stored with check-ins), its view, side and EASI region."""

    id: str
    view: View
    side: Side
    region: EasiRegion
    name: str  # English, without the side: "Elbow crease"

    @property
    def label(self) -> str:
        """The English name with the side, for the command line and exports: "Elbow crease (left)"."""
        return self.name if self.side == "centre" else f"{self.name} ({self.side})"


def _paired(stem: str, view: View, region: EasiRegion, name: str) -> tuple[BodyArea, BodyArea]:
    return (
        BodyArea(f"{stem}-right", view, "right", region, name),
        BodyArea(f"{stem}-left", view, "left", region, name),
    )


AREAS: tuple[BodyArea, ...] = (
    # Front view, head to feet.
    BodyArea("face", "front", "centre", "head_neck", gettext_noop("Face")),
    BodyArea("neck-front", "front", "centre", "head_neck", gettext_noop("Front of the neck")),
    BodyArea("chest", "front", "centre", "trunk", gettext_noop("Chest")),
    BodyArea("abdomen", "front", "centre", "trunk", gettext_noop("Abdomen")),
    BodyArea("genital-area", "front", "centre", "trunk", gettext_noop("Genital area and groin")),
    *_paired("upper-arm-front", "front", "upper_limbs", gettext_noop("Upper arm, front")),
    *_paired("elbow-crease", "front", "upper_limbs", gettext_noop("Elbow crease")),
    *_paired("forearm-inner", "front", "upper_limbs", gettext_noop("Forearm, inner side")),
    *_paired("palm", "front", "upper_limbs", gettext_noop("Palm and fingers")),
    *_paired("thigh-front", "front", "lower_limbs", gettext_noop("Thigh, front")),
    *_paired("knee-front", "front", "lower_limbs", gettext_noop("Knee")),
    *_paired("shin", "front", "lower_limbs", gettext_noop("Shin")),
    *_paired("foot-top", "front", "lower_limbs", gettext_noop("Top of the foot")),
    # Back view, head to feet.
    BodyArea("scalp", "back", "centre", "head_neck", gettext_noop("Scalp and back of the head")),
    BodyArea("neck-back", "back", "centre", "head_neck", gettext_noop("Back of the neck")),
    BodyArea("upper-back", "back", "centre", "trunk", gettext_noop("Upper back")),
    BodyArea("lower-back", "back", "centre", "trunk", gettext_noop("Lower back")),
    BodyArea("buttocks", "back", "centre", "lower_limbs", gettext_noop("Buttocks")),
    *_paired("upper-arm-back", "back", "upper_limbs", gettext_noop("Upper arm, back")),
    *_paired("elbow-point", "back", "upper_limbs", gettext_noop("Elbow, outer side")),
    *_paired("forearm-outer", "back", "upper_limbs", gettext_noop("Forearm, outer side")),
    *_paired("hand-back", "back", "upper_limbs", gettext_noop("Back of the hand")),
    *_paired("thigh-back", "back", "lower_limbs", gettext_noop("Thigh, back")),
    *_paired("knee-back", "back", "lower_limbs", gettext_noop("Back of the knee")),
    *_paired("calf", "back", "lower_limbs", gettext_noop("Calf")),
    *_paired("sole", "back", "lower_limbs", gettext_noop("Sole and heel")),
)

_BY_ID: dict[str, BodyArea] = {area.id: area for area in AREAS}


def area(area_id: str) -> BodyArea:
    """The area with this id; ``KeyError`` for an unknown one."""
    return _BY_ID[area_id]


def area_ids() -> tuple[str, ...]:
    return tuple(_BY_ID)


def clean_areas(values: Iterable[object], field: str = "body_areas") -> list[str]:
    """Validated, de-duplicated area ids in the map's order (front then back, head to feet).

    Refuses anything that is not a known id with an :class:`InputError` naming ``field``.
    """
    chosen: set[str] = set()
    for value in values:
        if not isinstance(value, str) or value not in _BY_ID:
            raise InputError(
                field, f"{value!r} is not a body area; known areas: {', '.join(_BY_ID)}"
            )
        chosen.add(value)
    return [area_id for area_id in _BY_ID if area_id in chosen]


def regions_affected(area_ids_: Iterable[str]) -> list[EasiRegion]:
    """The EASI regions that contain at least one of the areas, in EASI's order."""
    hit = {_BY_ID[area_id].region for area_id in area_ids_}
    return [region for region in EASI_REGIONS if region in hit]
