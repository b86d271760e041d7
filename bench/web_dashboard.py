"""Server time and SQL query count of the diary dashboard, a large profile next to a small one.

Creates a throw-away test database (Django's test database: SQLite in memory by default, or
``test_<name>`` on the PostgreSQL of ``DATABASE_URL``; dropped at the end) and seeds:

* "large": 3 years of daily check-ins, a POEM every week, 300 photo rows (rows only, no files);
* "small": 2 weeks of daily check-ins and 2 POEMs.

Then times ``--requests`` GETs of each dashboard with Django's test ``Client`` (signed in) and prints
the median and 95th percentile time per request and the number of SQL queries of one request.
A benchmark, not a test: nothing here asserts a time.

    CALMSKIN_VAR_DIR=/tmp/bench .venv/bin/python bench/web_dashboard.py [--requests 50]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from datetime import timedelta
from decimal import Decimal
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "calmskin.web.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)

from calmskin.web.diary.models import CheckIn, Profile  # noqa: E402
from calmskin.web.photos.models import Photo  # noqa: E402
from calmskin.web.questionnaires.models import QuestionnaireResponse  # noqa: E402


def seed(account: Any, name: str, days: int, photos: int) -> Profile:
    profile = Profile.objects.create(
        account=account,
        display_name=name,
        relation="self",
        birth_year=1990,
        birth_month=6,
        time_zone="UTC",
        region="EU",
    )
    today = profile.local_today()
    CheckIn.objects.bulk_create(
        CheckIn(
            profile=profile,
            date=today - timedelta(days=n),
            peak_itch=(n * 7) % 11,
            sleep_loss=(n * 3) % 11,
        )
        for n in range(days)
    )
    QuestionnaireResponse.objects.bulk_create(
        QuestionnaireResponse(
            profile=profile,
            instrument="poem",
            completed_on=today - timedelta(days=n),
            answers={"answers": {}},
            score=Decimal((n // 7 * 5) % 29),
            band="mild",
            band_set="charman-2013",
            respondent="self",
        )
        for n in range(0, days, 7)
    )
    Photo.objects.bulk_create(
        Photo(
            profile=profile,
            taken_on=today - timedelta(days=(n * 3) % days),
            image="bench.jpg",
            thumbnail="bench-t.jpg",
            width=1,
            height=1,
            content_type="image/jpeg",
        )
        for n in range(photos)
    )
    return profile


def measure(client: Client, profile: Profile, requests: int) -> tuple[float, float, int]:
    url = f"/diary/profiles/{profile.uuid}/dashboard/"
    assert client.get(url).status_code == 200  # warm-up
    reset_queries()  # the log holds at most 9000 queries: the seeding filled it
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        account = get_user_model().objects.create_user(
            username="bench@example.org", email="bench@example.org", password=None
        )
        large = seed(account, "large", days=3 * 365, photos=300)
        small = seed(account, "small", days=14, photos=0)
        client = Client()
        client.force_login(account)
        print(f"database: {connection.vendor}, {args.requests} requests per profile")
        for label, profile in (("3 years", large), ("2 weeks", small)):
            median, p95, queries = measure(client, profile, args.requests)
            print(f"{label:>8}: median {median:6.1f} ms  p95 {p95:6.1f} ms  SQL queries {queries}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
