"""Every user-facing text in the web templates is marked for translation.

For each template under ``src/calmskin/web`` the Django markup is taken out the way Django's own
lexer splits it: comments (``{# #}``, ``{% comment %}``), whole ``{% blocktranslate %}`` bodies,
``{% translate %}`` and every other tag and variable. What is left is what a page shows
verbatim: its text and its user-visible attributes (``alt``, ``title``, ``aria-label`` ...) must
not contain words, apart from a short allowlist of names that stay the same in every language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.template.base import tag_re

WEB = Path(__file__).resolve().parents[2] / "src" / "calmskin" / "web"
TEMPLATE_SUFFIXES = {".html", ".txt"}  # the .txt ones are the plain-text e-mails
EXCLUDED_APPS: set[str] = set()  # an app listed here is not checked (none is)

ALLOWED = (
    # Names that are the same in every language: the brand and the instruments.
    "CalmSkin",
    "EASI",
    "POEM",
    "SCORAD",
    "DLQI",
    "CDLQI",
    "IDQOL",
    "ADCT",
    "vIGA-AD",
    "PP-NRS",
    # Units. (Symbols and numbers have no letters, so they never need an entry.)
    "kg",
    "mg",
)
_ALLOWED_RE = re.compile(
    "|".join(
        rf"(?<![\w-]){re.escape(word)}(?![\w-])" for word in sorted(ALLOWED, key=len, reverse=True)
    )
)
_LETTER_RE = re.compile(r"[^\W\d_]")

VISIBLE_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "aria-description"}
"""Attributes a user sees or hears on any element."""
BUTTON_INPUT_TYPES = {"submit", "button", "reset"}
"""``<input type=...>`` whose ``value`` is the button's text (a ``<button>``'s value is not shown)."""


def template_files() -> list[Path]:
    files = [
        path
        for path in WEB.rglob("*")
        if path.suffix in TEMPLATE_SUFFIXES
        and "templates" in path.relative_to(WEB).parts
        and path.relative_to(WEB).parts[0] not in EXCLUDED_APPS
    ]
    return sorted(files)


def without_django_markup(source: str) -> str:
    """The template with every tag, variable and comment taken out (line numbers kept).

    Removed: ``{# #}`` and ``{% comment %}`` blocks, ``{% blocktranslate %}`` blocks with their
    body (already marked), and every other ``{% %}`` and ``{{ }}`` (``{% translate %}`` among
    them). A removed piece leaves only its newlines behind, so lines still match the file.
    ``{% verbatim %}`` content is shown as written, so it stays.
    """
    out: list[str] = []
    skip_until: str | None = None  # the end tag of a comment or blocktranslate being skipped
    verbatim_until: str | None = None  # "endverbatim", as Django's lexer compares it
    position = 0
    for match in tag_re.finditer(source):
        text, tag = source[position : match.start()], match.group()
        position = match.end()
        if verbatim_until is not None and not (
            tag.startswith("{%") and tag[2:-2].strip() == verbatim_until
        ):
            out.append(text + tag)
            continue
        out.append(_blank(text) if skip_until else text)
        out.append(_blank(tag))
        if verbatim_until is not None:  # this is the end tag
            verbatim_until = None
            continue
        if not tag.startswith("{%"):
            continue
        bits = tag[2:-2].split()
        name = bits[0] if bits else ""
        if skip_until is not None:
            if name == skip_until:
                skip_until = None
        elif name in ("comment", "blocktranslate", "blocktrans"):
            skip_until = f"end{name}"
        elif name == "verbatim":
            verbatim_until = f"end{tag[2:-2].strip()}"
    out.append(_blank(source[position:]) if skip_until else source[position:])
    return "".join(out)


def _blank(text: str) -> str:
    return "\n" * text.count("\n")


@dataclass(frozen=True)
class Finding:
    line: int
    where: str  # "text" or the attribute, e.g. "alt"
    text: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.where}: {self.text!r}"


class _TextCollector(HTMLParser):
    """Text nodes and user-visible attribute values, outside ``<script>`` and ``<style>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Finding] = []
        self._raw_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._raw_depth += 1
        values = {name: value or "" for name, value in attrs}
        visible = [name for name in values if name in VISIBLE_ATTRIBUTES]
        if tag == "input" and values.get("type", "").lower() in BUTTON_INPUT_TYPES:
            visible.append("value")
        if tag == "meta" and values.get("name", "").lower() == "description":
            visible.append("content")
        if tag in ("option", "optgroup", "track"):
            visible.append("label")
        line = self.getpos()[0]
        for name in visible:
            if name in values:
                self.found.append(Finding(line, f"{tag} {name}=", values[name]))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style"):
            self._raw_depth -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._raw_depth:
            self._raw_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self._raw_depth:
            leading = data[: len(data) - len(data.lstrip())]
            self.found.append(Finding(self.getpos()[0] + leading.count("\n"), "text", data))


