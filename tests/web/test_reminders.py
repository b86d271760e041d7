"""E-mail reminders (``manage.py remind``): what is due, when, to whom, and never twice."""

from __future__ import annotations

import re
import threading
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from web_factories import make_profile, make_user

from calmskin.web.diary.models import Profile
from calmskin.web.questionnaires.models import QuestionnaireResponse
from calmskin.web.reminders import services
from calmskin.web.reminders.models import SentReminder
from calmskin.web.reminders.services import current_period_start, send_due_reminders

BERLIN = ZoneInfo("Europe/Berlin")
CREATED = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # a Monday


def at(day: date, hour: int, zone: ZoneInfo = BERLIN) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=zone)


def profile_created_on(account: Any, name: str = "Alice", **fields: Any) -> Profile:
    profile = make_profile(account, name, time_zone="Europe/Berlin", **fields)
    Profile.objects.filter(pk=profile.pk).update(created=CREATED)
    profile.refresh_from_db()
    return profile


def answered(profile: Profile, instrument: str, on: date) -> None:
    QuestionnaireResponse.objects.create(
        profile=profile,
        instrument=instrument,
        completed_on=on,
        answers={"answers": {}},
        score=Decimal(5),
    )


def remind(now: datetime, *extra: str) -> str:
    out = StringIO()
    call_command("remind", "--now", now.isoformat(), *extra, stdout=out)
    return out.getvalue()


@pytest.fixture
def alice(db: None) -> Any:
    return make_user("alice")


def test_a_new_profile_is_reminded_once_of_poem_and_dlqi(alice: Any) -> None:
    profile = profile_created_on(alice)
    first = remind(at(date(2026, 3, 2), 9))
    assert "2 reminder(s) sent in 1 e-mail(s)" in first
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"]
    assert message.subject == "CalmSkin: due for Alice"
    fill = f"http://127.0.0.1:8000/questionnaires/profiles/{profile.uuid}/"
    assert f"{fill}poem/" in message.body
    assert f"{fill}dlqi/" in message.body
    assert f"http://127.0.0.1:8000/diary/profiles/{profile.uuid}/edit/" in message.body

    second = remind(at(date(2026, 3, 2), 10))
    assert "0 reminder(s) sent in 0 e-mail(s); 2 already sent before" in second
    third = remind(at(date(2026, 3, 5), 10))  # later that week: same due period
    assert "0 reminder(s) sent" in third
    assert len(mail.outbox) == 1
    assert sorted(SentReminder.objects.values_list("kind", "due_on")) == [
        ("questionnaire:dlqi", date(2026, 3, 2)),
        ("questionnaire:poem", date(2026, 3, 2)),
    ]


def test_nothing_goes_out_before_the_reminder_hour_where_the_person_lives(
    alice: Any, settings: Any
) -> None:
    settings.CALMSKIN_REMINDER_HOUR = 8
    profile_created_on(alice)
    # 07:59 in Berlin is 06:59 UTC: waiting
    early = remind(datetime(2026, 3, 3, 6, 59, tzinfo=UTC))
    assert "0 reminder(s) sent" in early
    assert "2 waiting for 8:00 local time" in early
    assert mail.outbox == []
    # 08:00 in Berlin
    assert "2 reminder(s) sent" in remind(datetime(2026, 3, 3, 7, 0, tzinfo=UTC))
    assert len(mail.outbox) == 1


def test_poem_is_due_seven_days_after_the_last_one_and_again_each_week_undone(alice: Any) -> None:
    profile = profile_created_on(alice)
    answered(profile, "poem", date(2026, 3, 2))
    answered(profile, "dlqi", date(2026, 3, 2))
    assert "0 reminder(s) sent" in remind(at(date(2026, 3, 8), 20))  # day 6: not due
    assert "1 reminder(s) sent" in remind(at(date(2026, 3, 9), 9))  # day 7: due
    assert "0 reminder(s) sent" in remind(at(date(2026, 3, 15), 9))  # still the same period
    assert "1 reminder(s) sent" in remind(at(date(2026, 3, 16), 9))  # a week later, still undone
    assert [m.body.count("/poem/") for m in mail.outbox] == [1, 1]
    assert sorted(SentReminder.objects.values_list("due_on", flat=True)) == [
        date(2026, 3, 9),
        date(2026, 3, 16),
    ]
    # the DLQI (every 4 weeks) comes due on day 28
    answered(profile, "poem", date(2026, 3, 30))
    out = remind(at(date(2026, 3, 30), 9))
    assert "1 reminder(s) sent" in out
    assert "/dlqi/" in mail.outbox[-1].body


