"""Search the Learn pages in everyday words.

A person types "pink eye", "jab" or "can I use it when pregnant"; the pages say conjunctivitis,
injection and pregnancy. This engine bridges the two:

1. **Normalise**: split into words (letters and digits), drop accents, fold case (``Grossesse`` and
   ``grossesse``, ``naïve`` and ``naive`` are the same word).
2. **Stem**: a light English stemmer for plurals and -ing/-ed endings (``injections`` ->
   ``injection``, ``itching`` -> ``itch``, ``rashes`` -> ``rash``, ``babies`` -> ``baby``); words
   ending in -is keep their ``s`` (conjunctivitis, keratitis).
3. **Expand**: the longest everyday phrase of :data:`SYNONYMS` found at each point of the query is
   replaced by a *concept* whose alternatives are the phrase itself and the clinical terms the pages
   use ("cold sore" -> oral herpes, herpes simplex). Other words are concepts of their own; common
   function words ("the", "can", "I") are dropped.
4. **Rank**: a section matches a concept when any alternative occurs in it as consecutive words.
   Each matched concept scores :data:`CONCEPT_SCORE`, plus :data:`SECTION_TITLE_SCORE` when it is in
   the section's heading, :data:`PAGE_TITLE_SCORE` when it is in the page's title (a drug's name),
   and one point per occurrence in the text (at most :data:`MAX_TEXT_HITS`). So a section matching
   more of the query always ranks first, and among equals, a heading match beats a passing mention.
   Ties keep the order of the pages.
5. **Snippet**: about :data:`SNIPPET_CHARS` characters of the section's text around the first match,
   cut at word boundaries, with the matched words marked.

The synonym table is CalmSkin's own mapping of lay words to the terms of the labels and trials the
catalog cites (``calmskin.core.therapy`` data files): "conjunctivitis" and "keratitis" as in the US
prescribing information's eye warnings, "oral herpes" and "herpes simplex" as in Dupixent's
adverse-reaction table (USPI Table 3, 2026-04), "injection-site reactions", "upper respiratory tract
infections", "arthralgia", "urticaria" as in each label's most common adverse reactions (team
reference, shared/reference/biologics.md sections 2.6, 3.3, 4.3 and 5.3). Eye warning signs ("eye
pain", "blurred vision", "blurry") lead to the same-day eye advice of every drug page; "how long",
"stop", "alternatives", "sharps" and "dispose" lead to the common-questions page
(:mod:`calmskin.core.learn.questions`), whose headings name them.

Documented choices:

* **Never an error for text.** :func:`SearchIndex.search` takes any string: an empty query (after
  trimming) gives ``problem="empty"`` and a query longer than :data:`MAX_QUERY_CHARS` characters
  gives ``problem="too-long"``, each with no results; the web layer words the message.
* **OR with coverage first**, not AND: "pink eye dupixent" ranks dupilumab's conjunctivitis first
  and still lists the other drugs' conjunctivitis after it. A word found nowhere ("zzz") adds
  nothing; a query of only unknown words finds nothing.
* **At most** :data:`MAX_CONCEPTS` concepts per query and :data:`MAX_RESULTS` results.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, TypeAlias

MAX_QUERY_CHARS = 200
MAX_CONCEPTS = 16
MAX_RESULTS = 20
SNIPPET_CHARS = 180
CONCEPT_SCORE = 10
SECTION_TITLE_SCORE = 4
PAGE_TITLE_SCORE = 2
MAX_TEXT_HITS = 3

Problem: TypeAlias = Literal["empty", "too-long"]

_WORD = re.compile(r"[^\W_]+")

STOPWORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "without",
        "is",
        "are",
        "am",
        "be",
        "been",
        "being",
        "it",
        "its",
        "it's",
        "my",
        "me",
        "i",
        "we",
        "us",
        "you",
        "your",
        "our",
        "he",
        "she",
        "his",
        "her",
        "they",
        "them",
        "their",
        "this",
        "that",
        "these",
        "those",
        "what",
        "which",
        "who",
        "whom",
        "how",
        "when",
        "where",
        "why",
        "do",
        "does",
        "did",
        "doing",
        "can",
        "could",
        "should",
        "would",
        "will",
        "shall",
        "may",
        "might",
        "must",
        "have",
        "has",
        "had",
        "at",
        "by",
        "from",
        "about",
        "as",
        "if",
        "so",
        "not",
        "no",
        "there",
        "here",
        "than",
        "then",
        "too",
        "very",
        "get",
        "got",
        "any",
        "some",
        "all",
        "also",
        "just",
        "into",
        "onto",
        "off",
        "one",
        "s",
        "t",
    }
)
"""Function words dropped from a query unless they are part of a synonym phrase."""

SYNONYMS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    # (everyday words or phrases, clinical terms the pages use). Matching is on stems, so "eyes"
    # and "eye", "shots" and "shot" are the same key.
    (
        ("pink eye", "red eye", "sticky eye", "eye infection"),
        ("conjunctivitis",),
    ),
    (("itchy eye", "itching eye", "sore eye", "watery eye"), ("conjunctivitis", "eye itching")),
    (
        ("eye inflammation", "eye problem", "eye trouble", "eye symptom"),
        ("conjunctivitis", "keratitis", "blepharitis", "dry eye", "eye itching"),
    ),
    (("eyelid", "swollen eyelid", "red eyelid"), ("blepharitis", "eyelid")),
    (
        (
            "eye pain",
            "painful eye",
            "eye hurt",
            "eye hurts",
            "blurred vision",
            "blurry vision",
            "blurred",
            "blurry",
            "blur",
            "vision",
            "eyesight",
            "light sensitivity",
            "sensitive to light",
            "photophobia",
        ),
        ("eye pain", "vision", "blurred", "blurry", "sensitive to light", "same day"),
    ),
    (("dry eye",), ("dry eye",)),
    (
        ("cold sore", "fever blister", "lip sore", "herpes"),
        ("oral herpes", "herpes simplex", "cold sore"),
    ),
    (("shingles", "zoster"), ("herpes zoster", "shingles")),
    (
        (
            "flu shot",
            "flu jab",
            "vaccine",
            "vaccination",
            "immunisation",
            "immunization",
            "booster",
        ),
        ("vaccination", "vaccine"),
    ),
    (
        ("shot", "jab", "needle", "injection", "inject", "injecting", "injected"),
        ("injection", "inject", "injector", "autoinjector"),
    ),
    (
        (
            "pregnant",
            "pregnancy",
            "expecting a baby",
            "trying for a baby",
            "conceive",
            "conception",
        ),
        ("pregnancy", "pregnant", "placenta", "conception"),
    ),
    (
        (
            "breast feeding",
            "breastfeeding",
            "breast feed",
            "breastfeed",
            "nursing",
            "breast milk",
            "lactation",
            "lactating",
        ),
        ("breastfeeding", "lactation", "breast milk"),
    ),
    (
        (
            "fridge",
            "refrigerator",
            "refrigerate",
            "keep cold",
            "cold storage",
            "store",
            "storage",
            "storing",
        ),
        ("storage", "fridge", "refrigerator", "refrigerate"),
    ),
    (
        (
            "room temperature",
            "out of the fridge",
            "travel",
            "travelling",
            "traveling",
            "holiday",
            "vacation",
            "warm",
            "heat",
            "hot",
        ),
        ("room temperature", "storage", "warm"),
    ),
    (("freeze", "frozen", "freezer"), ("freeze",)),
    (
        ("kid", "child", "children", "toddler", "baby", "infant", "little one", "son", "daughter"),
        ("child", "children"),
    ),
    (("teen", "teenager", "teenage", "adolescent", "young people"), ("adolescent", "12 to 17")),
    (("grown up", "adult"), ("adult",)),
    (
        ("how often", "how many times", "frequency", "schedule", "interval"),
        ("every", "schedule", "interval"),
    ),
    (("how much", "dose", "dosage", "amount"), ("dose", "mg")),
    (("loading dose", "starting dose", "first dose", "start dose"), ("loading", "first dose")),
    (
        ("missed", "miss", "forgot", "forget", "forgotten", "late", "skipped", "skip"),
        ("missed", "late"),
    ),
    (
        (
            "how long",
            "how soon",
            "when will it work",
            "start working",
            "take to work",
            "kick in",
        ),
        ("how long",),
    ),
    (
        ("stop", "stopping", "quit", "come off", "discontinue", "give up"),
        ("stop", "stopping"),
    ),
    (
        (
            "alternative",
            "alternatives",
            "other option",
            "other options",
            "other treatment",
            "other treatments",
            "jak inhibitor",
            "tablet",
            "tablets",
            "pill",
        ),
        ("alternatives", "jak inhibitor", "tablet"),
    ),
    (
        (
            "sharps",
            "sharps bin",
            "sharps container",
            "dispose",
            "disposal",
            "throw away",
            "get rid of",
            "used pen",
            "used needle",
        ),
        ("sharps", "dispose", "disposal", "sharps container"),
    ),
    (
        (
            "allergic reaction",
            "allergy",
            "anaphylaxis",
            "swollen face",
            "swollen lips",
            "hypersensitivity",
        ),
        ("hypersensitivity", "anaphylaxis", "angioedema"),
    ),
    (("hives", "welts", "nettle rash", "urticaria"), ("urticaria", "hives")),
    (("swelling", "swollen"), ("angioedema", "swelling")),
    (
        ("joint pain", "sore joint", "achy joint", "aching joint", "arthralgia"),
        ("arthralgia", "joint pain"),
    ),
    (
        ("muscle pain", "sore muscle", "aching muscle", "achy muscle", "myalgia"),
        ("myalgia", "muscle pain"),
    ),
    (("headache", "migraine", "head ache"), ("headache", "migraine")),
    (
        ("cold", "common cold", "sniffles", "runny nose", "sore throat", "chest infection"),
        ("upper respiratory tract infection", "cold"),
    ),
    (("worm", "parasite", "parasitic", "threadworm"), ("parasitic", "worm", "helminth")),
    (("eczema", "atopic dermatitis", "atopic eczema"), ("atopic dermatitis", "eczema")),
    (("itch", "itchy", "itching", "itchiness", "scratch", "scratching"), ("itch", "pruritus")),
    (
        ("steroid cream", "steroid ointment", "cream", "ointment", "topical steroid", "steroid"),
        ("topical", "corticosteroid"),
    ),
    (
        ("pen", "syringe", "device", "autoinjector", "auto injector", "prefilled"),
        ("pen", "syringe", "autoinjector"),
    ),
    (("tummy", "belly", "stomach"), ("abdomen",)),
    (("belly button", "tummy button"), ("navel",)),
    (
        ("where to inject", "injection site", "injection spot"),
        ("abdomen", "thigh", "upper arm", "site"),
    ),
    (("blood test", "lab test", "blood work"), ("laboratory",)),
    (("immune system", "immune"), ("immune", "type 2")),
    (("skin barrier", "dry skin", "barrier"), ("barrier",)),
    (
        ("how it works", "how does it work", "mechanism", "what does it do"),
        ("mechanism", "target", "block"),
    ),
    (
        (
            "result",
            "results",
            "improvement",
            "clear skin",
            "does it work",
            "effective",
            "effectiveness",
            "success",
        ),
        ("clear or almost clear", "week 16", "easi 75", "iga"),
    ),
)
"""Everyday words and phrases -> the clinical terms the Learn pages use (CalmSkin's own table)."""


# --------------------------------------------------------------------------------------------------
# Normalising and stemming
# --------------------------------------------------------------------------------------------------


def fold(text: str) -> str:
    """``text`` in lower case without accents: NFKD, combining marks dropped, case folded."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


_VOWELS = frozenset("aeiouy")


def _has_vowel(word: str) -> bool:
    return any(c in _VOWELS for c in word)


def stem(word: str) -> str:
    """A light English stem of one folded word: plurals, then -ing and -ed.

    ``injections`` -> ``injection``, ``babies`` -> ``baby``, ``rashes`` -> ``rash``, ``itching`` ->
    ``itch``, ``stopped`` -> ``stop``; ``conjunctivitis``, ``virus`` and ``glass`` are kept.
    Words of three letters or fewer, and anything that is not all letters, are returned as given.
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "shes", "ches", "xes", "zes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix):
            base = word[: -len(suffix)]
            if len(base) >= 3 and _has_vowel(base):
                if len(base) >= 4 and base[-1] == base[-2] and base[-1] not in "lsz":
                    base = base[:-1]  # stopped -> stopp -> stop
                word = base
            break
    return word


@dataclass(frozen=True)
class Token:
    """One word of a text: its stem and where it stands in the original text."""

    stem: str
    start: int
    end: int


def tokens(text: str) -> tuple[Token, ...]:
    """The words of ``text`` (letters and digits; underscores and punctuation split words), each
    folded and stemmed, with character offsets into ``text``."""
    out = []
    for match in _WORD.finditer(text):
        folded = "".join(c for c in fold(match.group()) if c.isalnum())
        if folded:
            out.append(Token(stem(folded), match.start(), match.end()))
    return tuple(out)


def stems(text: str) -> tuple[str, ...]:
    return tuple(t.stem for t in tokens(text))


# --------------------------------------------------------------------------------------------------
# The synonym table, compiled to stems
# --------------------------------------------------------------------------------------------------

Phrase: TypeAlias = tuple[str, ...]


@dataclass(frozen=True)
class _Group:
    terms: tuple[str, ...]
    """The clinical terms as written in the table (shown as "also searched for")."""
    alternatives: tuple[Phrase, ...]
    """The terms as stems."""


def _compile(
    table: Sequence[tuple[tuple[str, ...], tuple[str, ...]]],
) -> tuple[dict[Phrase, list[_Group]], int]:
    by_key: dict[Phrase, list[_Group]] = {}
    longest = 1
    for keys, terms in table:
        group = _Group(terms, tuple(dict.fromkeys(p for t in terms if (p := stems(t)))))
        for key in keys:
            compiled = stems(key)
            if compiled:
                by_key.setdefault(compiled, []).append(group)
                longest = max(longest, len(compiled))
    return by_key, longest


_TABLE, _LONGEST_KEY = _compile(SYNONYMS)


@dataclass(frozen=True)
class Concept:
    """One thing the person asked about: what they typed and every way the pages may say it."""

    typed: str
    alternatives: tuple[Phrase, ...]
    terms: tuple[str, ...] = ()
    """Clinical terms from the synonym table (empty for a plain word)."""


def concepts(query: str) -> tuple[Concept, ...]:
    """The concepts of ``query``: synonym phrases (longest first) and other non-function words."""
    words = tokens(query)
    out: list[Concept] = []
    seen: set[tuple[Phrase, ...]] = set()
    i = 0
    while i < len(words) and len(out) < MAX_CONCEPTS:
        for size in range(min(_LONGEST_KEY, len(words) - i), 0, -1):
            key = tuple(w.stem for w in words[i : i + size])
            groups = _TABLE.get(key)
            if groups:
                alternatives: list[Phrase] = [key]
                terms: list[str] = []
                for group in groups:
                    alternatives += [a for a in group.alternatives if a not in alternatives]
                    terms += [t for t in group.terms if t not in terms]
                typed = query[words[i].start : words[i + size - 1].end]
                concept = Concept(typed, tuple(alternatives), tuple(terms))
                i += size
                break
        else:
            word = words[i]
            i += 1
            if word.stem in STOPWORDS or fold(query[word.start : word.end]) in STOPWORDS:
                continue
            concept = Concept(query[word.start : word.end], ((word.stem,),))
        if concept.alternatives not in seen:
            seen.add(concept.alternatives)
            out.append(concept)
    return tuple(out)


# --------------------------------------------------------------------------------------------------
# Documents and the index
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """One searchable part of a page: the page, the part's anchor, its heading and its text."""

    page_id: str
    page_title: str
    section_id: str
    title: str
    text: str
    keywords: tuple[str, ...] = ()
    """Extra words that name the page (brand names), matched like the page title."""


@dataclass(frozen=True)
class _Field:
    """The stems of one field of a section, and where each stem occurs."""

    stems: tuple[str, ...]
    positions: Mapping[str, tuple[int, ...]]

    @classmethod
    def of(cls, words: Sequence[str]) -> _Field:
        positions: dict[str, list[int]] = {}
        for i, word in enumerate(words):
            positions.setdefault(word, []).append(i)
        return cls(tuple(words), {w: tuple(p) for w, p in positions.items()})

    def find(self, phrase: Phrase) -> tuple[int, ...]:
        """Start positions of ``phrase`` as consecutive words of this field."""
        n = len(phrase)
        return tuple(
            i for i in self.positions.get(phrase[0], ()) if self.stems[i : i + n] == phrase
        )


@dataclass(frozen=True)
class _Indexed:
    section: Section
    order: int
    title: _Field
    page: _Field
    body: _Field
    body_tokens: tuple[Token, ...]


@dataclass(frozen=True)
class Hit:
    """A section that matches, its score, the snippet and which concepts matched."""

    section: Section
    score: int
    snippet_parts: tuple[tuple[str, bool], ...]
    """The snippet as (text, is_match) pieces, so the web can mark matches without raw HTML."""
    matched: tuple[str, ...]
    """What the person typed, for each concept this section matched."""

    @property
    def snippet(self) -> str:
        return "".join(text for text, _ in self.snippet_parts)


@dataclass(frozen=True)
class SearchResults:
    query: str
    hits: tuple[Hit, ...] = ()
    concepts: tuple[Concept, ...] = ()
    problem: Problem | None = None

    @property
    def expansions(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """(typed words, clinical terms) for every concept the synonym table expanded, leaving out
        terms that only repeat what was typed."""
        out = []
        for concept in self.concepts:
            typed = stems(concept.typed)
            terms = tuple(t for t in concept.terms if stems(t) != typed)
            if terms:
                out.append((concept.typed, terms))
        return tuple(out)


class SearchIndex:
    """The sections of the Learn pages, tokenised once; :meth:`search` ranks them for a query."""

    def __init__(self, sections: Iterable[Section]) -> None:
        self.sections = tuple(sections)
        indexed = []
        for order, section in enumerate(self.sections):
            body = tokens(section.text)
            indexed.append(
                _Indexed(
                    section,
                    order,
                    _Field.of(stems(section.title)),
                    _Field.of(stems(" ".join((section.page_title, *section.keywords)))),
                    _Field.of([t.stem for t in body]),
                    body,
                )
            )
        self._indexed = tuple(indexed)

    def search(self, query: str, limit: int = MAX_RESULTS) -> SearchResults:
        """The sections matching ``query``, best first (see the module docstring)."""
        text = query.strip()
        if not text:
            return SearchResults(query, problem="empty")
        if len(text) > MAX_QUERY_CHARS:
            return SearchResults(query, problem="too-long")
        wanted = concepts(text)
        ranked: list[tuple[int, int, Hit]] = []
        for item in self._indexed:
            hit = _score(item, wanted)
            if hit is not None:
                ranked.append((-hit.score, item.order, hit))
        ranked.sort(key=lambda entry: (entry[0], entry[1]))
        return SearchResults(query, tuple(h for _, _, h in ranked[:limit]), wanted)


def _score(item: _Indexed, wanted: Sequence[Concept]) -> Hit | None:
    score = 0
    matched: list[str] = []
    spans: list[tuple[int, int]] = []
    for concept in wanted:
        in_title = in_page = False
        body_hits = 0
        concept_spans: list[tuple[int, int]] = []
        for phrase in concept.alternatives:
            in_title = in_title or bool(item.title.find(phrase))
            in_page = in_page or bool(item.page.find(phrase))
            starts = item.body.find(phrase)
            body_hits = max(body_hits, len(starts))
            concept_spans += [
                (item.body_tokens[i].start, item.body_tokens[i + len(phrase) - 1].end)
                for i in starts
            ]
        if not (in_title or in_page or body_hits):
            continue
        matched.append(concept.typed)
        spans += concept_spans
        score += (
            CONCEPT_SCORE
            + SECTION_TITLE_SCORE * in_title
            + PAGE_TITLE_SCORE * in_page
            + min(body_hits, MAX_TEXT_HITS)
        )
    if not matched:
        return None
    return Hit(item.section, score, _snippet(item.section.text, spans), tuple(matched))


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _snippet(text: str, spans: Sequence[tuple[int, int]]) -> tuple[tuple[str, bool], ...]:
    """About :data:`SNIPPET_CHARS` characters of ``text`` around the first span, at word
    boundaries, as (text, is_match) pieces; "…" marks a cut."""
    marks = _merge(spans)
    first = marks[0][0] if marks else 0
    start = max(0, first - SNIPPET_CHARS // 3)
    end = min(len(text), start + SNIPPET_CHARS)
    start = max(0, min(start, end - SNIPPET_CHARS))
    if start > 0:
        space = text.find(" ", start, first if marks else end)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", max(start, marks[0][1] if marks else start), end)
        end = space if space > start else end
    parts: list[tuple[str, bool]] = []
    if start > 0:
        parts.append(("… ", False))
    position = start
    for mark_start, mark_end in marks:
        if mark_end <= start or mark_start >= end:
            continue
        mark_start, mark_end = max(mark_start, start), min(mark_end, end)
        if mark_start > position:
            parts.append((text[position:mark_start], False))
        parts.append((text[mark_start:mark_end], True))
        position = mark_end
    if position < end:
        parts.append((text[position:end], False))
    if end < len(text):
        parts.append((" …", False))
    return tuple(parts)


def group_by_page(hits: Sequence[Hit]) -> Mapping[str, tuple[Hit, ...]]:
    """Hits per page id, each page's hits in rank order (pages in the order of their best hit)."""
    out: dict[str, list[Hit]] = {}
    for hit in hits:
        out.setdefault(hit.section.page_id, []).append(hit)
    return {page: tuple(page_hits) for page, page_hits in out.items()}
