"""``calmskin remind``: the web application's reminder run, from the same command as the engines.

It is ``manage.py remind`` (see :mod:`calmskin.web.reminders.services`) with the settings module
set, so a cron line needs only the installed ``calmskin`` command and the deployment's environment.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import IO

from calmskin.cli.common import EXIT_OK, BadInput

EXIT_FAILED = 1


def cmd_remind(argv: Sequence[str], out: IO[str]) -> int:
    """Send the due reminders; exit 1, after sending everything else, when an e-mail could not be
    sent or a profile's reminders failed (both are retried next run; the log has the error)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "calmskin.web.settings")
    try:
        import django
        from django.core.management import CommandError, call_command
    except ImportError:
        raise BadInput(
            "calmskin remind: the web application is not installed (install calmskin[web])"
        ) from None
    django.setup()
    try:
        call_command("remind", *argv, stdout=out, stderr=sys.stderr)
    except CommandError as error:
        sys.stderr.write(f"calmskin remind: {error}\n")
        return EXIT_FAILED
    return EXIT_OK
