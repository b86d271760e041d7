"""The visit summary's trend chart: the core draws it (``calmskin.core.trend_chart``), this module
passes it the summary's values and the translated words, and returns it as a ``data:`` URL so that
the HTML page (strict CSP: ``img-src 'self' data:``) and the PDF embed the same SVG."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from calmskin.core.trend_chart import TrendLabels, render_trend_chart
from calmskin.web.summary.selectors import Trend

WIDTH_IN = 7.0
HEIGHT_IN = 3.8
CSS_PX_PER_IN = 96


@dataclass(frozen=True)
class Chart:
    url: str
    width: int
    height: int
    """The size in CSS pixels, for the ``<img>``'s width and height (the layout before it loads)."""


def _short_date(day: date) -> str:
    return date_format(day, "j M")


def trend_svg(trend: Trend) -> bytes:
    labels = TrendLabels(
        itch_axis=_("Worst itch (0–10)"),
        itch_daily=_("Worst itch, each day"),
        itch_mean=_("7-day mean"),
        poem_axis=_("POEM (0–28)"),
        poem=_("POEM score"),
        injection=_("Injection"),
    )
    return render_trend_chart(
        trend.start,
        trend.end,
        itch=[(day, float(value)) for day, value in trend.itch],
        itch_mean=trend.itch_mean,
        poem=[(day, float(score)) for day, score in trend.poem],
        injections=trend.injections,
        labels=labels,
        format_date=_short_date,
        width_in=WIDTH_IN,
        height_in=HEIGHT_IN,
    )


def trend_chart(trend: Trend) -> Chart | None:
    """The chart as a ``data:image/svg+xml`` URL, or None when the window holds no data."""
    if trend.empty:
        return None
    url = "data:image/svg+xml;base64," + base64.b64encode(trend_svg(trend)).decode("ascii")
    return Chart(url, round(WIDTH_IN * CSS_PX_PER_IN), round(HEIGHT_IN * CSS_PX_PER_IN))