def test_age_picks_the_questionnaire_and_a_caregiver_gets_one_e_mail(db: None) -> None:
    parent = make_user("parent")
    profile_created_on(parent, "Mum")
    profile_created_on(parent, "Leo", relation="child", birth_year=2024, birth_month=1)
    out = remind(at(date(2026, 3, 2), 9))
    assert "4 reminder(s) sent in 1 e-mail(s)" in out
    (message,) = mail.outbox
    assert message.subject == "CalmSkin: due for Mum, Leo"
    leo_part = message.body[message.body.index("Leo:") :]
    assert "/idqol/" in leo_part and "/dlqi/" not in leo_part


def test_switched_off_inactive_and_other_accounts(db: None) -> None:
    quiet = make_user("quiet")
    profile_created_on(quiet, email_reminders=False)
    sleeping = make_user("sleeping")
    sleeping.is_active = False  # e-mail never verified
    sleeping.save()
    profile_created_on(sleeping)
    bob = make_user("bob")
    profile_created_on(bob, "Bob")
    remind(at(date(2026, 3, 2), 9))
    assert [m.to for m in mail.outbox] == [["bob@example.org"]]
    assert "Alice" not in mail.outbox[0].body


def test_dry_run_sends_and_records_nothing(alice: Any) -> None:
    profile = profile_created_on(alice)
    out = remind(at(date(2026, 3, 2), 9), "--dry-run")
    assert f"would send: questionnaire:poem due 2026-03-02 for profile {profile.uuid}" in out
    assert mail.outbox == []
    assert not SentReminder.objects.exists()


def test_a_failed_e_mail_is_tried_again_next_run(alice: Any, monkeypatch: Any) -> None:
    profile_created_on(alice)

    def broken(*args: Any, **kwargs: Any) -> int:
        raise ConnectionRefusedError("SMTP server down")

    monkeypatch.setattr(services, "send_mail", broken)
    err = StringIO()
    with pytest.raises(CommandError, match="1 reminder e-mail"):
        call_command("remind", "--now", at(date(2026, 3, 2), 9).isoformat(), stderr=err)
    assert "ConnectionRefusedError: SMTP server down" in err.getvalue()
    assert not SentReminder.objects.exists()
    monkeypatch.undo()
    assert "2 reminder(s) sent" in remind(at(date(2026, 3, 2), 10))
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("value", "message"),
    [("tomorrow", "is not an ISO 8601 date and time"), ("2026-03-02T09:00", "give a UTC offset")],
)
def test_now_must_be_an_iso_moment_with_an_offset(db: None, value: str, message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("remind", "--now", value)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 3, 2), date(2026, 3, 2)),
        (date(2026, 3, 8), date(2026, 3, 2)),
        (date(2026, 3, 9), date(2026, 3, 9)),
        (date(2026, 3, 30), date(2026, 3, 30)),
        (date(2026, 3, 1), date(2026, 3, 2)),  # before it is due: the first due day
    ],
)
def test_current_period_start(today: date, expected: date) -> None:
    assert current_period_start(date(2026, 3, 2), today, 7) == expected


@pytest.mark.django_db(transaction=True)
def test_ten_runs_at_the_same_moment_send_each_reminder_once() -> None:
    for n in range(3):
        profile_created_on(make_user(f"person{n}"), f"Person {n}")
    now = at(date(2026, 3, 2), 9)
    barrier = threading.Barrier(10)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait(timeout=30)
            send_due_reminders(now)
        except BaseException as error:  # asserted on below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted(m.to[0] for m in mail.outbox) == [f"person{n}@example.org" for n in range(3)]
    assert SentReminder.objects.count() == 6
    assert all(m.body.count("/poem/") == 1 for m in mail.outbox)


def test_deleting_a_profile_deletes_its_reminder_records(alice: Any) -> None:
    profile = profile_created_on(alice)
    remind(at(date(2026, 3, 2), 9))
    assert SentReminder.objects.filter(profile=profile).count() == 2
    profile.delete()
    assert not SentReminder.objects.exists()


