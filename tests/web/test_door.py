"""The one door: every view that takes a profile's id, or the id of anything a profile owns, is
behind ``profile_view``; and the door does its steps in order (log-in, ownership, method, zone)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from web_factories import make_profile, make_user

from calmskin.web.lib.door import DOOR_MARK

ID_KWARGS = {
    "profile_uuid",
    "treatment_uuid",
    "check_in_uuid",
    "photo_uuid",
    "response_uuid",
    "side_effect_uuid",
    "pen_uuid",
    "injection_uuid",
}


def patterns(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Every URL pattern of the project with its full route and its view."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def test_every_view_that_takes_a_profile_or_record_id_is_behind_the_door() -> None:
    checked = []
    outside = []
    for route, view in patterns():
        takes_id = any(f":{name}>" in route for name in ID_KWARGS)
        if takes_id:
            checked.append(route)
            if not hasattr(view, DOOR_MARK):
                outside.append(route)
    assert not outside, f"views that take a profile's data outside the door: {outside}"
    # the walk really found the patient pages (a broken walk would pass vacuously)
    assert len(checked) >= 40
    assert any("injection_uuid" in route for route in checked)


def test_every_id_in_a_url_is_one_the_door_knows() -> None:
    """A new kind of id in a URL must be added to ID_KWARGS (and so to the door test above)."""
    unknown = [
        route
        for route, _view in patterns()
        if "uuid:" in route and not any(f":{name}>" in route for name in ID_KWARGS)
    ]
    assert unknown == []


@pytest.fixture
def tokyo(db: None) -> Any:
    user = make_user("kenji")
    return make_profile(user, "Kenji", time_zone="Asia/Tokyo")


def test_the_door_answers_404_before_405_for_a_stranger(tokyo: Any, client: Client) -> None:
    client.force_login(make_user("stranger"))
    # switch takes POST only: the stranger's GET is 404, not 405 (which would confirm the id)
    assert client.get(f"/diary/profiles/{tokyo.uuid}/switch/").status_code == 404
    client.force_login(tokyo.account)
    assert client.get(f"/diary/profiles/{tokyo.uuid}/switch/").status_code == 405


def test_the_door_sends_an_anonymous_visitor_to_log_in(tokyo: Any, client: Client) -> None:
    response = client.get(f"/diary/profiles/{tokyo.uuid}/today/")
    assert response.status_code == 302
    assert "/account/log-in/?next=" in response["Location"]


def test_the_door_reads_today_in_the_profiles_zone(tokyo: Any, client: Client) -> None:
    """At 15:30 UTC on 1 January it is already 2 January in Tokyo: the check-in is for that day."""
    with time_machine.travel(datetime(2027, 1, 1, 15, 30, tzinfo=UTC)):
        client.force_login(tokyo.account)
        page = client.get(f"/diary/profiles/{tokyo.uuid}/today/").content.decode()
        assert "2 January 2027" in page
        assert timezone.get_current_timezone_name() == "UTC"  # the zone ends with the request
