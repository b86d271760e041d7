"""Drawing the body map of the check-in: one SVG figure per view, one shape per area of the core.

The areas, their sides and EASI regions are in :mod:`calmskin.core.bodymap`; this module only says
where each is drawn. Shapes are given for the area that the viewer sees on the left of the figure
and mirrored for the other side: on the front view that is the person's right, on the back view
the person's left (a figure seen from behind). The figure's box is 200 x 400 units.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.utils.translation import gettext

from calmskin.core import bodymap

WIDTH = 200
HEIGHT = 400

Box = tuple[int, int, int, int]  # x, y, width, height of a rounded rectangle
Oval = tuple[int, int, int, int]  # centre x, centre y, radius x, radius y


@dataclass(frozen=True, slots=True)
class Shape:
    kind: Literal["rect", "ellipse"]
    numbers: tuple[int, int, int, int]
    corner: int = 0

    def mirrored(self) -> Shape:
        a, b, c, d = self.numbers
        if self.kind == "ellipse":
            return Shape("ellipse", (WIDTH - a, b, c, d))
        return Shape("rect", (WIDTH - a - c, b, c, d), self.corner)


def _rect(x: int, y: int, w: int, h: int, corner: int = 6) -> Shape:
    return Shape("rect", (x, y, w, h), corner)


def _oval(cx: int, cy: int, rx: int, ry: int) -> Shape:
    return Shape("ellipse", (cx, cy, rx, ry))


# Centre areas (drawn as they are) and paired areas (the viewer's-left one; mirrored for the other).
_SHAPES: dict[str, Shape] = {
    "face": _oval(100, 34, 20, 25),
    "scalp": _oval(100, 34, 20, 25),
    "neck-front": _rect(90, 59, 20, 14, 3),
    "neck-back": _rect(90, 59, 20, 14, 3),
    "chest": _rect(66, 73, 68, 48, 10),
    "upper-back": _rect(66, 73, 68, 52, 10),
    "abdomen": _rect(68, 121, 64, 47, 4),
    "lower-back": _rect(68, 125, 64, 41, 4),
    "genital-area": _rect(68, 168, 64, 26, 10),
    "buttocks": _rect(68, 166, 64, 32, 12),
    "upper-arm-front": _rect(44, 77, 20, 56, 9),
    "upper-arm-back": _rect(44, 77, 20, 56, 9),
    "elbow-crease": _rect(40, 134, 20, 16, 6),
    "elbow-point": _rect(40, 134, 20, 16, 6),
    "forearm-inner": _rect(36, 151, 20, 50, 8),
    "forearm-outer": _rect(36, 151, 20, 50, 8),
    "palm": _oval(44, 216, 11, 14),
    "hand-back": _oval(44, 216, 11, 14),
    "thigh-front": _rect(69, 195, 29, 73, 10),
    "thigh-back": _rect(69, 199, 29, 69, 10),
    "knee-front": _rect(72, 269, 24, 20, 8),
    "knee-back": _rect(72, 269, 24, 20, 8),
    "shin": _rect(73, 290, 22, 78, 8),
    "calf": _rect(73, 290, 22, 78, 8),
    "foot-top": _oval(82, 381, 14, 9),
    "sole": _oval(82, 381, 12, 10),
}


def _stem(area: bodymap.BodyArea) -> str:
    return area.id if area.side == "centre" else area.id.rsplit("-", 1)[0]


def shape_of(area: bodymap.BodyArea) -> Shape:
    """Where ``area`` is drawn on its view."""
    shape = _SHAPES[_stem(area)]
    viewer_left = "right" if area.view == "front" else "left"
    if area.side in ("centre", viewer_left):
        return shape
    return shape.mirrored()


def area_label(area: bodymap.BodyArea) -> str:
    """The translated name with the person's side: "Elbow crease (left)"."""
    name = gettext(area.name)
    if area.side == "left":
        return gettext("%(area)s (left)") % {"area": name}
    if area.side == "right":
        return gettext("%(area)s (right)") % {"area": name}
    return name


def area_choices() -> list[tuple[str, str]]:
    """Form choices: every area id with its translated label, front view first."""
    return [(area.id, area_label(area)) for area in bodymap.AREAS]


def labels_for(area_ids: list[str]) -> list[str]:
    """Translated labels of stored ids (an id no longer on the map is shown as stored)."""
    labels = []
    for area_id in area_ids:
        try:
            labels.append(area_label(bodymap.area(area_id)))
        except KeyError:
            labels.append(area_id)
    return labels


@dataclass(frozen=True, slots=True)
class DrawnArea:
    id: str
    label: str
    shape: Shape
    selected: bool


@dataclass(frozen=True, slots=True)
class Figure:
    view: str
    title: str
    viewer_left: str  # which of the person's sides is on the viewer's left ("R" or "L")
    viewer_right: str
    areas: list[DrawnArea]


def figures(selected: set[str]) -> list[Figure]:
    """The front and back figures, with the areas in ``selected`` marked."""
    result = []
    for view, title in (("front", gettext("Front")), ("back", gettext("Back"))):
        drawn = [
            DrawnArea(area.id, area_label(area), shape_of(area), area.id in selected)
            for area in bodymap.AREAS
            if area.view == view
        ]
        right, left = gettext("R"), gettext("L")
        edges = (right, left) if view == "front" else (left, right)
        result.append(Figure(view, title, edges[0], edges[1], drawn))
    return result
