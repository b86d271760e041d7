"""The drug-level chart: PNG of the requested pixel size, SVG with its text kept as text, byte-identical
renders, the variability band and dose labels, refused input naming the field, and no global state
left behind."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime

import matplotlib
import matplotlib.image
import numpy as np
import pytest

from calmskin.core.errors import InputError
from calmskin.core.pk.chart import BAND_LABEL, FOOTNOTE, MEDIAN_LABEL, Y_LABEL, render_chart

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_TEXT = "{http://www.w3.org/2000/svg}text"


def one_compartment(t, dose_days, dose_mg, *, f=0.64, v_l=4.8, ka=0.31, ke=0.033):
    """Levels (mg/L) of a first-order-absorption one-compartment model, by superposition."""
    c = np.zeros_like(t, dtype=float)
    for day, mg in zip(dose_days, dose_mg, strict=True):
        dt = t - day
        on = dt >= 0
        c[on] += f * mg * ka / (v_l * (ka - ke)) * (np.exp(-ke * dt[on]) - np.exp(-ka * dt[on]))
    return c


def regimen(weeks):
    """600 mg on day 0, then 300 mg every 14 days up to the end of ``weeks``."""
    days = [0.0, *(14.0 * k for k in range(1, weeks // 2 + 1))]
    return days, [600.0] + [300.0] * (len(days) - 1)


def example(weeks=26, **kwargs):
    t = np.linspace(0, weeks * 7, weeks * 7 * 4 + 1)
    days, mg = regimen(weeks)
    c = one_compartment(t, days, mg)
    args = {
        "p05": c * 0.7,
        "p95": c * 1.3,
        "dose_days": days,
        "dose_mg": mg,
        "title": "Dupilumab 600 mg then 300 mg every 2 weeks",
        "assay_limit": 0.078,
    }
    args.update(kwargs)
    return t, c, args


def texts(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)
    return [el.text or "" for el in root.iter(SVG_TEXT)]


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == PNG_SIGNATURE
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


# -- PNG --------------------------------------------------------------------------------------------


def test_png_has_the_signature_and_the_requested_pixel_size():
    t, c, args = example()
    png = render_chart(t, c, **args)
    assert png.startswith(PNG_SIGNATURE)
    assert png_size(png) == (1200, 675)  # 8 × 4.5 in at 150 dpi
    pixels = matplotlib.image.imread(io.BytesIO(png))
    assert pixels.shape[:2] == (675, 1200)


@pytest.mark.parametrize(
    ("width_in", "height_in", "dpi", "pixels"),
    [(4, 3, 150, (600, 450)), (6.5, 4, 100, (650, 400)), (10, 6, 72, (720, 432))],
)
def test_png_size_follows_inches_and_dpi(width_in, height_in, dpi, pixels):
    t, c, args = example()
    png = render_chart(t, c, width_in=width_in, height_in=height_in, dpi=dpi, **args)
    assert png_size(png) == pixels


def test_png_is_deterministic_and_carries_no_time_stamp():
    t, c, args = example()
    first = render_chart(t, c, **args)
    assert render_chart(t, c, **args) == first
    assert b"tIME" not in first and b"Software" not in first


# -- SVG --------------------------------------------------------------------------------------------


def test_svg_parses_and_keeps_title_footnote_labels_and_doses_as_text():
    t, c, args = example()
    svg = render_chart(t, c, fmt="svg", **args)
    found = texts(svg)
    assert args["title"] in found
    assert FOOTNOTE in found
    assert Y_LABEL in found
    assert "assay limit 0.078 mg/L" in found
    # a label only where the dose changes: the loading dose and the first maintenance dose
    assert found.count("600 mg") == 1
    assert found.count("300 mg") == 1


def test_svg_is_byte_identical_across_renders():
    t, c, args = example()
    first = render_chart(t, c, fmt="svg", **args)
    assert render_chart(t, c, fmt="svg", **args) == first
    assert b"<dc:date>" not in first


def test_svg_size_is_the_figure_size_in_points():
    t, c, args = example()
    root = ET.fromstring(render_chart(t, c, fmt="svg", width_in=4, height_in=3, **args))
    assert (root.get("width"), root.get("height")) == ("288pt", "216pt")


def test_band_is_drawn_and_labelled_only_when_given():
    t, c, args = example()
    with_band = texts(render_chart(t, c, fmt="svg", **args))
    assert BAND_LABEL in with_band
    del args["p05"], args["p95"]
    assert BAND_LABEL not in texts(render_chart(t, c, fmt="svg", **args))


def test_median_and_threshold_lines_are_in_the_legend():
    t, c, args = example()
    found = texts(render_chart(t, c, fmt="svg", p50=c * 0.98, threshold=20, **args))
    assert MEDIAN_LABEL in found
    assert "threshold 20 mg/L" in found


def test_start_date_puts_dates_on_the_x_axis():
    t, c, args = example()
    found = texts(render_chart(t, c, fmt="svg", start_date=date(2028, 2, 15), **args))
    assert "Date" in found and "Day" not in found
    assert {"Mar", "May", "Jul"} <= set(found)
    assert "2028" in found


def test_doses_on_one_day_are_one_mark_with_their_total():
    t = np.linspace(0, 56, 225)
    days, mg = [0, 0, 14, 28, 42], [300, 300, 300, 300, 300]
    found = texts(
        render_chart(
            t, one_compartment(t, days, mg), dose_days=days, dose_mg=mg, fmt="svg", title="x"
        )
    )
    assert [s for s in found if s.endswith(" mg")] == ["600 mg", "300 mg"]


def test_every_change_of_dose_is_labelled_and_doses_outside_the_time_range_are_not_drawn():
    t = np.linspace(0, 140, 561)
    days = [0, 28, 56, 84, 112, 168]
    mg = [600, 300, 150, 300, 300, 450]  # the 450 mg dose is after the last time
    found = texts(
        render_chart(t, one_compartment(t, days, mg), dose_days=days, dose_mg=mg, fmt="svg")
    )
    assert [s for s in found if s.endswith(" mg")] == ["600 mg", "300 mg", "150 mg", "300 mg"]


def test_title_is_plain_text_not_mathtext():
    t, c, args = example(title="Cost $5 vs $10, 50% off_x ^2")
    assert "Cost $5 vs $10, 50% off_x ^2" in texts(render_chart(t, c, fmt="svg", **args))


def test_long_title_and_footnote_wrap_on_a_phone_sized_chart():
    title = "Dupilumab 600 mg then 300 mg every 2 weeks for a person of 70 kg, first 26 weeks"
    t, c, args = example(title=title)
    svg = render_chart(t, c, fmt="svg", width_in=4, height_in=3, **args)
    joined = " ".join(" ".join(texts(svg)).split())
    assert title in joined
    assert FOOTNOTE in joined
    assert title not in texts(svg)  # on more than one line
    png = render_chart(t, c, width_in=4, height_in=3, **args)
    assert png_size(png) == (600, 450)


def test_a_year_of_27_doses_renders_in_reasonable_size():
    t, c, args = example(weeks=52)
    assert len(args["dose_days"]) == 27
    png = render_chart(t, c, start_date=date(2028, 1, 3), **args)
    svg = render_chart(t, c, fmt="svg", **args)
    assert png_size(png) == (1200, 675)
    assert len(png) < 300_000
    assert len(svg) < 400_000
    found = texts(svg)
    assert found.count("600 mg") == 1 and found.count("300 mg") == 1


def test_minimal_chart_without_doses_or_band():
    svg = render_chart([0, 1, 2], [0, 0, 0], fmt="svg")
    found = texts(svg)
    assert FOOTNOTE in found and "Day" in found
    assert not [s for s in found if s.endswith(" mg")]


# -- input ------------------------------------------------------------------------------------------

T = [0.0, 1.0, 2.0]
C = [0.0, 5.0, 4.0]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"times_days": [0.0]}, "times_days"),
        ({"times_days": [0.0, 2.0, 1.0]}, "times_days"),
        ({"times_days": [1.0, 1.0, 1.0]}, "times_days"),
        ({"times_days": [-1.0, 0.0, 1.0]}, "times_days"),
        ({"times_days": [0.0, np.inf, 2.0]}, "times_days"),
        ({"times_days": [[0.0, 1.0], [2.0, 3.0]]}, "times_days"),
        ({"conc": [1.0, 2.0]}, "conc"),
        ({"conc": [1.0, float("nan"), 2.0]}, "conc"),
        ({"conc": [1.0, -0.1, 2.0]}, "conc"),
        ({"conc": ["a", "b", "c"]}, "conc"),
        ({"conc": "abc"}, "conc"),
        ({"p05": [0.0, 1.0, 1.0]}, "p95"),
        ({"p95": [0.0, 1.0, 1.0]}, "p05"),
        ({"p05": [0.0, 2.0, 1.0], "p95": [0.0, 1.0, 1.0]}, "p95"),
        ({"p05": [0.0, 1.0], "p95": [0.0, 1.0, 1.0]}, "p05"),
        ({"p50": [0.0, 1.0, np.nan]}, "p50"),
        ({"dose_days": [0.0, 1.0], "dose_mg": [600.0]}, "dose_mg"),
        ({"dose_days": [1.0, 0.0], "dose_mg": [600.0, 300.0]}, "dose_days"),
        ({"dose_days": [-1.0], "dose_mg": [600.0]}, "dose_days"),
        ({"dose_days": [0.0], "dose_mg": [0.0]}, "dose_mg"),
        ({"dose_days": [0.0], "dose_mg": [np.inf]}, "dose_mg"),
        ({"fmt": "jpg"}, "fmt"),
        ({"assay_limit": 0.0}, "assay_limit"),
        ({"assay_limit": float("nan")}, "assay_limit"),
        ({"assay_limit": "0.078"}, "assay_limit"),
        ({"threshold": -5.0}, "threshold"),
        ({"threshold": float("inf")}, "threshold"),
        ({"start_date": datetime(2028, 2, 15, 9, 0)}, "start_date"),
        ({"start_date": "2028-02-15"}, "start_date"),
        ({"title": "two\nlines"}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"width_in": 0}, "width_in"),
        ({"width_in": float("nan")}, "width_in"),
        ({"height_in": 100}, "height_in"),
        ({"dpi": 0}, "dpi"),
        ({"dpi": 150.0}, "dpi"),
        ({"dpi": 600, "width_in": 20}, "dpi"),
    ],
)
def test_bad_input_is_refused_naming_the_field(kwargs, field):
    args = {"times_days": T, "conc": C, **kwargs}
    times, conc = args.pop("times_days"), args.pop("conc")
    with pytest.raises(InputError) as err:
        render_chart(times, conc, **args)
    assert err.value.field == field


def test_sequences_and_arrays_are_both_accepted():
    assert render_chart(T, C) == render_chart(np.array(T), np.array(C))
    assert render_chart((0, 1, 2), (0, 5, 4), dose_days=(0,), dose_mg=(600,)).startswith(
        PNG_SIGNATURE
    )


# -- global state ---------------------------------------------------------------------------------


def test_global_rcparams_are_left_as_they_were():
    before = dict(matplotlib.rcParams)
    t, c, args = example()
    render_chart(t, c, fmt="svg", **args)
    render_chart(t, c, **args)
    assert dict(matplotlib.rcParams) == before


def test_a_process_style_does_not_change_the_chart():
    t, c, args = example()
    expected = render_chart(t, c, fmt="svg", **args)
    with matplotlib.rc_context({"lines.linewidth": 7, "font.size": 20, "svg.fonttype": "path"}):
        assert render_chart(t, c, fmt="svg", **args) == expected


def test_concurrent_renders_match_sequential_ones():
    t, c, args = example()
    jobs = [("svg", 8.0), ("png", 8.0), ("svg", 4.0), ("png", 4.0)]
    expected = [render_chart(t, c, fmt=f, width_in=w, height_in=3, **args) for f, w in jobs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(
            pool.map(
                lambda job: render_chart(t, c, fmt=job[0], width_in=job[1], height_in=3, **args),
                jobs,
            )
        )
    assert got == expected


def test_pyplot_is_never_imported():
    code = (
        "import sys\n"
        "from calmskin.core.pk.chart import render_chart\n"
        "render_chart([0, 1, 2], [0, 5, 4], dose_days=[0], dose_mg=[600], fmt='svg')\n"
        "render_chart([0, 1, 2], [0, 5, 4])\n"
        "assert 'matplotlib.pyplot' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_missed_doses_are_drawn_and_named_in_the_legend():
    t, c, args = example()
    without = render_chart(t, c, fmt="svg", **args)
    with_missed = render_chart(t, c, fmt="svg", missed_days=[42.0, 70.0], **args)
    assert "Missed dose" in texts(with_missed)
    assert "Missed dose" not in texts(without)
    # two dotted vertical lines: one more path per missed day (plus the legend sample)
    assert with_missed.count(b"<path") - without.count(b"<path") >= 2
    outside = render_chart(t, c, fmt="svg", missed_days=[10_000.0], **args)
    assert "Missed dose" not in texts(outside)
    with pytest.raises(InputError) as raised:
        render_chart(t, c, missed_days=[float("nan")], **args)
    assert raised.value.field.startswith("missed_days")
