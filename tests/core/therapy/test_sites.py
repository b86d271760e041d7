"""Injection sites: caregiver vs self, rotation, loading pairs, same-area sets of four, set checks,
the navel rule, and rotation properties for any history."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calmskin.core.errors import InputError
from calmskin.core.therapy.catalog import DRUG_IDS, load_drug
from calmskin.core.therapy.sites import (
    RECENT_WINDOW,
    SITES,
    allowed_sites,
    check_injection_set,
    navel_rule_text,
    site_guide,
    site_label,
    suggest_sites,
)

ARMS = ("upper-arm-left", "upper-arm-right")
SELF_SITES = tuple(s for s in SITES if s not in ARMS)


def area(site_id: str) -> str:
    return SITES[site_id].area


@pytest.mark.parametrize("drug", DRUG_IDS)
def test_upper_arm_only_when_a_caregiver_injects(drug):
    assert allowed_sites(drug, "self") == SELF_SITES
    assert allowed_sites(drug, "caregiver") == tuple(SITES)


def test_site_ids_areas_and_labels():
    assert len(SITES) == 10
    assert {area(s) for s in SITES} == {"abdomen", "thigh", "upper_arm"}
    assert site_label("thigh-left-upper") == "Left thigh (upper)"
    assert site_label("abdomen-lower-right") == "Abdomen (lower right)"
    assert site_label("upper-arm-right") == "Right upper arm"
    with pytest.raises(InputError):
        site_label("knee")


def test_journey_first_loading_pair_is_thigh_left_and_abdomen_right():
    pair = suggest_sites("dupilumab", "self", [], count=2)
    assert pair == ("thigh-left-upper", "abdomen-lower-right")
    assert pair[0].startswith("thigh-left-") and pair[1].startswith("abdomen-")
    assert pair[1].endswith("-right")
    assert suggest_sites("dupilumab", "self", [], count=2) == pair  # deterministic


@pytest.mark.parametrize("drug", DRUG_IDS)
@pytest.mark.parametrize("injector", ["self", "caregiver"])
def test_rotation_never_repeats_the_last_site_and_uses_every_site(drug, injector):
    history: list[str] = []
    allowed = allowed_sites(drug, injector)
    for _ in range(3 * len(allowed)):
        (site,) = suggest_sites(drug, injector, history)
        assert site in allowed
        assert site not in history[-RECENT_WINDOW:]  # not in the last few injections
        history.append(site)
    # Every allowed site appears once in each full round.
    for start in range(0, len(history), len(allowed)):
        assert sorted(history[start : start + len(allowed)]) == sorted(allowed)


def test_self_rotation_alternates_areas():
    history: list[str] = []
    for _ in range(10):
        history.extend(suggest_sites("dupilumab", "self", history))
    assert all(area(a) != area(b) for a, b in pairwise(history))


def test_rotation_prefers_the_other_area_and_the_least_recent_site():
    history = ["abdomen-lower-left", "thigh-right-upper", "abdomen-upper-left"]
    (site,) = suggest_sites("dupilumab", "self", history)
    assert area(site) == "thigh" and site != "thigh-right-upper"


@pytest.mark.parametrize(
    ("last", "expected"),
    [
        ("abdomen-lower-left", "thigh-right-upper"),
        ("abdomen-lower-right", "thigh-left-upper"),
        ("thigh-right-lower", "abdomen-lower-left"),
    ],
)
def test_next_injection_goes_to_the_other_area_and_side(last, expected):
    assert suggest_sites("dupilumab", "self", [last]) == (expected,)


def test_recently_used_sites_come_last_oldest_first():
    history = list(SELF_SITES[:-1])  # seven of the eight self sites, the last four recent
    picks = suggest_sites("dupilumab", "self", history, count=len(SELF_SITES))
    assert sorted(picks) == sorted(SELF_SITES)
    assert picks[-RECENT_WINDOW:] == tuple(history[-RECENT_WINDOW:])
    assert picks[0] not in history[-RECENT_WINDOW:]


def test_history_with_a_caregiver_arm_is_accepted_when_self_injecting():
    (site,) = suggest_sites("dupilumab", "self", ["upper-arm-left"])
    assert site in SELF_SITES


@pytest.mark.parametrize("drug", DRUG_IDS)
def test_loading_pair_distinct_and_passes_the_set_check(drug):
    pair = suggest_sites(drug, "self", ["thigh-left-upper"], count=2)
    assert len(set(pair)) == 2 and "thigh-left-upper" not in pair
    assert area(pair[0]) != area(pair[1])
    check_injection_set(drug, "self", pair)  # no error


def test_caregiver_set_of_three_spreads_over_three_areas():
    trio = suggest_sites("dupilumab", "caregiver", [], count=3)
    assert {area(s) for s in trio} == {"abdomen", "thigh", "upper_arm"}


@pytest.mark.parametrize("injector", ["self", "caregiver"])
def test_tralokinumab_loading_four_sites_within_one_area(injector):
    loading = suggest_sites("tralokinumab", injector, [], count=4, same_area=True)
    assert len(set(loading)) == 4
    assert len({area(s) for s in loading}) == 1
    check_injection_set("tralokinumab", injector, loading, same_area=True)
    # The next set of four goes to another body area.
    following = suggest_sites("tralokinumab", injector, list(loading), count=4, same_area=True)
    assert len({area(s) for s in following}) == 1
    assert area(following[0]) != area(loading[0])
    assert not set(following) & set(loading)


def test_same_area_set_avoids_the_area_of_the_last_injection():
    pair = suggest_sites("tralokinumab", "self", ["thigh-left-lower"], count=2, same_area=True)
    assert {area(s) for s in pair} == {"abdomen"}


def test_same_area_pair_for_a_caregiver_may_use_the_arms():
    history = ["thigh-left-upper", "abdomen-lower-right"]
    pair = suggest_sites("tralokinumab", "caregiver", history, count=2, same_area=True)
    assert set(pair) == set(ARMS)


def test_same_area_never_picks_an_area_too_small():
    # Three sites in one area: the arms (2 sites) cannot hold them, even if least recently used.
    history = ["thigh-left-upper", "abdomen-lower-right"]
    trio = suggest_sites("tralokinumab", "caregiver", history, count=3, same_area=True)
    assert {area(s) for s in trio} <= {"abdomen", "thigh"} and len({area(s) for s in trio}) == 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"count": 5, "same_area": True}, "count"),
        ({"count": 9}, "count"),
        ({"count": 0}, "count"),
        ({"count": True}, "count"),
        ({"history": ["knee"]}, "history"),
        ({"history": "thigh-left-upper"}, "history"),
        ({"injector": "robot"}, "injector"),
        ({"drug_id": "aspirin"}, "drug"),
    ],
)
def test_suggest_bad_input(kwargs, field):
    args = {"drug_id": "tralokinumab", "injector": "self", "history": [], **kwargs}
    with pytest.raises(InputError) as caught:
        suggest_sites(**args)
    assert caught.value.field == field


def test_caregiver_can_place_ten_sites_but_not_eleven():
    assert len(set(suggest_sites("dupilumab", "caregiver", [], count=10))) == 10
    with pytest.raises(InputError):
        suggest_sites("dupilumab", "caregiver", [], count=11)


@pytest.mark.parametrize(
    ("injector", "sites", "same_area", "needle"),
    [
        ("self", ["thigh-left-upper", "thigh-left-upper"], False, "used twice"),
        ("self", ["upper-arm-left"], False, "the upper arm is for injections given by a caregiver"),
        ("self", ["thigh-left-upper", "elbow"], False, "unknown site 'elbow'"),
        ("self", ["thigh-left-upper", "abdomen-lower-right"], True, "within one body area"),
        ("caregiver", ["upper-arm-left", "thigh-left-upper"], True, "thigh and upper arm"),
        ("self", [], False, "at least one site"),
        ("self", "thigh-left-upper", False, "list of site ids"),
    ],
)
def test_check_injection_set_refuses(injector, sites, same_area, needle):
    with pytest.raises(InputError) as caught:
        check_injection_set("tralokinumab", injector, sites, same_area=same_area)
    assert caught.value.field == "sites"
    assert needle in caught.value.message


def test_check_injection_set_accepts_valid_sets():
    check_injection_set("dupilumab", "caregiver", ["upper-arm-left", "thigh-right-lower"])
    check_injection_set(
        "tralokinumab",
        "self",
        ["abdomen-upper-left", "abdomen-upper-right", "abdomen-lower-left", "abdomen-lower-right"],
        same_area=True,
    )
    with pytest.raises(InputError) as caught:
        check_injection_set("dupilumab", "robot", ["thigh-left-upper"])
    assert caught.value.field == "injector"


@pytest.mark.parametrize("drug", DRUG_IDS)
def test_navel_rule_comes_from_the_data(drug):
    assert load_drug(drug).sites.navel_margin_cm == 5
    assert navel_rule_text(drug) == "Keep 5 cm (2 inches) away from the navel."


@pytest.mark.parametrize("drug", DRUG_IDS)
def test_site_guide_flags_unconfirmed_site_rules(drug):
    guide = site_guide(drug, "caregiver")
    rules = load_drug(drug).sites
    assert guide.status == rules.status
    assert (guide.caution is not None) == (rules.status == "unconfirmed")
    result = guide.to_json()
    assert [s["id"] for s in result["allowed"]] == list(SITES)
    assert result["navel_rule"].startswith("Keep 5 cm")


def test_site_guide_for_lebrikizumab_carries_a_caution():
    guide = site_guide("lebrikizumab", "self")
    assert guide.status == "unconfirmed"
    assert guide.caution is not None and "leaflet" in guide.caution


@settings(max_examples=300, deadline=None)
@given(
    drug=st.sampled_from(DRUG_IDS),
    injector=st.sampled_from(["self", "caregiver"]),
    history=st.lists(st.sampled_from(tuple(SITES)), max_size=25),
    count=st.integers(min_value=1, max_value=4),
    same_area=st.booleans(),
)
def test_suggestions_are_allowed_distinct_and_avoid_the_last_site(
    drug, injector, history, count, same_area
):
    picks = suggest_sites(drug, injector, history, count=count, same_area=same_area)
    allowed = allowed_sites(drug, injector)
    assert len(picks) == count
    assert len(set(picks)) == count
    assert set(picks) <= set(allowed)
    if history:
        assert history[-1] not in picks
    if same_area:
        assert len({area(s) for s in picks}) == 1
        check_injection_set(drug, injector, picks, same_area=True)
    else:
        check_injection_set(drug, injector, picks)
    assert suggest_sites(drug, injector, history, count=count, same_area=same_area) == picks