def untranslated(source: str) -> list[Finding]:
    """Shown words in a template that no ``{% translate %}``/``{% blocktranslate %}`` covers."""
    collector = _TextCollector()
    collector.feed(without_django_markup(source))
    collector.close()
    findings = []
    for found in collector.found:
        text = " ".join(found.text.split())
        if _LETTER_RE.search(_ALLOWED_RE.sub("", text)):
            findings.append(Finding(found.line, found.where, text))
    return findings


TEMPLATES = template_files()


def test_it_finds_the_templates() -> None:
    names = {path.relative_to(WEB).as_posix() for path in TEMPLATES}
    assert "templates/base.html" in names
    assert "instruments/templates/instruments/easi.html" in names
    assert "accounts/templates/accounts/email/verify_body.txt" in names
    assert "learn/templates/learn/drug.html" in names


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: path.relative_to(WEB).as_posix())
def test_user_facing_text_is_marked_for_translation(path: Path) -> None:
    findings = untranslated(path.read_text(encoding="utf-8"))
    assert not findings, f"{path.relative_to(WEB)}: text not marked for translation:\n" + "\n".join(
        f"  {finding}" for finding in findings
    )


# The checker itself: it must catch plain text and ignore what no user reads.


def test_it_flags_plain_text_and_visible_attributes() -> None:
    source = (
        "{% load i18n %}<title>{% block title %}About — CalmSkin{% endblock %}</title>\n"
        '<nav aria-label="Main"><img src="x.png" alt="A rash"></nav>\n'
        '<input type="submit" value="Go"><input placeholder="{{ hint }} here">\n'
        '<meta name="description" content="Eczema diary">\n'
        "<p>{% if x %}Hello {{ name }}{% endif %}</p>\n"
        "<p>{% verbatim %}{{ Shown as written }}{%endverbatim%}</p>\n"
    )
    assert [(f.line, f.where, f.text) for f in untranslated(source)] == [
        (1, "text", "About — CalmSkin"),
        (2, "nav aria-label=", "Main"),
        (2, "img alt=", "A rash"),
        (3, "input value=", "Go"),
        (3, "input placeholder=", "here"),
        (4, "meta content=", "Eczema diary"),
        (5, "text", "Hello"),
        (6, "text", "{{ Shown as written }}"),
    ]


def test_it_passes_marked_text_and_markup_only_attributes() -> None:
    source = (
        "{% load i18n %}{# A comment with words. #}\n"
        "{% comment %}More words\nover lines{% endcomment %}\n"
        '<a class="button button--quiet" href="/some/path" data-testid="a-link" id="x"'
        ' aria-describedby="help" rel="noopener">{% translate "Open" %}</a>\n'
        '<nav aria-label="{% translate \'Main\' %}"><img alt="{% blocktranslate with d=day %}Photo,'
        ' {{ d }}{% endblocktranslate %}"></nav>\n'
        "<p>{% blocktranslate trimmed count n=count %}\n  One item.\n{% plural %}\n"
        "  {{ n }} items.\n{% endblocktranslate %}</p>\n"
        '<input type="hidden" name="next" value="later"><option value="yes">{{ yes }}</option>\n'
        '<script>const label = "Words in code";</script><style>.a::after { content: "x"; }</style>\n'
        "<p>EASI <strong>{{ total }}</strong> · 72 % · 3 kg · vIGA-AD</p>\n"
    )
    assert untranslated(source) == []


def test_an_allowed_name_does_not_cover_the_words_around_it() -> None:
    assert [f.text for f in untranslated("<p>EASI calculator</p><p>POEMS</p>")] == [
        "EASI calculator",
        "POEMS",
    ]
