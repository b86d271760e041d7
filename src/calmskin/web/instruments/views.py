"""The calculators: parse the form, let calmskin.core score it, render. Nothing is stored.

Each page works without JavaScript (a full POST re-renders the page with the result); with htmx
the form posts to the ``result`` endpoint and only the result fragment is swapped in.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from calmskin.web.instruments.forms import easi_outcome, poem_outcome


@require_http_methods(["GET", "HEAD", "POST"])
def easi(request: HttpRequest) -> HttpResponse:
    outcome = easi_outcome(request.POST if request.method == "POST" else None)
    return render(request, "instruments/easi.html", {"outcome": outcome, **outcome.view})


@require_POST
def easi_result(request: HttpRequest) -> HttpResponse:
    outcome = easi_outcome(request.POST)
    context = {"outcome": outcome, "oob": True, **outcome.view}
    return render(request, "instruments/_easi_result.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def poem(request: HttpRequest) -> HttpResponse:
    outcome = poem_outcome(request.POST if request.method == "POST" else None)
    return render(request, "instruments/poem.html", {"outcome": outcome, **outcome.view})


@require_POST
def poem_result(request: HttpRequest) -> HttpResponse:
    outcome = poem_outcome(request.POST)
    return render(request, "instruments/_poem_result.html", {"outcome": outcome, **outcome.view})
