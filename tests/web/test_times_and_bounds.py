"""Issue 10's findings, each reproduced: times typed in the profile's own zone (across DST), dates
that cannot be true, unusual entries confirmed, a form saved once, and one transaction per action.

The clock is frozen with time-machine (it ticks on from the instant given) and the session is
opened inside the frozen time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from web_factories import make_profile, make_user

from calmskin.web.diary.models import Profile
from calmskin.web.sideeffects.models import SideEffect
from calmskin.web.treatment import services
from calmskin.web.treatment.models import Injection, PenOut, PlanStep, Treatment

TOKYO = ZoneInfo("Asia/Tokyo")
NEW_YORK = ZoneInfo("America/New_York")


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def once_token(html: str) -> str:
    match = re.search(r'name="once" value="([0-9a-f-]{36})"', html)
    assert match, "the form carries no one-time token"
    return match.group(1)


def course(profile: Profile, start: date, *, loading: bool = True) -> Treatment:
    """Dupilumab as for an adult: 600 mg (2 x 300) on the start day, then 300 mg every 14 days."""
    treatment = Treatment.objects.create(
        profile=profile,
        drug="dupilumab",
        start_date=start,
        loading=[{"day": 0, "dose_mg": 600, "injections": 2, "injection_mg": 300}]
        if loading
        else [],
        label_check={},
    )
    PlanStep.objects.create(
        treatment=treatment,
        from_date=start + timedelta(days=14 if loading else 0),
        dose_mg=300,
        interval_days=14,
        injections=1,
        injection_mg=300,
    )
    return treatment


def inject(client: Client, treatment: Treatment, when: str, **data: str) -> Any:
    body = {"given_at": when, "injector": "self", "dose_mg": "300", "device": "pen", **data}
    return client.post(f"/treatment/{treatment.uuid}/inject/", body)


@pytest.fixture
def at() -> Iterator[Any]:
    """``at(instant)``: freeze the clock there (ticking) for the rest of the test."""
    travellers: list[Any] = []

    def travel(instant: datetime) -> None:
        traveller = time_machine.travel(instant)
        traveller.start()
        travellers.append(traveller)

    yield travel
    for traveller in reversed(travellers):
        traveller.stop()


def signed_in(client: Client, profile: Profile) -> Client:
    client.force_login(profile.account)
    return client


def test_tokyo_2330_on_1_january_logs_a_dose_on_1_january(at: Any, client: Client, db: None):
    at(datetime(2027, 1, 2, 8, 0, tzinfo=TOKYO))
    kenji = make_profile(make_user("kenji"), "Kenji", time_zone="Asia/Tokyo")
    treatment = course(kenji, date(2027, 1, 1))
    signed_in(client, kenji)
    response = inject(
        client,
        treatment,
        "2027-01-01T23:30",
        site_1="thigh-left-upper",
        site_2="abdomen-lower-right",
    )
    assert response.status_code == 302
    shots = list(Injection.objects.all())
    assert [s.given_on for s in shots] == [date(2027, 1, 1)] * 2
    assert {s.given_at for s in shots} == {datetime(2027, 1, 1, 14, 30, tzinfo=UTC)}
    page = text(client.get(f"/treatment/profiles/{kenji.uuid}/").content.decode())
    assert "1 Jan 2027, 23:30" in page
    record = services.adherence_of(treatment, date(2027, 1, 2)).records[0]
    assert (record.status, record.given_mg) == ("given", 600)


def test_new_york_pen_out_at_0600_before_the_dst_change_reads_back_as_typed(
    at: Any, client: Client, db: None
):
    # 13 March 2027 is the Saturday before clocks go forward in the US (Sunday 14 March, 02:00).
    at(datetime(2027, 3, 13, 12, 0, tzinfo=NEW_YORK))
    ada = make_profile(make_user("ada"), "Ada", time_zone="America/New_York", region="US")
    treatment = course(ada, date(2027, 3, 1))
    signed_in(client, ada)
    response = client.post(
        f"/treatment/{treatment.uuid}/pen-out/", {"taken_out_at": "2027-03-13T06:00"}
    )
    assert response.status_code == 302
    pen = PenOut.objects.get()
    assert pen.taken_out_at == datetime(2027, 3, 13, 11, 0, tzinfo=UTC)  # 06:00 EST
    page = text(client.get(f"/treatment/profiles/{ada.uuid}/").content.decode())
    assert "Out since Sat 13 Mar, 06:00." in page
    # fourteen days later at 06:00 local, now daylight time (10:00 UTC, not 11:00)
    assert "Use it by Saturday 27 March, 06:00." in page


def test_a_profile_that_moves_zone_keeps_its_entries_on_their_days(
    at: Any, client: Client, db: None
):
    at(datetime(2027, 1, 2, 9, 0, tzinfo=TOKYO))
    kenji = make_profile(make_user("kenji"), "Kenji", time_zone="Asia/Tokyo")
    treatment = course(kenji, date(2027, 1, 2))
    signed_in(client, kenji)
    # 08:00 on 2 January in Tokyo is still 1 January in New York
    inject(
        client,
        treatment,
        "2027-01-02T08:00",
        site_1="thigh-left-upper",
        site_2="abdomen-lower-right",
    )
    client.post(f"/diary/profiles/{kenji.uuid}/today/", {"peak_itch": "4", "sleep_loss": "2"})
    kenji.time_zone = "America/New_York"
    kenji.save()
    assert set(Injection.objects.values_list("given_on", flat=True)) == {date(2027, 1, 2)}
    assert kenji.check_ins.get().date == date(2027, 1, 2)
    page = text(client.get(f"/treatment/profiles/{kenji.uuid}/").content.decode())
    assert "2 Jan 2027" in page
    assert "1 Jan 2027" not in page
    record = services.adherence_of(treatment, date(2027, 1, 2)).records[0]
    assert record.status == "given"


def test_an_injection_in_the_future_is_refused(at: Any, client: Client, db: None):
    at(datetime(2027, 1, 10, 12, 0, tzinfo=UTC))
    ada = make_profile(make_user("ada"), "Ada")
    treatment = course(ada, date(2027, 1, 1), loading=False)
    signed_in(client, ada)
    for when in ("2027-01-10T13:00", "9999-12-31T23:59"):
        response = inject(client, treatment, when, site_1="thigh-left-upper")
        assert response.status_code == 200
        assert "The time given cannot be in the future" in text(response.content.decode())
    # a few minutes of clock skew is accepted
    assert (
        inject(client, treatment, "2027-01-10T12:03", site_1="thigh-left-upper").status_code == 302
    )
    assert Injection.objects.count() == 1


def test_an_injection_before_the_course_started_is_refused(at: Any, client: Client, db: None):
    at(datetime(2027, 1, 10, 12, 0, tzinfo=UTC))
    ada = make_profile(make_user("ada"), "Ada")
    treatment = course(ada, date(2027, 1, 5), loading=False)
    signed_in(client, ada)
    for when in ("2027-01-04T09:00", "0001-01-01T00:00"):
        response = inject(client, treatment, when, site_1="thigh-left-upper")
        assert response.status_code == 200
        assert (
            "An injection of this course cannot be before its first dose on 5 January 2027"
            in text(response.content.decode())
        )
    assert not Injection.objects.exists()


def test_more_than_the_loading_dose_on_one_day_asks_to_confirm(at: Any, client: Client, db: None):
    at(datetime(2027, 1, 1, 18, 0, tzinfo=UTC))
    ada = make_profile(make_user("ada"), "Ada")
    treatment = course(ada, date(2027, 1, 1))
    signed_in(client, ada)
    pair = inject(
        client,
        treatment,
        "2027-01-01T09:00",
        site_1="thigh-left-upper",
        site_2="abdomen-lower-right",
    )
    assert pair.status_code == 302
    third = inject(client, treatment, "2027-01-01T17:00", site_1="thigh-right-upper")
    page = text(third.content.decode())
    assert third.status_code == 200
    assert "You logged 900 mg for the dose of 1 January 2027; the plan says 600 mg." in page
    assert 'name="confirm"' in third.content.decode()
    assert Injection.objects.count() == 2
    confirmed = inject(
        client, treatment, "2027-01-01T17:00", site_1="thigh-right-upper", confirm="on"
    )
    assert confirmed.status_code == 302
    last = Injection.objects.order_by("-id").first()
    assert last is not None and "900 mg" in last.confirmed


def test_the_same_site_again_on_the_loading_day_asks_to_confirm(at: Any, client: Client, db: None):
    at(datetime(2027, 1, 1, 18, 0, tzinfo=UTC))
    ada = make_profile(make_user("ada"), "Ada")
    treatment = course(ada, date(2027, 1, 1))
    signed_in(client, ada)
    Injection.objects.create(
        treatment=treatment,
        given_at=datetime(2027, 1, 1, 9, 0, tzinfo=UTC),
        given_on=date(2027, 1, 1),
        dose_mg=300,
        site="thigh-left-upper",
        device="pen",
        injector="self",
    )
    second = inject(client, treatment, "2027-01-01T09:05", site_1="thigh-left-upper")
    assert second.status_code == 200
    assert "Left thigh (upper) was already used on 1 January 2027" in text(second.content.decode())
    assert Injection.objects.count() == 1


def test_an_injection_form_submitted_twice_logs_once(at: Any, client: Client, db: None):
    at(datetime(2027, 1, 10, 12, 0, tzinfo=UTC))
    ada = make_profile(make_user("ada"), "Ada")
    treatment = course(ada, date(2027, 1, 1), loading=False)
    signed_in(client, ada)
    token = once_token(client.get(f"/treatment/{treatment.uuid}/inject/").content.decode())
    first = inject(client, treatment, "2027-01-10T09:00", site_1="thigh-left-upper", once=token)
    again = inject(client, treatment, "2027-01-10T09:00", site_1="thigh-left-upper", once=token)
    assert (first.status_code, again.status_code) == (302, 302)
    assert Injection.objects.count() == 1


def test_a_side_effect_saved_again_with_the_back_button_is_one_record(
    at: Any, client: Client, db: None
):
    at(datetime(2027, 1, 10, 12, 0, tzinfo=UTC))
    ada = make_profile(make_user("ada"), "Ada")
    course(ada, date(2027, 1, 1))
    signed_in(client, ada)
    form = client.get(f"/side-effects/profiles/{ada.uuid}/new/").content.decode()
    assert 'value="dupilumab" checked' in form or 'value="dupilumab" selected' in form
    data = {
        "kind": "eye-itchy",
        "severity": "mild",
        "started_on": "2027-01-08",
        "drug": "dupilumab",
        "once": once_token(form),
    }
    for _ in range(2):
        assert client.post(f"/side-effects/profiles/{ada.uuid}/new/", data).status_code == 302
    assert SideEffect.objects.count() == 1


def test_logging_a_late_dose_and_restarting_the_schedule_is_all_or_nothing(
    at: Any, client: Client, db: None, monkeypatch: pytest.MonkeyPatch
):
    """Every 4 weeks and 9 days late: the label says give it now and start a new schedule. If the
    new schedule cannot be saved, the injection is not saved either."""
    at(datetime(2027, 2, 7, 12, 0, tzinfo=UTC))
    ada = make_profile(make_user("ada"), "Ada")
    treatment = Treatment.objects.create(
        profile=ada, drug="dupilumab", start_date=date(2027, 1, 1), loading=[], label_check={}
    )
    PlanStep.objects.create(
        treatment=treatment,
        from_date=date(2027, 1, 1),
        dose_mg=300,
        interval_days=28,
        injections=1,
        injection_mg=300,
    )
    Injection.objects.create(
        treatment=treatment,
        given_at=datetime(2027, 1, 1, 9, 0, tzinfo=UTC),
        given_on=date(2027, 1, 1),
        dose_mg=300,
        site="thigh-left-upper",
        device="pen",
        injector="self",
    )
    signed_in(client, ada)

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "restart_schedule", broken)
    with pytest.raises(RuntimeError):
        inject(client, treatment, "2027-02-07T10:00", site_1="abdomen-lower-right")
    assert Injection.objects.count() == 1
    assert PlanStep.objects.count() == 1
    monkeypatch.undo()
    assert (
        inject(client, treatment, "2027-02-07T10:00", site_1="abdomen-lower-right").status_code
        == 302
    )
    assert Injection.objects.count() == 2
    assert PlanStep.objects.filter(replaces_from=date(2027, 2, 8)).exists()


def test_a_plan_start_more_than_20_years_back_is_refused_with_its_field(
    at: Any, client: Client, db: None
):
    at(datetime(2027, 1, 10, 12, 0, tzinfo=UTC))
    ada = make_profile(make_user("ada"), "Ada")
    signed_in(client, ada)
    data = {
        "drug": "dupilumab",
        "weight_kg": "70",
        "start_date": "2000-01-01",
        "device": "pen",
        "loading": "label",
        "dose_mg": "300",
        "interval_days": "14",
        "injections": "1",
    }
    response = client.post(f"/treatment/profiles/{ada.uuid}/start/", data)
    assert response.status_code == 200
    assert "The date of the first dose must be after 10 January 2007 (20 years ago)." in text(
        response.content.decode()
    )
    assert not Treatment.objects.exists()


def test_a_course_can_be_ended_then_deleted(at: Any, client: Client, db: None):
    at(datetime(2027, 3, 1, 12, 0, tzinfo=UTC))
    ada = make_profile(make_user("ada"), "Ada")
    treatment = course(ada, date(2027, 1, 1))
    signed_in(client, ada)
    assert "End this course" in text(
        client.get(f"/treatment/profiles/{ada.uuid}/").content.decode()
    )
    future = client.post(f"/treatment/{treatment.uuid}/end/", {"stopped_on": "2027-03-02"})
    assert "The last day cannot be in the future" in text(future.content.decode())
    assert (
        client.post(f"/treatment/{treatment.uuid}/end/", {"stopped_on": "2027-02-20"}).status_code
        == 302
    )
    treatment.refresh_from_db()
    assert treatment.stopped_on == date(2027, 2, 20)
    page = text(client.get(f"/treatment/profiles/{ada.uuid}/").content.decode())
    assert "Start a treatment" in page and "Ended courses" in page
    assert client.post(f"/treatment/{treatment.uuid}/delete/").status_code == 302
    assert not Treatment.objects.exists()


def test_an_injection_and_a_pen_entered_by_mistake_can_be_deleted(
    at: Any, client: Client, db: None
):
    at(datetime(2027, 1, 10, 12, 0, tzinfo=UTC))
    ada = make_profile(make_user("ada"), "Ada")
    treatment = course(ada, date(2027, 1, 1), loading=False)
    signed_in(client, ada)
    inject(client, treatment, "2027-01-10T09:00", site_1="thigh-left-upper")
    client.post(f"/treatment/{treatment.uuid}/pen-out/", {})
    shot, pen = Injection.objects.get(), PenOut.objects.get()
    confirm = text(client.get(f"/treatment/injections/{shot.uuid}/delete/").content.decode())
    assert "Delete this injection?" in confirm and "Left thigh (upper)" in confirm
    assert client.post(f"/treatment/injections/{shot.uuid}/delete/").status_code == 302
    assert client.post(f"/treatment/pens/{pen.uuid}/delete/").status_code == 302
    assert not Injection.objects.exists() and not PenOut.objects.exists()
    assert Treatment.objects.filter(pk=treatment.pk).exists()


def test_the_missed_dose_advice_is_worded_the_same_on_the_dashboard_and_treatment_page(
    at: Any, client: Client, db: None
):
    at(datetime(2027, 2, 7, 12, 0, tzinfo=UTC))  # the 29 January dose is 9 days late
    ada = make_profile(make_user("ada"), "Ada")
    treatment = Treatment.objects.create(
        profile=ada, drug="dupilumab", start_date=date(2027, 1, 1), loading=[], label_check={}
    )
    PlanStep.objects.create(
        treatment=treatment,
        from_date=date(2027, 1, 1),
        dose_mg=300,
        interval_days=14,
        injections=1,
        injection_mg=300,
    )
    signed_in(client, ada)
    wording = "The label says: skip this dose and wait for the next one."
    for url in (f"/treatment/profiles/{ada.uuid}/", f"/diary/profiles/{ada.uuid}/dashboard/"):
        assert wording in text(client.get(url).content.decode()), url


def test_a_pen_taken_out_after_the_injection_was_given_stays_out(at: Any, client: Client, db: None):
    at(datetime(2027, 3, 13, 12, 0, tzinfo=NEW_YORK))
    ada = make_profile(make_user("ada"), "Ada", time_zone="America/New_York")
    treatment = course(ada, date(2027, 3, 12))
    signed_in(client, ada)
    client.post(f"/treatment/{treatment.uuid}/pen-out/", {"taken_out_at": "2027-03-13T06:00"})
    inject(
        client,
        treatment,
        "2027-03-12T21:30",
        site_1="thigh-right-upper",
        site_2="abdomen-lower-left",
    )
    assert Injection.objects.count() == 2
    pen = PenOut.objects.get()
    assert pen.used_at is None  # taken out at 06:00 on the 13th, after the 21:30 dose of the 12th
