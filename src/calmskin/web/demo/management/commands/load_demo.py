"""``manage.py load_demo``: two clearly fictional demo accounts with realistic diaries.

* Idempotent: when the demo accounts exist it creates nothing and only prints the log-ins.
* ``--reset`` deletes the two demo accounts (and everything in them) and loads them again.
* ``--if-empty`` (what ``make run`` uses): load only into a database without any account yet; never
  fails, so a server with real accounts, or with DEBUG off, is left alone.
* Refuses to create demo accounts when DEBUG is off unless ``--force``. With DEBUG on the password
  is the fixed, obviously-demo ``calmskin-demo-only``; otherwise a random one, printed only once.
"""

from __future__ import annotations

import secrets
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from calmskin.web.demo import data
from calmskin.web.photos.models import Photo


class Command(BaseCommand):
    help = (
        "Load two fictional demo accounts (an adult on dupilumab with 24 weeks of diary; a "
        "caregiver of a 4-year-old) and print their log-ins. Does nothing if they exist."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="delete the demo accounts and load them again"
        )
        parser.add_argument(
            "--force", action="store_true", help="create demo accounts even when DEBUG is off"
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="load only if the database has no accounts yet; never fails (for make run)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        users = get_user_model().objects
        existing = users.filter(username__in=data.DEMO_EMAILS)
        quiet = options["if_empty"]
        if existing.exists() and not options["reset"]:
            self._print_logins(None)
            return
        if quiet and users.exists() and not existing.exists():
            self.stdout.write("Demo data not loaded: this database already has accounts.")
            return
        if not settings.DEBUG and not options["force"]:
            if quiet:
                self.stdout.write("Demo data not loaded: DEBUG is off (load_demo --force).")
                return
            raise CommandError(
                "Refusing to create demo accounts with DEBUG off; use --force if you mean it."
            )
        password = data.DEBUG_PASSWORD if settings.DEBUG else secrets.token_urlsafe(12)
        with transaction.atomic():
            if options["reset"]:
                self._delete_demo_accounts()
            data.load_adult(password)
            data.load_parent(password)
        self.stdout.write(self.style.SUCCESS("Demo data loaded (fictional people)."))
        self._print_logins(password)

    def _delete_demo_accounts(self) -> None:
        demo = get_user_model().objects.filter(username__in=data.DEMO_EMAILS)
        photos = list(Photo.objects.filter(profile__account__in=demo))
        demo.delete()  # cascades to profiles, check-ins, weights, questionnaires, photo rows
        # the files once the rows are gone for good (a failed delete only leaves a file behind)
        transaction.on_commit(partial(_delete_files, photos))

    def _print_logins(self, password: str | None) -> None:
        users = {
            u.get_username(): u
            for u in get_user_model().objects.filter(username__in=data.DEMO_EMAILS)
        }
        self.stdout.write("CalmSkin demo log-ins (fictional people, demo data only):")
        for login in data.LOGINS:
            user = users.get(login.email)
            if user is None:
                continue
            if password is not None:
                shown = password
            elif user.check_password(data.DEBUG_PASSWORD):
                shown = data.DEBUG_PASSWORD
            else:
                shown = "(printed when created; load_demo --reset sets a new one)"
            self.stdout.write(f"  {login.email}  password: {shown}")
            self.stdout.write(f"      {login.who}")


def _delete_files(photos: list[Photo]) -> None:
    for photo in photos:
        photo.image.delete(save=False)
        photo.thumbnail.delete(save=False)
