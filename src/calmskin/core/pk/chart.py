"""The drug-level chart: the estimated concentration curve, drawn with matplotlib as PNG or SVG.

:func:`render_chart` draws the estimated drug level (mg/L) over time, optionally with the shaded
5th–95th percentile band and median of the model's between-person variability, the doses given,
an assay limit and a threshold. The footnote always says the curve is a model estimate, never a
measurement.

Documented choices:

* **No global state left behind.** Only matplotlib's object-oriented API
  (:class:`~matplotlib.figure.Figure` with the Agg canvas; never ``pyplot``), so it works headless
  and leaves no open figures. ``svg.fonttype`` and ``svg.hashsalt`` exist only as rcParams, so each
  render runs inside a ``matplotlib.style.context`` that starts from matplotlib's defaults (a
  ``matplotlibrc`` or style set elsewhere in the process cannot change the chart) and restores
  every rcParam afterwards. Those rcParams are process-wide and matplotlib is not thread-safe, so
  renders are serialised by a module lock (a chart takes about a quarter of a second); other code
  using matplotlib in another thread at the same moment would see the chart's rcParams.
* **Deterministic bytes.** Bundled DejaVu Sans fonts; the SVG has a fixed ``svg.hashsalt`` (stable
  clip-path ids) and no ``Date``; the PNG carries no ``Software`` or time stamp. Two renders of one
  input are byte-identical (for one matplotlib version).
* **Text stays text in SVG** (``svg.fonttype = "none"``), so the title, labels and footnote can be
  read by screen readers, searched and translated; the font list falls back to ``sans-serif``.
* **Layout.** Title (bold, wrapped) at the top, the legend above the curve (as many columns as
  fit), the curve, a strip of dose marks sharing its x axis, and the footnote at the bottom;
  matplotlib's constrained layout keeps them apart. The figure is exactly ``width_in`` × ``height_in``. A chart
  narrower than ``COMPACT_WIDTH_IN`` or lower than ``COMPACT_HEIGHT_IN`` (a phone) uses smaller
  fonts and leaves the "Doses" entry out of the legend; a y label taller than the curve's axes is
  put on two lines.
* **Dose marks** are triangles in the strip under the curve, one per dose day (entries on the same
  day are added up: a loading day of two 300 mg injections is one "600 mg" mark). A dose is labelled
  only when it differs from the previous dose, so 600 mg then 26 × 300 mg shows two labels. Labels
  that would overlap go on a second or third row (as many as fit in 40% of the plot's height); a
  label that fits on no row is left out and every triangle whose dose is not the last label shown
  before it is drawn open, so an unlabelled filled triangle always means "same dose as labelled".
  Doses outside the time range are not drawn.
* **Colours** are from the Okabe–Ito colour-blind-safe palette, lines also differ by dash pattern,
  and every line or text is at least 3:1 (graphics) or 4.5:1 (text) against the white background.
* **The y axis starts at 0** and goes a little above the highest value drawn (curve, band, median
  and horizontal lines). The x axis is in days, or in dates from ``start_date`` (day 0) with
  matplotlib's concise date labels.
"""

from __future__ import annotations

import io
import math
import textwrap
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal, NamedTuple

import matplotlib.dates as mdates
import matplotlib.style
import numpy as np
import numpy.typing as npt
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.text import Annotation, Text
from matplotlib.ticker import MaxNLocator, MultipleLocator
from matplotlib.transforms import ScaledTranslation

from calmskin.core.errors import InputError

__all__ = [
    "ASSAY_LABEL",
    "BAND_LABEL",
    "CURVE_LABEL",
    "FOOTNOTE",
    "MEDIAN_LABEL",
    "THRESHOLD_LABEL",
    "Y_LABEL",
    "render_chart",
]

Values = Sequence[float] | npt.NDArray[Any]
Format = Literal["png", "svg"]

FOOTNOTE = "Model estimate for a typical person of this weight; not a measurement."
Y_LABEL = "Estimated drug level (mg/L)"
CURVE_LABEL = "Estimated drug level"
BAND_LABEL = "5th–95th percentile (model variability)"
MEDIAN_LABEL = "Median (model variability)"
ASSAY_LABEL = "assay limit {value} mg/L"
THRESHOLD_LABEL = "threshold {value} mg/L"
MISSED_LABEL = "Missed dose"

