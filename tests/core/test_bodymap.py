"""The body areas of the check-in's body map: ids, sides and their EASI regions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calmskin.core import bodymap
from calmskin.core.errors import InputError

IDS = bodymap.area_ids()


def test_ids_are_unique_and_every_area_has_a_view_and_region() -> None:
    assert len(IDS) == len(bodymap.AREAS) == 42
    assert {area.view for area in bodymap.AREAS} == {"front", "back"}
    assert {area.region for area in bodymap.AREAS} == set(bodymap.EASI_REGIONS)


def test_paired_areas_come_as_right_and_left_with_the_same_name() -> None:
    for area in bodymap.AREAS:
        if area.side == "centre":
            assert not area.id.endswith(("-left", "-right"))
            continue
        other_side = "left" if area.side == "right" else "right"
        twin = bodymap.area(area.id.removesuffix(area.side) + other_side)
        assert (twin.name, twin.view, twin.region, twin.side) == (
            area.name,
            area.view,
            area.region,
            other_side,
        )


@pytest.mark.parametrize(
    ("area_id", "region"),
    [
        # EASI: the genital area counts with the trunk, the buttocks with the lower limbs.
        ("genital-area", "trunk"),
        ("buttocks", "lower_limbs"),
        ("face", "head_neck"),
        ("scalp", "head_neck"),
        ("neck-back", "head_neck"),
        ("upper-back", "trunk"),
        ("elbow-crease-left", "upper_limbs"),
        ("hand-back-right", "upper_limbs"),
        ("palm-left", "upper_limbs"),
        ("knee-back-right", "lower_limbs"),
        ("sole-left", "lower_limbs"),
    ],
)
def test_easi_region_of_an_area(area_id: str, region: str) -> None:
    assert bodymap.area(area_id).region == region


def test_labels_carry_the_side() -> None:
    assert bodymap.area("elbow-crease-left").label == "Elbow crease (left)"
    assert bodymap.area("knee-back-right").label == "Back of the knee (right)"
    assert bodymap.area("chest").label == "Chest"


def test_clean_areas_orders_like_the_map_and_drops_repeats() -> None:
    chosen = ["knee-back-left", "face", "knee-back-left", "chest"]
    assert bodymap.clean_areas(chosen) == ["face", "chest", "knee-back-left"]


@pytest.mark.parametrize("bad", ["elbow", "", "FACE", 3, None])
def test_clean_areas_refuses_an_unknown_area_naming_the_field(bad: object) -> None:
    with pytest.raises(InputError) as raised:
        bodymap.clean_areas(["face", bad], field="check_in.body_areas")
    assert raised.value.field == "check_in.body_areas"
    assert repr(bad) in raised.value.message


def test_regions_affected_in_easi_order() -> None:
    assert bodymap.regions_affected(["sole-left", "face", "buttocks"]) == [
        "head_neck",
        "lower_limbs",
    ]
    assert bodymap.regions_affected([]) == []


@given(st.lists(st.sampled_from(IDS)))
def test_clean_areas_is_a_sorted_set_of_the_input(chosen: list[str]) -> None:
    cleaned = bodymap.clean_areas(chosen)
    assert set(cleaned) == set(chosen)
    assert len(cleaned) == len(set(chosen))
    assert cleaned == sorted(cleaned, key=IDS.index)
    assert bodymap.clean_areas(reversed(chosen)) == cleaned
    assert set(bodymap.regions_affected(cleaned)) == {bodymap.area(a).region for a in chosen}
