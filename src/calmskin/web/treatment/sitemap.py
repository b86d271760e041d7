"""Where each injection site of :mod:`calmskin.core.therapy.sites` is drawn on the front figure.

The figure is the check-in's body map (:mod:`calmskin.web.diary.bodymap`, front view, the
person's right on the viewer's left) drawn faintly as a background; the sites sit on top. The
abdomen sites leave a gap around the navel, as the labels ask (5 cm away from it).
"""

from __future__ import annotations

from dataclasses import dataclass

from calmskin.core.therapy.sites import SITES
from calmskin.web.diary.bodymap import HEIGHT, WIDTH, Shape, figures

_SITE_SHAPES: dict[str, Shape] = {
    "abdomen-upper-right": Shape("rect", (70, 123, 25, 17), 4),
    "abdomen-upper-left": Shape("rect", (105, 123, 25, 17), 4),
    "abdomen-lower-right": Shape("rect", (70, 149, 25, 17), 4),
    "abdomen-lower-left": Shape("rect", (105, 149, 25, 17), 4),
    "thigh-right-upper": Shape("rect", (70, 197, 27, 33), 6),
    "thigh-right-lower": Shape("rect", (70, 233, 27, 33), 6),
    "thigh-left-upper": Shape("rect", (103, 197, 27, 33), 6),
    "thigh-left-lower": Shape("rect", (103, 233, 27, 33), 6),
    "upper-arm-right": Shape("rect", (45, 80, 18, 50), 8),
    "upper-arm-left": Shape("rect", (137, 80, 18, 50), 8),
}


@dataclass(frozen=True, slots=True)
class DrawnSite:
    id: str
    label: str
    shape: Shape
    suggested: bool
    recent: bool
    allowed: bool


def sitemap(
    allowed: set[str], suggested: set[str], recent: set[str]
) -> tuple[list[Shape], list[DrawnSite]]:
    """The background shapes and the site shapes, marked as suggested, recently used, allowed."""
    background = [area.shape for area in figures(set())[0].areas]
    drawn = [
        DrawnSite(
            site_id,
            SITES[site_id].label,
            shape,
            site_id in suggested,
            site_id in recent,
            site_id in allowed,
        )
        for site_id, shape in _SITE_SHAPES.items()
    ]
    return background, drawn


VIEWBOX = f"0 60 {WIDTH} {HEIGHT - 120}"
"""The part of the figure with the sites (neck to knees)."""