MAX_POINTS = 200_000
MAX_DOSES = 5_000
MAX_TITLE = 200
MIN_WIDTH_IN, MAX_WIDTH_IN = 2.0, 40.0
MIN_HEIGHT_IN, MAX_HEIGHT_IN = 1.5, 40.0
MIN_DPI, MAX_DPI = 30, 600
MAX_PIXELS = 8_000  # per side

# Okabe & Ito (2008) colour-blind-safe palette, plus near-black text.
_BLUE = "#0072B2"  # curve; 5.1:1 on white
_SKY = "#56B4E9"  # band fill (with alpha)
_DARK_BLUE = "#003D66"  # median
_VERMILLION = "#B84F00"  # threshold: Okabe-Ito vermillion darkened to 4.6:1 on white
_GREY = "#595959"  # assay limit; 7:1 on white
_INK = "#1A1A1A"  # text
_SOFT_INK = "#404040"  # footnote, dose labels; 10:1 on white
_GRID = "#E0E0E0"

_TRIANGLE_PT = 7.0  # marker size
_LABEL_GAP_PT = 4.0  # least space between two dose labels on one row
_MAX_ROWS = 3
_DAY_STEPS = (1, 2, 7, 14, 28, 56, 91, 182, 364, 728, 1092, 1456, 1820)

_RC: dict[str, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica"],
    "text.color": _INK,
    "axes.labelcolor": _INK,
    "axes.edgecolor": _SOFT_INK,
    "xtick.color": _SOFT_INK,
    "ytick.color": _SOFT_INK,
    "xtick.labelcolor": _INK,
    "ytick.labelcolor": _INK,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "text.usetex": False,
    "path.simplify": True,
    "svg.fonttype": "none",
    "svg.hashsalt": "calmskin-pk-chart",
}

_LOCK = threading.Lock()


class _Sizes(NamedTuple):
    """Font sizes in points; smaller on a compact (phone-sized) chart."""

    compact: bool
    tick: float
    label: float
    title: float
    legend: float
    foot: float
    dose: float

    @property
    def row(self) -> float:
        """Height of one row of dose labels."""
        return self.dose * 1.3

    @property
    def label_top(self) -> float:
        """From the dose strip's top edge to the top of the first row of labels."""
        return _TRIANGLE_PT + 2.5

    def rc(self) -> dict[str, Any]:
        return {
            "xtick.labelsize": self.tick,
            "ytick.labelsize": self.tick,
            "axes.labelsize": self.label,
            "legend.fontsize": self.legend,
        }


_REGULAR = _Sizes(False, tick=9, label=10, title=12, legend=9, foot=8.5, dose=8.5)
_COMPACT = _Sizes(True, tick=8, label=8.5, title=10, legend=8, foot=7.5, dose=7.5)
COMPACT_WIDTH_IN = 6.0  # narrower (or lower than COMPACT_HEIGHT_IN) is drawn compact
COMPACT_HEIGHT_IN = 3.6


