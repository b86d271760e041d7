"""Where each Learn page lives: its URL by page id (a drug, the mechanism page, the questions)."""

from __future__ import annotations

from django.urls import reverse

from calmskin.core.learn.questions import PAGE_ID as QUESTIONS_PAGE
from calmskin.core.therapy.catalog import DRUG_IDS

MECHANISM_PAGE = "how-biologics-work"


def page_url(page_id: str) -> str:
    """The URL of a Learn page by its id (a drug id or the mechanism page)."""
    if page_id in DRUG_IDS:
        return reverse("learn:drug", args=[page_id])
    if page_id == MECHANISM_PAGE:
        return reverse("learn:mechanism")
    if page_id == QUESTIONS_PAGE:
        return reverse("learn:questions")
    raise KeyError(page_id)
