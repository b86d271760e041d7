"""The visit summary, as a page to print and as a PDF. Both resolve the profile through
``profile_for`` first (404 for anyone but the owner) and only then check the method, so a 405 never
confirms that an id exists."""

from __future__ import annotations

import logging
from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from calmskin.web.diary import selectors as diary_selectors
from calmskin.web.diary.models import Profile
from calmskin.web.diary.views import _refuse_method
from calmskin.web.summary import charts, selectors
from calmskin.web.summary import pdf as summary_pdf

READ = ("GET", "HEAD")

logger = logging.getLogger(__name__)


def _context(profile: Profile) -> dict[str, Any]:
    summary = selectors.visit_summary(profile, profile.local_today())
    return {
        "profile": profile,
        "summary": summary,
        "chart": charts.trend_chart(summary.trend),
        "generated": timezone.localtime(timezone.now(), profile.zone),
    }


@login_required
def page(request: HttpRequest, profile_uuid: UUID) -> HttpResponse:
    """The summary in the site's frame; its print stylesheet leaves only the summary on paper."""
    profile = diary_selectors.profile_for(request.user, profile_uuid)
    if refused := _refuse_method(request, READ):
        return refused
    diary_selectors.choose_profile(request, profile)
    context = {
        **_context(profile),
        "current_profile": profile,
        "profiles": diary_selectors.profiles_of(request.user),
    }
    with timezone.override(profile.zone):
        return render(request, "summary/page.html", context)


@login_required
def pdf(request: HttpRequest, profile_uuid: UUID) -> HttpResponse:
    """The same summary as a PDF (WeasyPrint), shown in the browser; never cached."""
    profile = diary_selectors.profile_for(request.user, profile_uuid)
    if refused := _refuse_method(request, READ):
        return refused
    context = _context(profile)
    with timezone.override(profile.zone):
        html = render_to_string("summary/pdf.html", context, request=request)
    try:
        content = summary_pdf.render_pdf(html)
    except summary_pdf.PdfUnavailable as error:
        logger.error("visit summary PDF unavailable: %s", error)
        response = HttpResponse(
            _("The PDF cannot be made on this server at the moment. Print the page instead."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Cache-Control"] = "no-store"
        return response
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"visit-summary-{context['summary'].today.isoformat()}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