def render_chart(
    times_days: Values,
    conc: Values,
    *,
    p05: Values | None = None,
    p95: Values | None = None,
    p50: Values | None = None,
    dose_days: Values = (),
    dose_mg: Values = (),
    missed_days: Values = (),
    title: str = "",
    assay_limit: float | None = None,
    threshold: float | None = None,
    start_date: date | None = None,
    fmt: Format = "png",
    width_in: float = 8,
    height_in: float = 4.5,
    dpi: int = 150,
) -> bytes:
    """The drug-level chart as PNG or SVG bytes.

        ``times_days`` (days from day 0, non-decreasing) and ``conc`` (mg/L) give the estimated curve;
        ``p05``/``p95`` (both or neither) the variability band and ``p50`` a median line, each one value
        per time. ``dose_days``/``dose_mg`` are the doses given (same length; mg > 0); ``missed_days``
    the days of scheduled doses that were not given, drawn as dotted vertical lines. ``assay_limit``
        and ``threshold`` (mg/L) draw dashed horizontal lines. With ``start_date`` the x axis shows
        dates, day 0 being ``start_date``. A PNG is ``width_in × dpi`` by ``height_in × dpi`` pixels; an
        SVG is ``width_in`` by ``height_in`` inches (in points, 72 a inch).

        Raises :class:`~calmskin.core.errors.InputError` naming the parameter for input it refuses.
    """
    if fmt not in ("png", "svg"):
        raise InputError("fmt", f"must be 'png' or 'svg', got {fmt!r}")
    width_in = _number("width_in", width_in, MIN_WIDTH_IN, MAX_WIDTH_IN)
    height_in = _number("height_in", height_in, MIN_HEIGHT_IN, MAX_HEIGHT_IN)
    if isinstance(dpi, bool) or not isinstance(dpi, int) or not MIN_DPI <= dpi <= MAX_DPI:
        raise InputError("dpi", f"must be a whole number from {MIN_DPI} to {MAX_DPI}")
    if max(width_in, height_in) * dpi > MAX_PIXELS:
        raise InputError("dpi", f"the image would be more than {MAX_PIXELS} pixels on a side")
    if not isinstance(title, str) or len(title) > MAX_TITLE or not title.isprintable():
        raise InputError("title", f"must be at most {MAX_TITLE} printable characters")
    if start_date is not None and (
        isinstance(start_date, datetime) or not isinstance(start_date, date)
    ):
        raise InputError("start_date", "must be a date without a time")

    t = _series("times_days", times_days, min_len=2, max_len=MAX_POINTS)
    if np.any(np.diff(t) < 0):
        raise InputError("times_days", "must not decrease")
    if t[-1] == t[0]:
        raise InputError("times_days", "must span more than one instant")
    n = len(t)
    c = _series("conc", conc, length=n)
    if (p05 is None) != (p95 is None):
        raise InputError("p95" if p95 is None else "p05", "p05 and p95 go together")
    lo = None if p05 is None else _series("p05", p05, length=n)
    hi = None if p95 is None else _series("p95", p95, length=n)
    if lo is not None and hi is not None and np.any(lo > hi):
        raise InputError("p95", "must not be below p05")
    mid = None if p50 is None else _series("p50", p50, length=n)

    dd = _series("dose_days", dose_days, max_len=MAX_DOSES)
    dm = _series("dose_mg", dose_mg, max_len=MAX_DOSES)
    if len(dd) != len(dm):
        raise InputError("dose_mg", f"must have one value per dose day ({len(dd)}), got {len(dm)}")
    if np.any(np.diff(dd) < 0):
        raise InputError("dose_days", "must not decrease")
    if np.any(dm <= 0):
        raise InputError("dose_mg", "must be more than 0")
    assay = _limit("assay_limit", assay_limit)
    thresh = _limit("threshold", threshold)
    missed = _series("missed_days", missed_days, max_len=MAX_DOSES)

    compact = width_in < COMPACT_WIDTH_IN or height_in < COMPACT_HEIGHT_IN
    sizes = _COMPACT if compact else _REGULAR
    data = _Data(t, c, lo, hi, mid, dd, dm, assay, thresh, start_date, missed)
    with _LOCK, matplotlib.style.context(["default", _RC, sizes.rc()]):
        fig = _draw(data, title, width_in, height_in, dpi, sizes)
        buf = io.BytesIO()
        titled = {"Title": title} if title else {}
        if fmt == "svg":
            fig.savefig(buf, format="svg", metadata={"Date": None, **titled})
        else:
            fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None, **titled})
    return buf.getvalue()


# -- validation ---------------------------------------------------------------------------------


def _number(field: str, value: object, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(field, "must be a number")
    x = float(value)
    if not (math.isfinite(x) and lo <= x <= hi):
        raise InputError(field, f"must be from {lo:g} to {hi:g}")
    return x


def _limit(field: str, value: float | None) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | np.floating | np.integer):
        raise InputError(field, "must be a number of mg/L")
    x = float(value)
    if not (math.isfinite(x) and x > 0):
        raise InputError(field, "must be a finite number of mg/L above 0")
    return x


def _series(
    field: str,
    values: object,
    *,
    length: int | None = None,
    min_len: int = 0,
    max_len: int = MAX_POINTS,
) -> npt.NDArray[np.float64]:
    if isinstance(values, str | bytes):
        raise InputError(field, "must be a sequence of numbers")
    try:
        a = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise InputError(field, "must be a sequence of numbers") from None
    if a.ndim != 1:
        raise InputError(field, "must be a flat sequence of numbers")
    if length is not None and len(a) != length:
        raise InputError(field, f"must have one value per time ({length}), got {len(a)}")
    if len(a) < min_len:
        raise InputError(field, f"must have at least {min_len} values, got {len(a)}")
    if len(a) > max_len:
        raise InputError(field, f"must have at most {max_len} values, got {len(a)}")
    bad = np.flatnonzero(~np.isfinite(a) | (a < 0))
    if len(bad):
        i = int(bad[0])
        raise InputError(field, f"must be finite and not negative; item {i} is {a[i]!r}")
    return a


