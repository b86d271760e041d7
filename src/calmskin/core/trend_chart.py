"""The trend chart of the visit summary: worst itch (each day and its 7-day mean) above the POEM
scores, on one date axis, with the injection days marked. Drawn with matplotlib as SVG or PNG.

The caller gives plain values (dates and numbers) and the words to show (:class:`TrendLabels`, so a
web page can pass translated text); nothing here knows about a database or a request.

Documented choices:

* **Same rendering rules as the drug-level chart** (:mod:`calmskin.core.pk.chart`): matplotlib's
  object-oriented API only (no ``pyplot``), each render inside a ``matplotlib.style.context`` that
  starts from matplotlib's defaults, and the *same* module lock as that chart, because
  ``svg.fonttype`` and ``svg.hashsalt`` are process-wide rcParams. SVG text stays text
  (``svg.fonttype = "none"``) and two renders of one input give the same bytes.
* **Two panels, one x axis.** Worst itch on 0–10 at the top, POEM on 0–28 below. The daily values
  are light bars, the 7-day mean a line over them (a ``None`` mean breaks the line), POEM a line
  with a marker per score. Values are drawn as given; a value outside its scale is refused.
* **Few SVG elements.** All daily bars are one ``<path>`` (not one marker each): WeasyPrint draws
  an SVG element by element, and 170 marker elements took longer than the rest of the PDF.
* **The date range** is ``start`` to ``end`` inclusive, padded by half a day on each side so that a
  single day still shows. Points and injection days outside it are left out (not refused).
* **Injection days** are a dashed vertical line through both panels, one per day however many
  injections were given that day, and one "Injection" entry in the legend.
* **Tick labels** come from ``format_date`` (default: ``"5 Jan"`` from the English month
  abbreviations), so a caller can pass dates formatted in the reader's language.
* **Colours** are from the Okabe–Ito colour-blind-safe palette; lines also differ by style.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

import matplotlib.dates as mdates
import matplotlib.style
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path
from matplotlib.ticker import FuncFormatter, MultipleLocator

from calmskin.core.errors import InputError
from calmskin.core.pk.chart import _LOCK  # one lock for every chart: the rcParams are shared

__all__ = ["ITCH_MAX", "MAX_DAYS", "POEM_MAX", "TrendLabels", "render_trend_chart"]

ITCH_MAX = 10
POEM_MAX = 28
MAX_DAYS = 5 * 366
"""The longest date range drawn (a visit summary shows a few months)."""

Point = tuple[date, float]
MaybePoint = tuple[date, float | None]
Format = Literal["svg", "png"]

_BLUE = "#0072B2"  # 7-day mean; 5.1:1 on white
_SKY = "#A9D7F3"  # daily bars (a light fill; the mean line carries the reading)
_VERMILLION = "#B84F00"  # POEM; 4.6:1 on white
_GREY = "#595959"  # injection lines; 7:1 on white
_INK = "#1A1A1A"
_SOFT_INK = "#404040"
_GRID = "#E0E0E0"

_RC: dict[str, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica"],
    "font.size": 9,
    "text.color": _INK,
    "axes.labelcolor": _INK,
    "axes.edgecolor": _SOFT_INK,
    "axes.labelsize": 9,
    "xtick.color": _SOFT_INK,
    "ytick.color": _SOFT_INK,
    "xtick.labelcolor": _INK,
    "ytick.labelcolor": _INK,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "text.usetex": False,
    "text.parse_math": False,  # labels are plain text: a "$" in a translation stays a "$"
    "path.simplify": True,
    "svg.fonttype": "none",
    "svg.hashsalt": "calmskin-trend-chart",
}


@dataclass(frozen=True)
class TrendLabels:
    """The words on the chart (English by default; a web page passes translated ones)."""

    itch_axis: str = "Worst itch (0–10)"
    itch_daily: str = "Worst itch, each day"
    itch_mean: str = "7-day mean"
    poem_axis: str = "POEM (0–28)"
    poem: str = "POEM score"
    injection: str = "Injection"
    title: str = ""


def _default_format(day: date) -> str:
    return f"{day.day} {day:%b}"


def render_trend_chart(
    start: date,
    end: date,
    *,
    itch: Sequence[Point] = (),
    itch_mean: Sequence[MaybePoint] = (),
    poem: Sequence[Point] = (),
    injections: Sequence[date] = (),
    labels: TrendLabels = TrendLabels(),
    format_date: Callable[[date], str] = _default_format,
    fmt: Format = "svg",
    width_in: float = 7.0,
    height_in: float = 4.4,
    dpi: int = 100,
) -> bytes:
    """The chart from ``start`` to ``end`` (inclusive) as SVG (default) or PNG bytes.

    ``itch`` holds (day, worst itch 0–10) pairs, ``itch_mean`` (day, mean or ``None``) pairs,
    ``poem`` (day, POEM total 0–28) pairs and ``injections`` the days an injection was given.
    Raises :class:`~calmskin.core.errors.InputError` naming the parameter for input it refuses.
    """
    for name, value in (("start", start), ("end", end)):
        if isinstance(value, datetime) or not isinstance(value, date):
            raise InputError(name, "must be a date without a time")
    if end < start:
        raise InputError("end", "must not be before start")
    if (end - start).days > MAX_DAYS:
        raise InputError("end", f"the chart covers at most {MAX_DAYS} days")
    if fmt not in ("svg", "png"):
        raise InputError("fmt", f"must be 'svg' or 'png', got {fmt!r}")
    for name, size, low, high in (
        ("width_in", width_in, 2.0, 20.0),
        ("height_in", height_in, 2.0, 20.0),
    ):
        if isinstance(size, bool) or not isinstance(size, int | float):
            raise InputError(name, "must be a number")
        if not low <= float(size) <= high:
            raise InputError(name, f"must be from {low:g} to {high:g}")
    if isinstance(dpi, bool) or not isinstance(dpi, int) or not 30 <= dpi <= 300:
        raise InputError("dpi", "must be a whole number from 30 to 300")

    itch_points = _points("itch", itch, start, end, ITCH_MAX)
    mean_points = _points("itch_mean", itch_mean, start, end, ITCH_MAX, allow_none=True)
    poem_points = _points("poem", poem, start, end, POEM_MAX)
    injection_days = sorted({_day("injections", d) for d in injections})
    injection_days = [d for d in injection_days if start <= d <= end]

    with _LOCK, matplotlib.style.context(["default", _RC]):
        fig = _draw(
            start,
            end,
            itch_points,
            mean_points,
            poem_points,
            injection_days,
            labels,
            format_date,
            float(width_in),
            float(height_in),
            dpi,
        )
        buf = io.BytesIO()
        titled = {"Title": labels.title} if labels.title else {}
        if fmt == "svg":
            fig.savefig(buf, format="svg", metadata={"Date": None, **titled})
        else:
            fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None, **titled})
    return buf.getvalue()


def _day(field: str, value: object) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InputError(field, f"must hold dates without a time, got {value!r}")
    return value


def _points(
    field: str,
    values: Sequence[Any],
    start: date,
    end: date,
    top: int,
    *,
    allow_none: bool = False,
) -> list[tuple[date, float | None]]:
    """Validated (day, value) pairs within ``start``..``end``, in date order."""
    out: list[tuple[date, float | None]] = []
    for i, item in enumerate(values):
        try:
            day, value = item
        except (TypeError, ValueError):
            raise InputError(f"{field}[{i}]", "must be a (date, number) pair") from None
        day = _day(f"{field}[{i}]", day)
        if value is None and allow_none:
            number: float | None = None
        else:
            if isinstance(value, bool) or not isinstance(value, int | float):
                try:
                    number = float(value)  # Decimal and the like
                except (TypeError, ValueError):
                    raise InputError(f"{field}[{i}]", "must have a number as its value") from None
            else:
                number = float(value)
            if not (math.isfinite(number) and 0 <= number <= top):
                raise InputError(f"{field}[{i}]", f"must be from 0 to {top}, got {value!r}")
        if start <= day <= end:
            out.append((day, number))
    out.sort(key=lambda pair: pair[0])
    return out


_BAR_WIDTH = 0.7  # of a day
_MOVE, _LINE, _CLOSE = int(Path.MOVETO), int(Path.LINETO), int(Path.CLOSEPOLY)


def _bars(xs: Sequence[float], heights: Sequence[float], width: float) -> Path:
    """One compound path of upright rectangles centred on ``xs`` (zero heights are left out)."""
    vertices: list[tuple[float, float]] = []
    codes: list[int] = []
    half = width / 2
    for x, h in zip(xs, heights, strict=True):
        if h <= 0:
            continue
        vertices += [
            (x - half, 0.0),
            (x - half, h),
            (x + half, h),
            (x + half, 0.0),
            (x - half, 0.0),
        ]
        codes += [_MOVE, _LINE, _LINE, _LINE, _CLOSE]
    if not vertices:
        return Path(np.empty((0, 2)))
    return Path(np.array(vertices), np.array(codes, dtype=Path.code_type))


def _date_numbers(start: date) -> Callable[[date], float]:
    """matplotlib's number of a day (days since its date epoch), counted from ``start``'s: one
    ``date2num`` call instead of one per point."""
    base = float(mdates.date2num(start))  # type: ignore[no-untyped-call]
    return lambda day: base + (day - start).days


def _draw(
    start: date,
    end: date,
    itch: list[tuple[date, float | None]],
    mean: list[tuple[date, float | None]],
    poem: list[tuple[date, float | None]],
    injections: list[date],
    labels: TrendLabels,
    format_date: Callable[[date], str],
    width_in: float,
    height_in: float,
    dpi: int,
) -> Figure:
    _num = _date_numbers(start)
    fig = Figure(figsize=(width_in, height_in), dpi=dpi)
    FigureCanvasAgg(fig)
    # Fixed margins in inches (matplotlib's layout engines measure every tick label first, which
    # doubles the time of a render): room for the y labels, the legends above each panel, the dates.
    title_in = 0.3 if labels.title else 0.0
    legend_in = 0.3  # above each panel
    top_in, bottom_in = legend_in + title_in + 0.05, 0.35
    gap_in = legend_in + 0.1
    panel_in = max(0.2, (height_in - top_in - bottom_in - gap_in) / 2)
    fig.subplots_adjust(
        left=0.75 / width_in,
        right=1 - 0.15 / width_in,
        top=1 - top_in / height_in,
        bottom=bottom_in / height_in,
        hspace=gap_in / panel_in,  # the gap, as a fraction of a panel's height
    )
    top, bottom = fig.subplots(2, 1, sharex=True)

    injection_handle = None
    xs = [_num(day) for day in injections]
    for ax in (top, bottom):
        if xs:
            injection_handle = ax.vlines(
                xs,
                0,
                1,
                transform=ax.get_xaxis_transform(),
                colors=_GREY,
                linewidths=0.9,
                linestyles=[(0, (4, 3))],
                zorder=1,
            )
        ax.grid(True, axis="y", color=_GRID, linewidth=0.7)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)

    handles: list[Any] = []
    if itch:
        bars = PathPatch(
            _bars([_num(d) for d, _ in itch], [v or 0.0 for _, v in itch], width=_BAR_WIDTH),
            facecolor=_SKY,
            edgecolor="none",
            zorder=2,
        )
        top.add_artist(
            bars
        )  # not add_patch: the limits are set below, and measuring 170 bars is slow
        handles.append(Patch(facecolor=_SKY, edgecolor="none", label=labels.itch_daily))
    if mean:
        (line,) = top.plot(
            [_num(d) for d, _ in mean],
            [math.nan if v is None else v for _, v in mean],
            color=_BLUE,
            linewidth=2.0,
            label=labels.itch_mean,
            zorder=3,
        )
        handles.append(line)
    if injection_handle is not None:
        handles.append(
            Line2D(
                [], [], color=_GREY, linewidth=0.9, linestyle=(0, (4, 3)), label=labels.injection
            )
        )
    for ax in (top, bottom):  # the grid lines say where the values are; no tick marks needed
        ax.tick_params(axis="y", length=0, pad=4)
    top.set_ylim(0, ITCH_MAX + 0.5)
    top.yaxis.set_major_locator(MultipleLocator(2))
    top.set_ylabel(labels.itch_axis)
    if handles:
        top.legend(
            handles=handles,
            loc="lower left",
            bbox_to_anchor=(0, 1.0),
            borderaxespad=0.2,
            ncols=len(handles),
            frameon=False,
            handlelength=2.0,
            columnspacing=1.2,
        )

    if poem:
        (poem_line,) = bottom.plot(
            [_num(d) for d, _ in poem],
            [v for _, v in poem],
            color=_VERMILLION,
            linewidth=1.6,
            marker="s",
            markersize=4,
            label=labels.poem,
            zorder=3,
        )
        bottom.legend(
            handles=[poem_line],
            loc="lower left",
            bbox_to_anchor=(0, 1.0),
            borderaxespad=0.2,
            frameon=False,
        )
    bottom.set_ylim(0, POEM_MAX + 1)
    bottom.yaxis.set_major_locator(MultipleLocator(7))
    bottom.set_ylabel(labels.poem_axis)

    left = _num(start) - 0.5
    right = _num(end) + 0.5
    bottom.set_xlim(left, right)
    span = (end - start).days + 1
    step = next((s for s in (1, 2, 7, 14, 28, 56, 91) if span / s <= 9), 182)
    first_tick = start + timedelta(days=(-start.weekday()) % 7) if step >= 7 else start
    ticks = [
        _num(first_tick + timedelta(days=n)) for n in range(0, (end - first_tick).days + 1, step)
    ]
    bottom.set_xticks(ticks)
    bottom.xaxis.set_major_formatter(
        FuncFormatter(lambda x, _pos: format_date(mdates.num2date(x).date()))  # type: ignore[no-untyped-call]
    )
    top.tick_params(axis="x", length=0)
    if labels.title:
        fig.suptitle(
            labels.title, x=0.01, y=1 - 0.05 / height_in, ha="left", va="top", fontweight="bold"
        )
    return fig