def test_reminder_window_uses_each_profiles_own_time_zone(db: None) -> None:
    tokyo = make_user("tokyo")
    profile = make_profile(tokyo, "Yui", time_zone="Asia/Tokyo")
    Profile.objects.filter(pk=profile.pk).update(created=CREATED)
    # 23:30 UTC on 2 March is 08:30 on 3 March in Tokyo: due and time to send
    out = remind(datetime(2026, 3, 2, 23, 30, tzinfo=UTC) + timedelta(0))
    assert "2 reminder(s) sent" in out


def test_the_calmskin_command_runs_the_same_reminders(alice: Any, capsys: Any) -> None:
    from calmskin.cli.main import main

    profile_created_on(alice)
    out = StringIO()
    assert main(["remind", "--now", at(date(2026, 3, 2), 9).isoformat(), "--dry-run"], out) == 0
    assert "2 reminder(s) to send in 1 e-mail(s)" in out.getvalue()
    assert mail.outbox == []
    assert main(["remind", "--now", "soon"], StringIO()) == 1
    assert "calmskin remind: --now: 'soon' is not an ISO 8601" in capsys.readouterr().err
    assert main(["remind", "--now", at(date(2026, 3, 2), 9).isoformat()], out) == 0
    assert len(mail.outbox) == 1


def test_reminders_are_on_for_a_new_profile_and_can_be_switched_off(
    alice: Any, client: Any
) -> None:
    client.force_login(alice)
    form = client.get("/diary/profiles/new/").content.decode()
    assert re.search(r'<input type="checkbox" name="email_reminders"[^>]*checked', form)
    data = {
        "display_name": "Mia",
        "relation": "child",
        "birth_month": "5",
        "birth_year": "2019",
        "time_zone": "Europe/Berlin",
        "region": "EU",
        "email_reminders": "on",
    }
    assert client.post("/diary/profiles/new/", data).status_code == 302
    mia = Profile.objects.get(display_name="Mia")
    assert mia.email_reminders is True
    data.pop("email_reminders")
    client.post(f"/diary/profiles/{mia.uuid}/edit/", data)
    mia.refresh_from_db()
    assert mia.email_reminders is False


def test_a_dose_is_reminded_on_its_day_once_and_not_when_already_logged(alice: Any) -> None:
    from calmskin.web.treatment.models import Injection, PlanStep, Treatment

    profile = profile_created_on(alice)
    answered(profile, "poem", date(2026, 3, 10))
    answered(profile, "dlqi", date(2026, 3, 10))
    treatment = Treatment.objects.create(
        profile=profile,
        drug="dupilumab",
        start_date=date(2026, 3, 2),
        loading=[{"day": 0, "dose_mg": 600, "injections": 2, "injection_mg": 300}],
    )
    PlanStep.objects.create(
        treatment=treatment,
        from_date=date(2026, 3, 16),
        dose_mg=300,
        interval_days=14,
        injections=1,
        injection_mg=300,
    )
    assert "0 reminder(s) sent" in remind(at(date(2026, 3, 15), 9))  # the day before
    assert "1 reminder(s) sent" in remind(at(date(2026, 3, 16), 9))
    assert "0 reminder(s) sent" in remind(at(date(2026, 3, 16), 15))
    (message,) = mail.outbox
    assert "Dupilumab 300 mg" in message.body
    assert f"/treatment/{treatment.uuid}/inject/" in message.body
    # the next dose (30 March) is logged early in the morning: no reminder that day
    Injection.objects.create(
        treatment=treatment,
        given_at=datetime(2026, 3, 30, 7, 0, tzinfo=BERLIN),
        given_on=date(2026, 3, 30),
        dose_mg=300,
        site="thigh-left-upper",
        device="pen",
        injector="self",
    )
    out = remind(at(date(2026, 3, 30), 9))
    assert "Dupilumab" not in "".join(m.body for m in mail.outbox[1:])
    assert "dose:" not in out


# --- one profile's bad data never stops the others' reminders ------------------------------------

TODAY_DOSE = date(2026, 3, 16)


def course_started_long_ago(profile: Profile, days_ago: int) -> Any:
    """Dupilumab every 2 weeks from ``days_ago`` (a multiple of 14) days before TODAY_DOSE, so a
    dose is due that day."""
    from calmskin.web.treatment.models import PlanStep, Treatment

    start = TODAY_DOSE - timedelta(days=days_ago)
    treatment = Treatment.objects.create(
        profile=profile,
        drug="dupilumab",
        start_date=start,
        loading=[{"day": 0, "dose_mg": 600, "injections": 2, "injection_mg": 300}],
    )
    PlanStep.objects.create(
        treatment=treatment,
        from_date=start + timedelta(days=14),
        dose_mg=300,
        interval_days=14,
        injections=1,
        injection_mg=300,
    )
    return treatment