# -- drawing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Data:
    """Validated input: times in days, levels in mg/L, doses in mg."""

    t: npt.NDArray[np.float64]
    c: npt.NDArray[np.float64]
    lo: npt.NDArray[np.float64] | None
    hi: npt.NDArray[np.float64] | None
    mid: npt.NDArray[np.float64] | None
    dose_days: npt.NDArray[np.float64]
    dose_mg: npt.NDArray[np.float64]
    assay: float | None
    thresh: float | None
    start: date | None
    missed: npt.NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))


def _draw(
    data: _Data, title: str, width_in: float, height_in: float, dpi: int, sizes: _Sizes
) -> Figure:
    t, c, lo, hi, mid = data.t, data.c, data.lo, data.hi, data.mid
    assay, thresh, start = data.assay, data.thresh, data.start
    fig = Figure(figsize=(width_in, height_in), dpi=dpi, layout="constrained")
    renderer: RendererBase = FigureCanvasAgg(fig).get_renderer()  # type: ignore[no-untyped-call]
    text_width_px = fig.bbox.width - 0.15 * dpi

    # x in days, or in matplotlib date numbers (days since the epoch) with a start date.
    base = _date_number(start) if start is not None else 0.0
    x = t + base
    days, mg = _merge_same_day(data.dose_days, data.dose_mg)
    visible = (days >= t[0]) & (days <= t[-1])
    changed = np.concatenate(([True], mg[1:] != mg[:-1]))
    if visible.any():
        changed[np.argmax(visible)] = True  # the first dose drawn is always labelled

    if visible.any():
        ax, strip = fig.subplots(2, 1, sharex=True, height_ratios=[4, 1], gridspec_kw={"hspace": 0})
    else:
        ax, strip = fig.subplots(), None
    bottom = strip if strip is not None else ax

    # the curve, band, median and horizontal lines
    handles: list[Any] = []
    (curve,) = ax.plot(x, c, color=_BLUE, linewidth=2.0, label=CURVE_LABEL, zorder=3)
    handles.append(curve)
    if lo is not None and hi is not None:
        handles.append(
            ax.fill_between(
                x, lo, hi, color=_SKY, alpha=0.35, linewidth=0, label=BAND_LABEL, zorder=1
            )
        )
    if mid is not None:
        (median,) = ax.plot(
            x, mid, color=_DARK_BLUE, linewidth=1.3, linestyle=":", label=MEDIAN_LABEL, zorder=2
        )
        handles.append(median)
    if thresh is not None:
        handles.append(
            ax.axhline(
                thresh,
                color=_VERMILLION,
                linewidth=1.4,
                linestyle=(0, (6, 3)),
                label=THRESHOLD_LABEL.format(value=_num(thresh)),
                zorder=2,
            )
        )
    if assay is not None:
        handles.append(
            ax.axhline(
                assay,
                color=_GREY,
                linewidth=1.4,
                linestyle=(0, (3, 2)),
                label=ASSAY_LABEL.format(value=_num(assay)),
                zorder=2,
            )
        )

    shown_missed = data.missed[(data.missed >= t[0]) & (data.missed <= t[-1])]
    for day in shown_missed:
        ax.axvline(day + base, color=_VERMILLION, linewidth=1.2, linestyle=(0, (1, 2)), zorder=2)
    if shown_missed.size:
        handles.append(
            Line2D(
                [],
                [],
                color=_VERMILLION,
                linewidth=1.2,
                linestyle=(0, (1, 2)),
                label=MISSED_LABEL,
            )
        )

    top = max(
        float(c.max()),
        float(hi.max()) if hi is not None else 0.0,
        float(mid.max()) if mid is not None else 0.0,
        thresh or 0.0,
        assay or 0.0,
    )
    ax.set_ylim(0, top * 1.08 if top > 0 else 1.0)
    ax.set_xlim(x[0], x[-1])
    ax.yaxis.set_major_locator(MaxNLocator(nbins="auto", min_n_ticks=3))
    ax.set_ylabel(Y_LABEL)
    ax.grid(True, color=_GRID, linewidth=0.7)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)

    # the x axis, on the bottom axes
    axes_w_in = max(width_in - 1.0, 1.0)
    if start is not None:
        locator = mdates.AutoDateLocator(  # type: ignore[no-untyped-call]
            minticks=3, maxticks=max(3, int(axes_w_in / 0.75))
        )
        bottom.xaxis.set_major_locator(locator)
        formatter = mdates.ConciseDateFormatter(locator)  # type: ignore[no-untyped-call]
        bottom.xaxis.set_major_formatter(formatter)
        bottom.set_xlabel("Date")
    else:
        max_ticks = max(3, int(axes_w_in / 0.6))
        span = float(t[-1] - t[0])
        step = next((s for s in _DAY_STEPS if span / s <= max_ticks), None)
        bottom.xaxis.set_major_locator(
            MultipleLocator(step) if step else MaxNLocator(max_ticks, integer=True)
        )
        bottom.set_xlabel("Day")

    # the doses
    if strip is not None:
        if not sizes.compact:  # a phone-sized chart keeps its height for the curve
            handles.append(Line2D([], [], label="Doses", **_triangle(filled=True)))
        # The strip carries the x axis; level 0 is the curve's bottom grid line, so a low assay
        # limit's dashes stay visible instead of disappearing into the axis line.
        ax.tick_params(axis="x", length=0)
        ax.spines["bottom"].set_visible(False)

    # title, legend (above the axes) and footnote, wrapped to the figure's width
    if title:
        title_font = {"fontsize": sizes.title, "fontweight": "bold"}
        fig.suptitle(
            _wrap(title, title_font, text_width_px, renderer, fig),
            x=0.01,
            ha="left",
            parse_math=False,
            **title_font,
        )
    foot_font = {"fontsize": sizes.foot, "fontstyle": "italic"}
    fig.supxlabel(
        _wrap(FOOTNOTE, foot_font, text_width_px, renderer, fig),
        x=0.01,
        ha="left",
        color=_SOFT_INK,
        parse_math=False,
        **foot_font,
    )
    if len(handles) > 1:
        _fit_legend(ax, handles, renderer, axes_w_in * dpi, sizes)

    # Lay out, then adjust what depends on the axes' size: a y label taller than the axes goes on
    # two lines, the legend gets as many columns as fit the axes' width, dose labels get rows.
    fig.draw_without_rendering()
    ylabel = ax.yaxis.label
    if ylabel.get_window_extent(renderer).height > ax.bbox.height:
        ylabel.set_text(Y_LABEL.replace(" (", "\n("))
        fig.draw_without_rendering()
    if len(handles) > 1:
        _fit_legend(ax, handles, renderer, ax.bbox.width, sizes)
    if strip is not None:
        _doses(
            fig,
            renderer,
            ax,
            strip,
            sizes,
            x=days[visible] + base,
            mg=mg[visible],
            changed=changed[visible],
        )
    return fig


