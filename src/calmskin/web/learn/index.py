"""The search index of the Learn pages: the drug pages' sections from calmskin.core, and the
sections of the page on how biologics work, read from that page's own template so that the search
finds exactly the words the page shows (in the language it is shown in).

The index is built once per language and process: the catalog is packaged data that does not change
while the server runs.
"""

from __future__ import annotations

from functools import lru_cache
from html.parser import HTMLParser

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from calmskin.core.learn.pages import drug_sections
from calmskin.core.learn.questions import PAGE_ID as QUESTIONS_PAGE
from calmskin.core.learn.questions import PAGE_TITLE as QUESTIONS_TITLE
from calmskin.core.learn.questions import answers
from calmskin.core.learn.search import SearchIndex, Section
from calmskin.web.learn.links import MECHANISM_PAGE
from calmskin.web.learn.mechanism import mechanism_context

_BLOCKS = {"p", "li", "ul", "ol", "dt", "dd", "dl", "div", "h2", "h3", "h4", "br", "tr", "td", "th"}


class _SectionReader(HTMLParser):
    """Collects each ``<section data-learn-section id=...>``: its first ``<h2>`` and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []
        self._id: str | None = None
        self._depth = 0
        self._in_heading = False
        self._heading: list[str] = []
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if self._id is None:
            if tag == "section" and "data-learn-section" in named and named.get("id"):
                self._id, self._depth = named["id"], 1
                self._heading, self._text = [], []
            return
        if tag == "section":
            self._depth += 1
        if tag == "h2" and not self._heading:
            self._in_heading = True
        if tag in _BLOCKS:
            self._text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self._id is None:
            return
        if tag == "h2" and self._in_heading:
            self._in_heading = False
            return
        if tag in _BLOCKS:
            self._text.append(" ")
        if tag == "section":
            self._depth -= 1
            if self._depth == 0:
                heading = " ".join("".join(self._heading).split())
                text = " ".join("".join(self._text).split())
                self.found.append((self._id, heading, text))
                self._id = None

    def handle_data(self, data: str) -> None:
        if self._id is None:
            return
        (self._heading if self._in_heading else self._text).append(data)


def read_sections(html: str) -> list[tuple[str, str, str]]:
    """(anchor, heading, text) of every ``data-learn-section`` section of ``html``."""
    reader = _SectionReader()
    reader.feed(html)
    reader.close()
    return reader.found


def mechanism_sections() -> tuple[Section, ...]:
    html = render_to_string("learn/_mechanism_sections.html", mechanism_context())
    title = gettext("How biologics calm eczema")
    return tuple(
        Section(MECHANISM_PAGE, title, anchor, heading, text)
        for anchor, heading, text in read_sections(html)
    )


def question_sections() -> tuple[Section, ...]:
    """The common questions, one section per answer, in the active language."""
    title = gettext(QUESTIONS_TITLE)
    return tuple(
        Section(
            QUESTIONS_PAGE,
            title,
            a.id,
            gettext(a.question),
            " ".join(gettext(t) for t in (*a.paragraphs, *a.items)),
        )
        for a in answers()
    )


@lru_cache(maxsize=16)
def _index(language: str) -> SearchIndex:
    with translation.override(language):
        return SearchIndex((*drug_sections(), *question_sections(), *mechanism_sections()))


def search_index() -> SearchIndex:
    """The index for the active language."""
    return _index(translation.get_language() or settings.LANGUAGE_CODE)
