"""The Learn pages: an index, one page per biologic, how biologics calm eczema, and the search.

Nothing here holds a clinical number. Drug pages render :func:`calmskin.core.learn.pages.drug_page`
(the therapy catalog through the core's regimen and storage functions). The page on how biologics
work is CalmSkin's own explanation in plain words; its facts and their sources:

* Type 2 inflammation, the messengers IL-4, IL-13 and IL-31, a leaky skin barrier and the
  itch-scratch cycle in eczema: Weidinger S, Novak N, Lancet 2016;387:1109-22; IL-31 as an itch
  messenger acting on nerves: Serra-Baldrich E et al., Actas Dermosifiliogr 2022;113:T674-T684
  (:data:`calmskin.core.learn.pages.BACKGROUND_SOURCES`).
* What each drug targets, in plain words and as the label states it: the catalog's ``mechanism``
  and ``target`` (Dupixent, Adbry, Ebglyss and Nemluvio US prescribing information, as cited in each
  data file).
* Week-16 results as ranges over the catalog's trials, monotherapy apart from trials on topical
  therapy (SOLO 1 and 2, CHRONOS, ECZTRA 1 to 3, ADvocate 1 and 2, ARCADIA 1 and 2; reference
  section 10.4): :func:`calmskin.core.learn.pages.week16_summary`. The EU labels of tralokinumab,
  lebrikizumab and nemolizumab advise considering stopping without a response at week 16 (regimen
  notes in the data files).
* Eye inflammation, injection-site reactions, cold sores, allergic reactions and live vaccines:
  the drugs named on the page are those whose catalog side effects or warnings name them as fact
  (:func:`calmskin.core.learn.pages.drugs_naming`): eye warnings in the dupilumab, tralokinumab and
  lebrikizumab labels; injection-site and cold-sore rates in Dupixent's USPI Table 3.
* Eye warning signs on all four medicines: eye pain, a change in vision or sensitivity to light need
  care the same day (the side-effect data's same-day advice; NHS conjunctivitis page).
* Pregnancy: antibodies of this type (IgG) cross the placenta, more so late in pregnancy (each US
  label's pregnancy section, per the safety review of 2026-12); pregnancy studies or registries as
  listed by :func:`calmskin.core.learn.pages.pregnancy_notes`. Breastfeeding: the labels have no
  data on the medicine in human milk and note that the mother's IgG is in milk; LactMed (dupilumab,
  revised January 2025) reports one mother's milk level at about 1.3% of her blood level and expert
  opinion that it is acceptable while breastfeeding.

Sources are shown as one line of plain document names and dates
(:func:`calmskin.core.therapy.catalog.plain_sources`).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from calmskin.core.learn.pages import (
    drug_page,
    drug_pages,
)
from calmskin.core.learn.questions import answers
from calmskin.core.learn.questions import sources_line as question_sources
from calmskin.core.learn.search import MAX_QUERY_CHARS
from calmskin.core.therapy.catalog import DRUG_IDS
from calmskin.web.learn.index import search_index
from calmskin.web.learn.links import page_url
from calmskin.web.learn.mechanism import mechanism_context

EXAMPLES = ("pink eye", "jab", "fridge", "pregnant", "cold sore", "missed dose")


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    pages = [
        {"url": page_url(p.drug_id), "title": p.title, "mechanism": p.mechanism}
        for p in drug_pages()
    ]
    return render(
        request,
        "learn/index.html",
        {"pages": pages, "examples": EXAMPLES, "max_chars": MAX_QUERY_CHARS},
    )


@require_safe
def drug(request: HttpRequest, drug_id: str) -> HttpResponse:
    if drug_id not in DRUG_IDS:
        raise Http404("no such medicine in the catalog")
    page = drug_page(drug_id)
    return render(
        request,
        "learn/drug.html",
        {"page": page, "others": [p for p in drug_pages() if p.drug_id != drug_id]},
    )


@require_safe
def mechanism(request: HttpRequest) -> HttpResponse:
    return render(request, "learn/mechanism.html", mechanism_context())


@require_safe
def questions(request: HttpRequest) -> HttpResponse:
    """Common questions (how long until it works, stopping, alternatives, sharps); the words and
    their sources are in :mod:`calmskin.core.learn.questions`."""
    found = answers()
    return render(
        request,
        "learn/questions.html",
        {"answers": found, "sources_line": question_sources(found)},
    )


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """``?q=`` searched over the Learn pages; without ``q`` only the form is shown."""
    query = request.GET.get("q")
    context: dict[str, Any] = {
        "query": query or "",
        "searched": query is not None,
        "examples": EXAMPLES,
        "max_chars": MAX_QUERY_CHARS,
    }
    if query is not None:
        results = search_index().search(query)
        context["problem"] = results.problem
        context["expansions"] = results.expansions
        context["hits"] = [
            {
                "url": f"{page_url(h.section.page_id)}#{h.section.section_id}",
                "page_title": h.section.page_title,
                "title": h.section.title,
                "parts": h.snippet_parts,
                "page_id": h.section.page_id,
                "section_id": h.section.section_id,
            }
            for h in results.hits
        ]
    return render(request, "learn/search.html", context)