def _fit_legend(
    ax: Any, handles: list[Any], renderer: RendererBase, width_px: float, sizes: _Sizes
) -> None:
    """The legend above the axes, in as many columns as fit ``width_px``."""
    for ncols in range(len(handles), 0, -1):
        legend: Legend = ax.legend(
            handles=handles,
            loc="lower left",
            bbox_to_anchor=(0, 1.01),
            borderaxespad=0,
            ncols=ncols,
            frameon=False,
            handlelength=1.8 if sizes.compact else 2.4,
            columnspacing=1.0 if sizes.compact else 1.4,
            labelspacing=0.3 if sizes.compact else 0.5,
        )
        if legend.get_window_extent(renderer).width <= width_px:
            return


def _triangle(*, filled: bool) -> dict[str, Any]:
    return {
        "linestyle": "none",
        "marker": "^",
        "markersize": _TRIANGLE_PT,
        "color": _SOFT_INK,
        "markerfacecolor": _SOFT_INK if filled else "white",
        "markeredgewidth": 1.0,
    }


def _doses(
    fig: Figure,
    renderer: RendererBase,
    ax: Any,
    strip: Any,
    sizes: _Sizes,
    *,
    x: npt.NDArray[np.float64],
    mg: npt.NDArray[np.float64],
    changed: npt.NDArray[np.bool_],
) -> None:
    """Triangles along the top of the strip, labelled where the dose changes."""
    strip.set_ylim(0, 1)
    strip.set_yticks([])
    for side in ("top", "left", "right"):
        strip.spines[side].set_visible(False)
    half = _TRIANGLE_PT / 2
    labelled = np.flatnonzero(changed)
    texts: list[Annotation] = [
        strip.annotate(
            f"{_num(mg[i])} mg",
            xy=(x[i], 1),
            xycoords=("data", "axes fraction"),
            xytext=(-half, -sizes.label_top),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=sizes.dose,
            color=_SOFT_INK,
            annotation_clip=False,
            in_layout=False,
            parse_math=False,
        )
        for i in labelled
    ]
    # Each label starts under its triangle (ends there near the right end), on the first row
    # where it keeps clear of the label before it; one that fits on no row is left out. The strip
    # takes at most 40% of the height of the two axes.
    fig.draw_without_rendering()
    pt = fig.dpi / 72
    total = ax.bbox.height + strip.bbox.height
    max_rows = int((0.4 * total / pt - sizes.label_top - 2) // sizes.row)
    max_rows = min(max(max_rows, 1), _MAX_ROWS)
    row_end = [-math.inf] * max_rows
    rows = 1
    shown = np.zeros(len(x), dtype=bool)
    for i, text in zip(labelled, texts, strict=True):
        box = text.get_window_extent(renderer)
        if box.x1 > strip.bbox.x1 + half * pt:
            text.set_horizontalalignment("right")
            text.xyann = (half, text.xyann[1])
            box = text.get_window_extent(renderer)
        row = next((r for r in range(max_rows) if box.x0 >= row_end[r] + _LABEL_GAP_PT * pt), None)
        if row is None:
            text.set_visible(False)
            continue
        shown[i] = True
        row_end[row] = box.x1
        rows = max(rows, row + 1)
        text.xyann = (text.xyann[0], -sizes.label_top - row * sizes.row)

    # A triangle is filled when its dose is the one last labelled at or before it, open when it
    # is not (its own label did not fit), so an unlabelled triangle never reads as a wrong dose.
    last_label = np.maximum.accumulate(np.where(shown, np.arange(len(x)), 0))
    as_labelled = shown[last_label] & (mg[last_label] == mg)
    at_edge = strip.get_xaxis_transform() + ScaledTranslation(
        0, -_TRIANGLE_PT * 0.75 / 72, fig.dpi_scale_trans
    )
    for filled in (True, False):
        pick = as_labelled == filled
        if pick.any():
            strip.plot(
                x[pick],
                np.ones(int(pick.sum())),
                clip_on=False,
                transform=at_edge,
                **_triangle(filled=filled),
            )

    # Size the strip for the rows used, keeping the two axes' total height.
    want = (sizes.label_top + rows * sizes.row + 2) * pt
    strip.get_subplotspec().get_gridspec().set_height_ratios([total - want, want])


def _wrap(
    text: str, font: dict[str, Any], width_px: float, renderer: RendererBase, fig: Figure
) -> str:
    """``text`` with line breaks so that it fits ``width_px`` in ``font``."""
    probe = Text(0, 0, text, figure=fig, parse_math=False, **font)
    if probe.get_window_extent(renderer).width <= width_px:
        return text
    for chars in range(len(text) - 1, 10, -1):
        wrapped = textwrap.fill(text, chars)
        probe.set_text(wrapped)
        if probe.get_window_extent(renderer).width <= width_px:
            return wrapped
    return textwrap.fill(text, 10)


def _date_number(day: date) -> float:
    """matplotlib's number for ``day`` (days since its date epoch)."""
    return float(mdates.date2num(day))  # type: ignore[no-untyped-call]


def _merge_same_day(
    days: npt.NDArray[np.float64], mg: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    if len(days) == 0:
        return days, mg
    starts = np.concatenate(([True], days[1:] != days[:-1]))
    idx = np.flatnonzero(starts)
    return days[idx], np.add.reduceat(mg, idx)


def _num(value: float) -> str:
    """A dose or a level as people write it, to 4 significant digits: 600, 0.078, 2.5, 0.00002."""
    return np.format_float_positional(value, precision=4, fractional=False, trim="-")
