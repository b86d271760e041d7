"""Twenty saves of the same day's check-in at once: one row, one of the submitted values, no error.

Runs against the real database (``transaction=True``): on SQLite the test database is a file in WAL
mode with BEGIN IMMEDIATE and a busy timeout (settings.py), on PostgreSQL it is the server.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

from calmskin.web.diary.models import CheckIn, Profile
from calmskin.web.diary.services import save_check_in

THREADS = 20


def make_profile() -> Profile:
    email = "alice@example.org"
    alice = get_user_model().objects.create_user(
        username=email, email=email, password="a long enough passphrase 42"
    )
    return Profile.objects.create(
        account=alice,
        display_name="Alice",
        relation="self",
        birth_year=1990,
        birth_month=6,
        time_zone="UTC",
        region="US",
    )


def run_together(work: Any) -> list[BaseException]:
    """Start ``THREADS`` threads that each call ``work(i)`` after a common barrier; return errors."""
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def body(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            work(i)
        except BaseException as error:  # collected and asserted on in the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=body, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return errors


def test_the_test_database_is_a_file() -> None:
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        assert db["TEST"]["NAME"]
        assert ":memory:" not in str(db["TEST"]["NAME"])
        assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_service_saves_make_one_row() -> None:
    profile = make_profile()
    day = date(2026, 5, 4)
    created_flags: list[bool] = []

    def work(i: int) -> None:
        _check_in, created = save_check_in(
            profile, day, {"peak_itch": i % 11, "sleep_loss": (i * 3) % 11, "note": f"save {i}"}
        )
        created_flags.append(created)

    errors = run_together(work)
    assert errors == []
    rows = list(CheckIn.objects.filter(profile=profile, date=day))
    assert len(rows) == 1
    row = rows[0]
    i = int(row.note.removeprefix("save "))
    assert (row.peak_itch, row.sleep_loss) == (i % 11, (i * 3) % 11)  # one whole submission
    assert created_flags.count(True) == 1
    assert len(created_flags) == THREADS


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_posts_of_today_make_one_row() -> None:
    profile = make_profile()
    url = f"/diary/profiles/{profile.uuid}/today/"
    statuses: list[int] = []

    def work(i: int) -> None:
        client = Client()
        client.force_login(profile.account)
        response = client.post(
            url, {"peak_itch": str(i % 11), "sleep_loss": "5", "note": f"post {i}"}
        )
        statuses.append(response.status_code)

    errors = run_together(work)
    assert errors == []
    assert statuses == [302] * THREADS
    row = CheckIn.objects.get(profile=profile)
    i = int(row.note.removeprefix("post "))
    assert (row.peak_itch, row.sleep_loss) == (i % 11, 5)
