"""Licensed questionnaire text, supplied by a deployment as "text packs".

CalmSkin never ships the copyrighted wording of POEM, DLQI, CDLQI, IDQOL, ADCT or RECAP: the
repository holds only item *topics* in its own words and the scoring rules. A deployment that has
obtained a licence from the rights holder writes the licensed text into one text pack per
instrument and language and points CalmSkin at the directory (the web app passes the path it reads
from ``CALMSKIN_TEXTPACK_DIR``; this module never reads the environment).

Format (``docs/text-packs.md``): one UTF-8 JSON object per file::

    {
      "format": "calmskin-textpack/1",
      "instrument": "poem",
      "language": "en",
      "version": "licensed version identifier",
      "licence": {"holder": "...", "reference": "...", "copyright_line": "..."},
      "title": "...",
      "instructions": "...",
      "items": {"itch": {"text": "...", "options": {"0": "...", "1": "...", ...}}, ...}
    }

Why JSON and not TOML: every other CalmSkin interface (instrument input, results, the registry)
is JSON, the standard library can both read and write it (``tomllib`` only reads, so tooling that
generates packs would need a third-party TOML writer), and JSON's duplicate keys can be detected
with ``object_pairs_hook`` so a pasted item can never silently shadow another.

Validation is strict and fails with :class:`~calmskin.core.instruments.base.InputError` whose
``field`` is the dotted path inside the pack (``items.itch.options.4``): the pack must cover
exactly the instrument's item keys (:data:`OUTLINES`) and, for each item, exactly its allowed answer
values; unknown keys anywhere are refused; every text must be a non-empty string.

Without a pack, :func:`item_prompts` falls back to the neutral topics so the UI still works.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from calmskin.core.instruments import adct, dlqi, idqol, poem, recap
from calmskin.core.instruments._questionnaire import ItemTopic, Outline
from calmskin.core.instruments.base import InputError, join, json_repr

FORMAT = "calmskin-textpack/1"
MAX_TEXT_LENGTH = 4000
"""Longest accepted text (characters); questionnaire instructions are far shorter."""

OUTLINES: dict[str, Outline] = {
    outline.instrument: outline
    for outline in (
        poem.OUTLINE,
        dlqi.DLQI_OUTLINE,
        dlqi.CDLQI_OUTLINE,
        idqol.OUTLINE,
        adct.OUTLINE,
        recap.OUTLINE,
    )
}
"""Instruments whose wording is licensed, with their neutral outlines (item keys and answers)."""

LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
"""A BCP 47-style tag with a lowercase primary language: ``en``, ``en-GB``, ``nl``, ``pt-BR``."""

TOP_LEVEL_KEYS = (
    "format",
    "instrument",
    "language",
    "version",
    "licence",
    "title",
    "instructions",
    "items",
)
LICENCE_KEYS = ("holder", "reference", "copyright_line")
ITEM_KEYS = ("text", "options")


@dataclass(frozen=True)
class Licence:
    """Who licensed the text, the licence reference, and the line that must appear on every copy."""

    holder: str
    reference: str
    copyright_line: str


@dataclass(frozen=True)
class PackItem:
    """Licensed text of one question and of each of its answers (answer value -> label)."""

    text: str
    options: Mapping[str, str]


@dataclass(frozen=True)
class TextPack:
    """A validated text pack for one instrument and one language."""

    instrument: str
    language: str
    version: str
    licence: Licence
    title: str
    instructions: str
    items: Mapping[str, PackItem]
    source: str | None = None


@dataclass(frozen=True)
class ItemPrompt:
    """What the UI shows for one question.

    ``field`` is the dotted input path of the answer; ``options`` are (answer value, label) pairs
    in display order; ``shown_when`` is ``(item key, answer)`` for a conditional question.
    """

    key: str
    field: str
    text: str
    options: tuple[tuple[str, str], ...]
    shown_when: tuple[str, str] | None = None


@dataclass(frozen=True)
class PromptSet:
    """Title, instructions and questions for one instrument, licensed or neutral.

    ``licensed`` is true when the text came from a pack; ``copyright_line`` must then be shown
    wherever the questionnaire is displayed or printed.
    """

    instrument: str
    language: str | None
    title: str
    instructions: str
    items: tuple[ItemPrompt, ...]
    licensed: bool
    copyright_line: str | None = None
    version: str | None = None


# --------------------------------------------------------------------------------------------------
# Parsing and validation
# --------------------------------------------------------------------------------------------------


def _names(values: tuple[str, ...] | list[str]) -> str:
    return ", ".join(json_repr(v) for v in values)


def _object(value: object, field: str, keys: tuple[str, ...]) -> Mapping[str, Any]:
    """A JSON object with exactly ``keys`` (all required, nothing else)."""
    if not isinstance(value, Mapping):
        raise InputError(field, f"must be an object, not {json_repr(value)}")
    for key in value:
        if key not in keys:
            raise InputError(
                join(field, str(key)), f"is not a known field (expected {_names(keys)})"
            )
    for key in keys:
        if key not in value:
            raise InputError(join(field, key), "is required")
    return value


def _text(value: object, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(field, f"must be a non-empty string, not {json_repr(value)}")
    if len(value) > MAX_TEXT_LENGTH:
        raise InputError(field, f"must be at most {MAX_TEXT_LENGTH} characters (got {len(value)})")
    return value


def _item(value: object, field: str, topic: ItemTopic) -> PackItem:
    data = _object(value, field, ITEM_KEYS)
    text = _text(data["text"], join(field, "text"))
    options_field = join(field, "options")
    raw = data["options"]
    allowed = topic.option_keys
    if not isinstance(raw, Mapping):
        raise InputError(
            options_field, f"must be an object with one label per answer ({_names(allowed)})"
        )
    for key in raw:
        if key not in allowed:
            raise InputError(
                join(options_field, str(key)),
                f"is not an answer of {topic.key} (allowed answers: {_names(allowed)})",
            )
    absent = [key for key in allowed if key not in raw]
    if absent:
        raise InputError(
            join(options_field, absent[0]),
            f"is required: a label for every answer of {topic.key} ({_names(allowed)})",
        )
    options = {key: _text(raw[key], join(options_field, key)) for key in allowed}
    return PackItem(text, options)


def parse_pack(data: object, source: str | None = None) -> TextPack:
    """Validate a decoded pack (a JSON object) and return it as a :class:`TextPack`."""
    pack = _object(data, "", TOP_LEVEL_KEYS)
    if pack["format"] != FORMAT:
        raise InputError("format", f"must be {json_repr(FORMAT)} (got {json_repr(pack['format'])})")
    instrument = pack["instrument"]
    if not isinstance(instrument, str) or instrument not in OUTLINES:
        raise InputError(
            "instrument",
            f"must be one of {_names(list(OUTLINES))} (got {json_repr(instrument)})",
        )
    outline = OUTLINES[instrument]
    language = pack["language"]
    if not isinstance(language, str) or not LANGUAGE_TAG.fullmatch(language):
        raise InputError(
            "language",
            f'must be a language tag such as "en" or "en-GB" (got {json_repr(language)})',
        )
    licence_data = _object(pack["licence"], "licence", LICENCE_KEYS)
    licence = Licence(
        holder=_text(licence_data["holder"], "licence.holder"),
        reference=_text(licence_data["reference"], "licence.reference"),
        copyright_line=_text(licence_data["copyright_line"], "licence.copyright_line"),
    )
    items_raw = pack["items"]
    item_keys = tuple(topic.key for topic in outline.items)
    items_data = _object(items_raw, "items", item_keys)
    items = {
        topic.key: _item(items_data[topic.key], join("items", topic.key), topic)
        for topic in outline.items
    }
    return TextPack(
        instrument=instrument,
        language=language,
        version=_text(pack["version"], "version"),
        licence=licence,
        title=_text(pack["title"], "title"),
        instructions=_text(pack["instructions"], "instructions"),
        items=items,
        source=source,
    )


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise InputError(key, "appears twice in one JSON object (duplicate key)")
        out[key] = value
    return out


def _no_constants(name: str) -> object:
    raise InputError("", f"{name} is not allowed in a text pack")


def load_pack(path: str | os.PathLike[str]) -> TextPack:
    """Read and validate one pack file. Errors name the field and, in the message, the file."""
    file = Path(path)
    try:
        raw = file.read_bytes()
    except OSError as error:
        raise InputError("", f"{file}: cannot read the text pack ({error.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
        return parse_pack(data, str(file))
    except UnicodeDecodeError:
        raise InputError("", f"{file.name}: a text pack must be UTF-8") from None
    except json.JSONDecodeError as error:
        raise InputError(
            "", f"{file.name}: not valid JSON ({error.msg}, line {error.lineno})"
        ) from None
    except RecursionError:
        raise InputError("", f"{file.name}: JSON nested too deeply") from None
    except InputError as error:
        raise InputError(error.field, f"{error.message} (in {file.name})") from None
    except ValueError as error:  # e.g. an integer literal beyond Python's digit limit
        raise InputError("", f"{file.name}: not valid JSON ({error})") from None


def load_packs(directory: str | os.PathLike[str]) -> dict[tuple[str, str], TextPack]:
    """Load every ``*.json`` pack in ``directory`` (not recursive), keyed by (instrument, language).

    Two packs for the same instrument and language are refused, as is any file that is not a
    valid pack: a deployment learns about a broken pack at start-up, not when a patient opens it.
    """
    folder = Path(directory)
    if not folder.is_dir():
        raise InputError("directory", f"{folder} is not a directory")
    packs: dict[tuple[str, str], TextPack] = {}
    for file in sorted(folder.glob("*.json")):
        if file.name.startswith(".") or not file.is_file():
            continue
        pack = load_pack(file)
        key = (pack.instrument, pack.language)
        if key in packs:
            other = Path(packs[key].source or "?").name
            raise InputError(
                "language",
                f"{file.name} and {other} both provide {pack.instrument} in {pack.language}",
            )
        packs[key] = pack
    return packs


def find_pack(
    packs: Mapping[tuple[str, str], TextPack], instrument_id: str, language: str
) -> TextPack | None:
    """The pack for an instrument in a language: the exact tag, else its primary language
    (``en-GB`` falls back to ``en``), else ``None``. Tags compare case-insensitively."""
    wanted = language.lower()
    candidates = [wanted, wanted.split("-", 1)[0]]
    by_lower = {(i, lang.lower()): p for (i, lang), p in packs.items()}
    for tag in candidates:
        pack = by_lower.get((instrument_id, tag))
        if pack is not None:
            return pack
    return None


# --------------------------------------------------------------------------------------------------
# Prompts for the UI
# --------------------------------------------------------------------------------------------------


def outline_for(instrument_id: str) -> Outline:
    """The neutral outline of a licensed-wording instrument."""
    try:
        return OUTLINES[instrument_id]
    except KeyError:
        raise InputError(
            "instrument",
            f"has no questionnaire outline: must be one of {_names(list(OUTLINES))} "
            f"(got {json_repr(instrument_id)})",
        ) from None


def item_prompts(instrument_id: str, pack: TextPack | None = None) -> PromptSet:
    """Questions to show for an instrument: the licensed text when a pack is given, otherwise
    CalmSkin's neutral item topics (so the UI works before a licence is obtained)."""
    outline = outline_for(instrument_id)
    if pack is None:
        return PromptSet(
            instrument=instrument_id,
            language=None,
            title=outline.title,
            instructions=outline.instructions,
            items=tuple(
                ItemPrompt(t.key, t.field, t.topic, t.options, t.shown_when) for t in outline.items
            ),
            licensed=False,
        )
    if pack.instrument != instrument_id:
        raise InputError(
            "instrument",
            f"the text pack is for {json_repr(pack.instrument)}, not {json_repr(instrument_id)}",
        )
    return PromptSet(
        instrument=instrument_id,
        language=pack.language,
        title=pack.title,
        instructions=pack.instructions,
        items=tuple(
            ItemPrompt(
                t.key,
                t.field,
                pack.items[t.key].text,
                tuple((value, pack.items[t.key].options[value]) for value, _ in t.options),
                t.shown_when,
            )
            for t in outline.items
        ),
        licensed=True,
        copyright_line=pack.licence.copyright_line,
        version=pack.version,
    )
