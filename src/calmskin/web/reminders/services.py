"""Reminders by e-mail: what is due for whom, and sending each reminder exactly once.

``send_due_reminders`` is run by ``manage.py remind`` (or ``calmskin remind``) from cron, say every
hour. For each active account it gathers the due items of the profiles that want reminders, claims
each item by inserting a :class:`SentReminder` row (unique per profile, kind and due date), and sends
one e-mail per account listing the items it claimed. A second run finds the rows and sends nothing;
two runs at the same time cannot both claim an item. If the e-mail cannot be sent the claims are
removed, so the next run tries again.

Due items come from providers, one per kind of reminder: questionnaires (POEM weekly, the
life-quality questionnaire every 4 weeks) and biologic doses (on the day a dose is due). An item that
stays undone is reminded again once per period: a POEM first due on 3 March and still not done is
reminded on 3, 10, 17 March ... (the key date is the start of the current overdue period).

One profile's data can never stop the reminders of the others. Gathering a profile's items, and
writing the e-mail that lists them, run behind a per-profile boundary: whatever raises there is
logged with the profile's public id (never a name or an address), the profile is counted in
``Summary.failed_profiles`` and skipped (its claims, if any, are removed so the next run tries
again), and every other item is still sent. The command then exits with status 1.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, ParamSpec, TypeVar
from uuid import UUID

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from calmskin.core.instruments import schedule as questionnaire_rules
from calmskin.web.diary.models import Profile
from calmskin.web.questionnaires import schedule
from calmskin.web.questionnaires.forms import TITLES
from calmskin.web.questionnaires.models import QuestionnaireResponse
from calmskin.web.reminders.models import SentReminder
from calmskin.web.treatment import services as treatment_services
from calmskin.web.treatment.models import Treatment

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True)
class DueItem:
    """Something due for a profile: ``kind`` and ``due_on`` make the once-only key."""

    profile: Profile
    kind: str
    due_on: date
    title: str
    path: str


@dataclass
class Summary:
    """What a run did, for the command's output and the tests."""

    sent: list[DueItem] = field(default_factory=list)
    already_sent: int = 0
    emails: int = 0
    failed: list[tuple[int, str]] = field(default_factory=list)  # (account id, error)
    waiting: int = 0  # due, but too early in the day where the person lives
    failed_profiles: set[UUID] = field(default_factory=set)  # skipped: see the module docstring

    dry_run: bool = False

    def describe(self) -> str:
        verb = "to send" if self.dry_run else "sent"
        return (
            f"{len(self.sent)} reminder(s) {verb} in {self.emails} e-mail(s); "
            f"{self.already_sent} already sent before; {self.waiting} waiting for "
            f"{settings.CALMSKIN_REMINDER_HOUR}:00 local time; {len(self.failed)} e-mail(s) failed; "
            f"{len(self.failed_profiles)} profile(s) failed (see the log)"
        )


def _isolated(
    summary: Summary,
    profiles: Sequence[Profile],
    what: str,
    work: Callable[P, T],
    *args: P.args,
    **kwargs: P.kwargs,
) -> T | None:
    """``work(*args, **kwargs)`` for ``profiles`` (usually one); ``None`` if it raised, after
    logging it with the profiles' public ids and counting them in ``summary.failed_profiles``."""
    try:
        return work(*args, **kwargs)
    except Exception:
        # The per-profile isolation boundary, and the one place a broad catch is intended: an error
        # raised by one profile's data (a course the engine refuses, a bug only that data reaches)
        # must not stop everyone else's reminders. It is logged with its traceback and counted,
        # and the run exits non-zero, so it is never hidden.
        ids = ", ".join(str(profile.uuid) for profile in profiles)
        log.exception("reminders: %s failed for profile(s) %s; skipped", what, ids)
        summary.failed_profiles.update(profile.uuid for profile in profiles)
        return None


