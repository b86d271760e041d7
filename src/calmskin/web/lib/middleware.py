"""Requests refused before anything reads their body."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

FORM_TYPE = "application/x-www-form-urlencoded"


def refuse_non_utf8_forms(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Answer 400 to a form posted with a charset other than UTF-8 (``charset=latin-1``, or even the
    alias ``utf8``).

    Django refuses to read such a body (``BadRequest``), but its own 400 and 500 pages read it again
    to check the CSRF token, fail the same way, and the server answers 500. Browsers always send
    forms in UTF-8, so only a script sends this; it gets a plain 400 before the CSRF middleware.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        encoding = request.encoding
        if (
            request.method == "POST"
            and request.content_type == FORM_TYPE
            and encoding is not None
            and encoding.lower() != "utf-8"
        ):
            return HttpResponseBadRequest(
                "A form must be sent in UTF-8.", content_type="text/plain; charset=utf-8"
            )
        return get_response(request)

    return middleware