def fail_for(monkeypatch: Any, target: Any, name: str, victim: Profile) -> None:
    """Make ``target.name`` raise whenever it is called for ``victim`` (as a profile or through a
    treatment of it); other calls go through."""
    real = getattr(target, name)

    def broken(first: Any, *args: Any, **kwargs: Any) -> Any:
        profile = getattr(first, "profile", first)
        if getattr(profile, "pk", None) == victim.pk:
            raise RuntimeError("broken data")
        return real(first, *args, **kwargs)

    monkeypatch.setattr(target, name, broken)


@pytest.mark.parametrize("where", ["questionnaires", "dose", "e-mail"])
def test_a_failing_profile_is_logged_and_skipped_and_the_others_are_sent(
    db: None, monkeypatch: Any, caplog: Any, where: str
) -> None:
    from calmskin.cli.main import main
    from calmskin.web.questionnaires import schedule
    from calmskin.web.treatment import services as treatment_services

    old = profile_created_on(make_user("old"), "Olga")
    long_ago = course_started_long_ago(old, 14 * 286)  # 4004 days: over the old 10-year cap
    victim = profile_created_on(make_user("victim"), "Victor Secret")
    course_started_long_ago(victim, 28)
    if where == "questionnaires":
        fail_for(monkeypatch, schedule, "plan", victim)
    elif where == "dose":
        fail_for(monkeypatch, treatment_services, "adherence_of", victim)
    else:
        real_email = services._email

        def email(account: Any, items: Any) -> Any:
            if account.pk == victim.account.pk:
                raise RuntimeError("broken data")
            return real_email(account, items)

        monkeypatch.setattr(services, "_email", email)

    out, err = StringIO(), StringIO()
    with (
        caplog.at_level("ERROR", logger="calmskin.web.reminders.services"),
        pytest.raises(CommandError, match="1 profile"),
    ):
        call_command("remind", "--now", at(TODAY_DOSE, 9).isoformat(), stdout=out, stderr=err)
    # the other account got everything, the 4004-day course's dose included
    to_old = [m for m in mail.outbox if m.to == ["old@example.org"]]
    assert len(to_old) == 1
    assert "Dupilumab 300 mg" in to_old[0].body
    assert f"/treatment/{long_ago.uuid}/inject/" in to_old[0].body
    assert "/poem/" in to_old[0].body
    # the victim: what failed is not sent (and not claimed, so the next run tries again)
    to_victim = [m for m in mail.outbox if m.to == ["victim@example.org"]]
    kinds = set(SentReminder.objects.filter(profile=victim).values_list("kind", flat=True))
    if where == "e-mail":
        assert to_victim == [] and kinds == set()
    elif where == "dose":
        assert len(to_victim) == 1 and "Dupilumab" not in to_victim[0].body
        assert kinds == {"questionnaire:poem", "questionnaire:dlqi"}
    else:
        assert len(to_victim) == 1 and "/poem/" not in to_victim[0].body
        assert kinds == {f"dose:{victim.treatments.get().uuid}"}
    assert "1 profile(s) failed" in out.getvalue()
    assert f"profile {victim.uuid} skipped" in err.getvalue()
    (record,) = [r for r in caplog.records if r.levelname == "ERROR"]
    assert str(victim.uuid) in record.getMessage() and record.exc_info is not None
    assert "Victor" not in record.getMessage() and "@" not in record.getMessage()

    # the same through `calmskin remind`: exit status 1, after the rest is sent
    mail.outbox.clear()
    SentReminder.objects.filter(profile=old).delete()
    assert main(["remind", "--now", at(TODAY_DOSE, 10).isoformat()], StringIO()) == 1
    assert [m.to for m in mail.outbox] == [["old@example.org"]]


def test_a_course_older_than_ten_years_is_reminded_of_its_dose(alice: Any) -> None:
    profile = profile_created_on(alice)
    answered(profile, "poem", TODAY_DOSE)
    answered(profile, "dlqi", TODAY_DOSE)
    treatment = course_started_long_ago(profile, 14 * 2000)  # about 77 years
    out = remind(at(TODAY_DOSE, 9))
    assert f"sent: dose:{treatment.uuid} due {TODAY_DOSE.isoformat()}" in out
    assert "0 profile(s) failed" in out