def current_period_start(first_due: date, today: date, every_days: int) -> date:
    """The start of the overdue period ``today`` falls in: ``first_due + k * every_days``, k >= 0."""
    periods = max(0, (today - first_due).days // every_days)
    return first_due + timedelta(days=periods * every_days)


def questionnaire_items(
    profiles: Sequence[Profile], now: datetime, summary: Summary
) -> list[DueItem]:
    """POEM and the life-quality questionnaire for the age, when due (ADCT is optional: never).
    A profile whose items cannot be worked out is skipped and counted in ``summary``."""
    last_done: dict[int, dict[str, date]] = defaultdict(dict)
    rows = (
        QuestionnaireResponse.objects.filter(profile__in=profiles)
        .order_by()
        .values("profile_id", "instrument")
        .annotate(last=Max("completed_on"))
        .values_list("profile_id", "instrument", "last")
    )
    for profile_id, instrument, last in rows:
        last_done[profile_id][instrument] = last
    items = []
    for profile in profiles:
        found = _isolated(
            summary, [profile], "questionnaires", _questionnaires_due, profile, now, last_done
        )
        items += found or []
    return items


def _questionnaires_due(
    profile: Profile, now: datetime, last_done: dict[int, dict[str, date]]
) -> list[DueItem]:
    items = []
    today = profile.local_today(now)
    for plan in schedule.plan(profile, today, last_done[profile.pk]):
        if not plan.due or plan.optional:
            continue
        first_due = plan.next_on or profile.local_today(profile.created)
        every = questionnaire_rules.EVERY_DAYS[plan.instrument]
        path = reverse(
            "questionnaires:fill",
            kwargs={"profile_uuid": profile.uuid, "instrument": plan.instrument},
        )
        items.append(
            DueItem(
                profile,
                f"questionnaire:{plan.instrument}",
                current_period_start(first_due, today, every),
                str(TITLES[plan.instrument]),
                path,
            )
        )
    return items


def dose_items(profiles: Sequence[Profile], now: datetime, summary: Summary) -> list[DueItem]:
    """A biologic dose on its due day (once per dose; an already logged dose is not reminded).
    A profile whose course cannot be worked out is skipped and counted in ``summary``."""
    by_profile = {profile.pk: profile for profile in profiles}
    treatments = (
        Treatment.objects.filter(profile_id__in=list(by_profile), stopped_on__isnull=True)
        .select_related("profile")
        .order_by("profile_id", "-start_date", "-id")
    )
    items = []
    seen: set[int] = set()
    for treatment in treatments:
        if treatment.profile.pk in seen:  # only the current course of each profile
            continue
        seen.add(treatment.profile.pk)
        profile = by_profile[treatment.profile.pk]
        items += _isolated(summary, [profile], "the dose", _dose_due, treatment, profile, now) or []
    return items


def _dose_due(treatment: Treatment, profile: Profile, now: datetime) -> list[DueItem]:
    today = profile.local_today(now)
    record = treatment_services.adherence_of(treatment, today, horizon_days=0).next_due
    if record is None or record.status != "due":
        return []
    dose = record.dose
    title = _("%(drug)s %(mg)s mg") % {"drug": treatment.drug_name, "mg": dose.dose_mg}
    if dose.injections > 1:
        title += " " + _("(%(n)s injections at different sites)") % {"n": dose.injections}
    return [
        DueItem(
            profile,
            f"dose:{treatment.uuid}",
            dose.date,
            title,
            reverse("treatment:inject", kwargs={"treatment_uuid": treatment.uuid}),
        )
    ]


Provider = Callable[[Sequence[Profile], datetime, Summary], list[DueItem]]
PROVIDERS: list[Provider] = [questionnaire_items, dose_items]


def _claim(item: DueItem) -> bool:
    """Record the reminder as sent; False when it already was (by this run or another one)."""
    try:
        with transaction.atomic():
            SentReminder.objects.create(profile=item.profile, kind=item.kind, due_on=item.due_on)
    except IntegrityError:
        return False
    return True


def _claim_for_account(account_id: int, items: Sequence[DueItem]) -> list[DueItem]:
    """Claim an account's items together, so that they go out in one e-mail.

    The account row is locked first (SELECT ... FOR UPDATE on PostgreSQL; on SQLite the IMMEDIATE
    transaction already holds the write lock), so a concurrent run waits, then finds every item
    claimed, instead of claiming some of them and splitting the e-mail in two.
    """
    with transaction.atomic():
        list(get_user_model().objects.select_for_update().filter(pk=account_id).values("pk"))
        return [item for item in items if _claim(item)]


def _release(items: Sequence[DueItem]) -> None:
    for item in items:
        SentReminder.objects.filter(
            profile=item.profile, kind=item.kind, due_on=item.due_on
        ).delete()


def _is_reminder_time(profile: Profile, now: datetime) -> bool:
    hour: int = settings.CALMSKIN_REMINDER_HOUR
    return timezone.localtime(now, profile.zone).hour >= hour


def _email(account: Any, items: Sequence[DueItem]) -> tuple[str, str]:
    by_profile: dict[Profile, list[DueItem]] = defaultdict(list)
    for item in items:
        by_profile[item.profile].append(item)
    base = settings.CALMSKIN_BASE_URL
    context = {
        "groups": [
            {
                "profile": profile,
                "items": [{"title": i.title, "url": base + i.path} for i in group],
                "settings_url": base
                + reverse("diary:profile-edit", kwargs={"profile_uuid": profile.uuid}),
            }
            for profile, group in by_profile.items()
        ],
    }
    names = ", ".join(profile.display_name for profile in by_profile)
    subject = _("CalmSkin: due for %(names)s") % {"names": names}
    return subject, render_to_string("reminders/due_email.txt", context)


def _profiles_of(items: Sequence[DueItem]) -> list[Profile]:
    return list(dict.fromkeys(item.profile for item in items))


def _written(account: Any, items: Sequence[DueItem]) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        return _email(account, items)


def send_due_reminders(now: datetime | None = None, *, dry_run: bool = False) -> Summary:
    """Send every due, not yet sent reminder: one e-mail per account. See the module docstring."""
    now = now or timezone.now()
    summary = Summary(dry_run=dry_run)
    profiles = list(
        Profile.objects.filter(
            email_reminders=True, account__is_active=True, account__email__gt=""
        ).select_related("account")
    )
    items = [item for provider in PROVIDERS for item in provider(profiles, now, summary)]
    known = set(
        SentReminder.objects.filter(profile__in=profiles).values_list(
            "profile_id", "kind", "due_on"
        )
    )
    per_account: dict[int, list[DueItem]] = defaultdict(list)
    for item in items:
        if (item.profile.pk, item.kind, item.due_on) in known:
            summary.already_sent += 1
        elif not _is_reminder_time(item.profile, now):
            summary.waiting += 1
        else:
            per_account[item.profile.account.pk].append(item)
    for account_id, candidates in per_account.items():
        account = candidates[0].profile.account
        if dry_run:
            summary.sent.extend(candidates)
            summary.emails += 1
            continue
        claimed = _claim_for_account(account_id, candidates)
        summary.already_sent += len(candidates) - len(claimed)
        if not claimed:
            continue
        written = _isolated(
            summary, _profiles_of(claimed), "writing the e-mail", _written, account, claimed
        )
        if written is None:
            _release(claimed)
            continue
        subject, body = written
        try:
            send_mail(subject, body, None, [account.email])
        except Exception as error:
            _release(claimed)
            summary.failed.append((account_id, f"{type(error).__name__}: {error}"))
            log.warning("reminder e-mail to account %s failed: %s", account_id, error)
            continue
        summary.sent.extend(claimed)
        summary.emails += 1
    return summary
