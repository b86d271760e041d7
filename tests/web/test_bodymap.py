"""The body map on the daily check-in: figures drawn from the core's areas, saved in map order."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from typing import Any

import pytest
from django.test import Client
from web_factories import make_profile, make_user

from calmskin.core import bodymap as core_bodymap
from calmskin.web.diary import bodymap
from calmskin.web.diary.models import CheckIn


@pytest.fixture
def alice(db: None) -> Any:
    return make_user("alice")


@pytest.fixture
def client_alice(client: Client, alice: Any) -> Client:
    client.force_login(alice)
    return client


def _box(shape: bodymap.Shape) -> tuple[int, int, int, int]:
    a, b, c, d = shape.numbers
    if shape.kind == "ellipse":
        return (a - c, b - d, a + c, b + d)
    return (a, b, a + c, b + d)


def test_every_area_is_drawn_inside_its_figure_without_overlapping_another() -> None:
    figures = bodymap.figures(set())
    assert [f.view for f in figures] == ["front", "back"]
    drawn = [area.id for figure in figures for area in figure.areas]
    assert sorted(drawn) == sorted(core_bodymap.area_ids())
    for figure in figures:
        boxes = [(area.id, _box(area.shape)) for area in figure.areas]
        for i, (name, (x0, y0, x1, y1)) in enumerate(boxes):
            assert 0 <= x0 < x1 <= bodymap.WIDTH and 0 <= y0 < y1 <= bodymap.HEIGHT, name
            for other, (u0, v0, u1, v1) in boxes[i + 1 :]:
                overlap = x0 < u1 and u0 < x1 and y0 < v1 and v0 < y1
                assert not overlap, f"{name} overlaps {other} on the {figure.view} view"


def test_the_persons_right_is_on_the_viewers_left_in_front_and_on_the_right_from_behind() -> None:
    front, back = bodymap.figures(set())
    front_shapes = {a.id: _box(a.shape) for a in front.areas}
    back_shapes = {a.id: _box(a.shape) for a in back.areas}
    assert front_shapes["palm-right"][0] < front_shapes["palm-left"][0]
    assert back_shapes["hand-back-right"][0] > back_shapes["hand-back-left"][0]
    assert (front.viewer_left, back.viewer_left) == ("R", "L")
    # mirrored pairs sit symmetrically about the figure's middle line
    left, right = front_shapes["shin-left"], front_shapes["shin-right"]
    assert left[0] + right[2] == bodymap.WIDTH == right[0] + left[2]


def test_check_in_saves_areas_in_map_order_and_shows_them_marked(
    client_alice: Client, alice: Any
) -> None:
    profile = make_profile(alice)
    url = f"/diary/profiles/{profile.uuid}/today/"
    data = {
        "peak_itch": "6",
        "sleep_loss": "3",
        "body_areas": ["knee-back-left", "elbow-crease-right", "knee-back-left"],
    }
    assert client_alice.post(url, data).status_code == 302
    saved = CheckIn.objects.get(profile=profile)
    assert saved.body_areas == ["elbow-crease-right", "knee-back-left"]
    assert saved.body_area_labels() == ["Elbow crease (right)", "Back of the knee (left)"]

    html = client_alice.get(url).content.decode()
    marked = re.findall(r'class="bodymap-area is-selected" data-area="([\w-]+)"', html)
    assert marked == ["elbow-crease-right", "knee-back-left"]
    assert re.search(r"data-bodymap-count>2<", html)
    checked = re.findall(r'value="([\w-]+)"[^>]*checked', html)
    assert {"elbow-crease-right", "knee-back-left"} <= set(checked)
    assert "diary/bodymap.js" in html


def test_an_unknown_area_is_refused_next_to_the_field_and_nothing_is_saved(
    client_alice: Client, alice: Any
) -> None:
    profile = make_profile(alice)
    url = f"/diary/profiles/{profile.uuid}/today/"
    data = {"peak_itch": "6", "sleep_loss": "3", "body_areas": ["face", "tail"]}
    response = client_alice.post(url, data)
    assert response.status_code == 200
    assert not CheckIn.objects.filter(profile=profile).exists()
    html = response.content.decode()
    block = html[html.index('data-testid="field-body_areas"') :]
    block = block[: block.index("</fieldset>")]
    assert "“tail” is not one of the body areas." in block
    # what the person chose is kept: the face stays ticked and marked, the list is open
    assert re.search(r'value="face"[^>]*checked', block)
    assert 'class="bodymap-area is-selected" data-area="face"' in block
    assert '<details class="bodymap-list" open>' in block


def test_export_carries_the_areas(client_alice: Client, alice: Any) -> None:
    profile = make_profile(alice)
    client_alice.post(
        f"/diary/profiles/{profile.uuid}/today/",
        {"peak_itch": "2", "sleep_loss": "1", "body_areas": ["palm-left", "face"]},
    )
    export = client_alice.get(f"/exports/profiles/{profile.uuid}/calmskin.zip")
    assert export.status_code == 200
    body = b"".join(export.streaming_content)
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read("check_ins.csv").decode("utf-8-sig"))))
    assert rows[0]["body_areas"] == "face;palm-left"
