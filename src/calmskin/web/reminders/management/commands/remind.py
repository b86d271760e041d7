"""``manage.py remind``: e-mail what is due (run it from cron; running it twice sends nothing twice)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from calmskin.web.reminders.services import send_due_reminders


class Command(BaseCommand):
    help = (
        "E-mail the reminders that are due (questionnaires, biologic doses) and not sent yet, one "
        "e-mail per account. Safe to run as often as you like, e.g. hourly from cron. Exits with "
        "status 1, after sending everything else, when an e-mail could not be sent or a profile "
        "failed (logged with its id and skipped)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List what would be sent; send and record nothing.",
        )
        parser.add_argument(
            "--now",
            help="Act as if it were this moment (ISO 8601 with a UTC offset), for trying it out.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options["now"]:
            try:
                now = datetime.fromisoformat(options["now"])
            except ValueError:
                raise CommandError(
                    f"--now: {options['now']!r} is not an ISO 8601 date and time"
                ) from None
            if timezone.is_naive(now):
                raise CommandError("--now: give a UTC offset, e.g. 2026-03-02T09:00+01:00")
        summary = send_due_reminders(now, dry_run=options["dry_run"])
        for item in summary.sent:
            verb = "would send" if options["dry_run"] else "sent"
            self.stdout.write(
                f"{verb}: {item.kind} due {item.due_on.isoformat()} for profile {item.profile.uuid}"
            )
        for account_id, error in summary.failed:
            self.stderr.write(f"failed: e-mail to account {account_id}: {error}")
        for profile_uuid in sorted(map(str, summary.failed_profiles)):
            self.stderr.write(f"failed: profile {profile_uuid} skipped (the log has the error)")
        self.stdout.write(summary.describe())
        # Everything else has been sent by now; the status says that something was left out.
        problems = []
        if summary.failed:
            problems.append(f"{len(summary.failed)} reminder e-mail(s) could not be sent")
        if summary.failed_profiles:
            problems.append(
                f"{len(summary.failed_profiles)} profile(s) failed and were skipped (see the log)"
            )
        if problems:
            raise CommandError("; ".join(problems))
