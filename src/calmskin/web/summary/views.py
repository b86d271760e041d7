"""The visit summary, as a page to print and as a PDF. Both come through the door
(:func:`calmskin.web.lib.door.profile_view`): 404 for anyone but the owner, then 405, then the
profile's time zone for the request."""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from calmskin.web.diary.models import Profile
from calmskin.web.lib.door import READ, ProfileRequest, profile_view
from calmskin.web.summary import charts, selectors
from calmskin.web.summary import pdf as summary_pdf

logger = logging.getLogger(__name__)


def _context(request: ProfileRequest, profile: Profile) -> dict[str, Any]:
    summary = selectors.visit_summary(profile, request.today)
    return {
        "profile": profile,
        "summary": summary,
        "chart": charts.trend_chart(summary.trend),
        "generated": timezone.localtime(timezone.now()),
    }


@profile_view(READ)
def page(request: ProfileRequest, profile: Profile) -> HttpResponse:
    """The summary in the site's frame; its print stylesheet leaves only the summary on paper."""
    return render(request, "summary/page.html", _context(request, profile))


@profile_view(READ, remember=False)
def pdf(request: ProfileRequest, profile: Profile) -> HttpResponse:
    """The same summary as a PDF (WeasyPrint), shown in the browser; never cached."""
    context = _context(request, profile)
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
