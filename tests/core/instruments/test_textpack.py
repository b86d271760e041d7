"""Text packs: strict validation, directory loading, language fallback, neutral prompts."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calmskin.core.instruments.base import InputError
from calmskin.core.instruments.registry import get
from calmskin.core.instruments.textpack import (
    FORMAT,
    OUTLINES,
    TextPack,
    find_pack,
    item_prompts,
    load_pack,
    load_packs,
    parse_pack,
)

FIXTURES = Path(__file__).parent / "fixtures" / "textpacks"
LICENSED = ("poem", "dlqi", "cdlqi", "idqol", "adct", "recap")


def make_pack(instrument: str = "poem", language: str = "en") -> dict:
    """A valid pack with placeholder text only."""
    outline = OUTLINES[instrument]
    return {
        "format": FORMAT,
        "instrument": instrument,
        "language": language,
        "version": "<version>",
        "licence": {
            "holder": "<holder>",
            "reference": "<reference>",
            "copyright_line": "<copyright line>",
        },
        "title": "<title>",
        "instructions": "<instructions>",
        "items": {
            t.key: {
                "text": f"<licensed item text {t.key}>",
                "options": {v: f"<answer {v}>" for v in t.option_keys},
            }
            for t in outline.items
        },
    }


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


# -- the fixture packs --------------------------------------------------------------------------------


def test_the_fixture_poem_pack_loads():
    pack = load_pack(FIXTURES / "poem.en.json")
    assert (pack.instrument, pack.language) == ("poem", "en")
    assert pack.licence.copyright_line == "<copyright line>"
    assert list(pack.items) == [
        "itch",
        "sleep",
        "bleeding",
        "weeping",
        "cracking",
        "flaking",
        "dryness",
    ]
    assert pack.items["itch"].options["4"] == "<licensed answer itch 4>"
    assert pack.source.endswith("poem.en.json")


def test_fixture_packs_hold_placeholders_only():
    for file in FIXTURES.glob("*.json"):
        pack = load_pack(file)
        texts = [pack.title, pack.instructions, pack.version, *vars(pack.licence).values()]
        for item in pack.items.values():
            texts += [item.text, *item.options.values()]
        assert all(t.startswith("<") and t.endswith(">") for t in texts), file.name


def test_load_packs_reads_the_fixture_directory():
    packs = load_packs(FIXTURES)
    assert set(packs) == {("poem", "en"), ("dlqi", "en")}
    assert all(isinstance(p, TextPack) for p in packs.values())


# -- prompts ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("instrument", LICENSED)
def test_neutral_prompts_without_a_pack(instrument):
    prompts = item_prompts(instrument)
    assert prompts.licensed is False and prompts.copyright_line is None
    assert prompts.language is None
    assert [p.key for p in prompts.items] == [t.key for t in OUTLINES[instrument].items]
    assert all(p.text and p.options for p in prompts.items)


def test_licensed_prompts_from_a_pack():
    pack = load_pack(FIXTURES / "dlqi.en.json")
    prompts = item_prompts("dlqi", pack)
    assert prompts.licensed is True
    assert (prompts.copyright_line, prompts.language) == ("<copyright line>", "en")
    q7 = next(p for p in prompts.items if p.key == "q7")
    assert [v for v, _ in q7.options] == ["3", "no", "not_relevant"]
    follow_up = next(p for p in prompts.items if p.key == "q7_followup")
    assert follow_up.shown_when == ("q7", "no")
    assert follow_up.field == "answers.q7_followup"
    assert follow_up.options[2] == ("2", "<licensed answer q7_followup 2>")


def test_a_pack_for_another_instrument_is_refused():
    pack = load_pack(FIXTURES / "poem.en.json")
    with pytest.raises(InputError) as info:
        item_prompts("recap", pack)
    assert info.value.field == "instrument"


def test_instruments_without_an_outline_are_refused():
    with pytest.raises(InputError) as info:
        item_prompts("easi")
    assert info.value.field == "instrument" and '"poem"' in info.value.message


# -- outlines agree with the instruments' inputs ---------------------------------------------------------


@pytest.mark.parametrize("instrument_id", LICENSED)
def test_outline_covers_every_input_answer_and_only_valid_answers(instrument_id):
    instrument = get(instrument_id)
    assert instrument.licensed_wording is True
    answer_spec = instrument.input_spec.required["answers"]
    answer_keys = set(answer_spec.optional)
    outline = OUTLINES[instrument_id]
    fields = {t.field for t in outline.items}
    assert {f"answers.{k}" for k in answer_keys} <= fields
    for topic in outline.items:
        path = topic.field.split(".")
        spec = answer_spec.optional[path[1]] if path[0] == "answers" else None
        spec = spec or instrument.input_spec.optional[path[0]]
        for value in topic.option_keys:
            spec.parse(value, topic.field)  # every offered answer is accepted by the scorer


@pytest.mark.parametrize("instrument_id", LICENSED)
def test_outline_topics_are_short_labels_not_questions(instrument_id):
    for topic in OUTLINES[instrument_id].items:
        assert len(topic.topic) <= 70 and "?" not in topic.topic


def test_the_fallback_prompt_answers_score():
    prompts = item_prompts("poem")
    answers = {p.key: p.options[-1][0] for p in prompts.items}
    assert get("poem").score({"answers": answers}).score == 28


# -- strict validation -----------------------------------------------------------------------------------


def mutate(change):
    data = make_pack("poem")
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (lambda d: d.update(format="calmskin-textpack/2"), "format", "calmskin-textpack/1"),
        (lambda d: d.update(instrument="easi"), "instrument", '"poem"'),
        (lambda d: d.update(language="English"), "language", "en-GB"),
        (lambda d: d.update(language=""), "language", "language tag"),
        (lambda d: d.update(version=""), "version", "non-empty string"),
        (lambda d: d.update(title=3), "title", "non-empty string"),
        (lambda d: d.update(instructions="   "), "instructions", "non-empty string"),
        (lambda d: d.update(extra="x"), "extra", "not a known field"),
        (lambda d: d.pop("licence"), "licence", "required"),
        (lambda d: d["licence"].pop("copyright_line"), "licence.copyright_line", "required"),
        (lambda d: d["licence"].update(url="x"), "licence.url", "not a known field"),
        (lambda d: d["licence"].update(holder=None), "licence.holder", "non-empty string"),
        (lambda d: d.update(items=[]), "items", "must be an object"),
        (lambda d: d["items"].pop("sleep"), "items.sleep", "required"),
        (lambda d: d["items"].update(itchy={}), "items.itchy", "not a known field"),
        (lambda d: d["items"]["itch"].pop("text"), "items.itch.text", "required"),
        (lambda d: d["items"]["itch"].update(text=""), "items.itch.text", "non-empty string"),
        (lambda d: d["items"]["itch"].update(note="x"), "items.itch.note", "not a known field"),
        (lambda d: d["items"]["itch"].update(options=["a"]), "items.itch.options", '"0"'),
        (lambda d: d["items"]["itch"]["options"].pop("4"), "items.itch.options.4", "every answer"),
        (
            lambda d: d["items"]["itch"]["options"].update({"5": "x"}),
            "items.itch.options.5",
            '"0", "1", "2", "3", "4"',
        ),
        (
            lambda d: d["items"]["itch"]["options"].update({"2": ""}),
            "items.itch.options.2",
            "non-empty string",
        ),
        (
            lambda d: d["items"]["itch"].update(text="x" * 4001),
            "items.itch.text",
            "at most 4000",
        ),
    ],
)
def test_invalid_packs_name_the_field(change, field, words):
    with pytest.raises(InputError) as info:
        parse_pack(mutate(change))
    assert info.value.field == field
    assert words in info.value.message


def test_dlqi_pack_must_use_the_dlqi_answers():
    data = make_pack("dlqi")
    data["items"]["q1"]["options"]["not_relevant"] = "<n/a>"
    with pytest.raises(InputError) as info:
        parse_pack(data)
    assert info.value.field == "items.q1.options.not_relevant"


def test_idqol_pack_includes_the_severity_question():
    data = make_pack("idqol")
    assert parse_pack(data).items["severity"].options["4"] == "<answer 4>"
    del data["items"]["severity"]
    with pytest.raises(InputError) as info:
        parse_pack(data)
    assert info.value.field == "items.severity"


@pytest.mark.parametrize("instrument", LICENSED)
def test_a_complete_pack_is_accepted_for_every_licensed_instrument(instrument):
    pack = parse_pack(make_pack(instrument, "nl"))
    assert (pack.instrument, pack.language) == (instrument, "nl")
    assert item_prompts(instrument, pack).licensed is True


# -- files -------------------------------------------------------------------------------------------------


def test_file_errors_keep_the_field_and_name_the_file(tmp_path):
    data = make_pack()
    data["items"]["itch"]["options"].pop("0")
    path = write(tmp_path / "poem.en.json", data)
    with pytest.raises(InputError) as info:
        load_pack(path)
    assert info.value.field == "items.itch.options.0"
    assert "poem.en.json" in info.value.message


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"{", "not valid JSON"),
        (b"\xff\xfe{}", "UTF-8"),
        (b'{"format": NaN}', "NaN"),
        (b'{"format": "a", "format": "b"}', "duplicate"),
        (b"[]", "must be an object"),
        (b"1" * 5000, "not valid JSON"),
    ],
)
def test_bad_files(tmp_path, content, words):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        load_pack(path)
    assert words in info.value.message


def test_missing_file(tmp_path):
    with pytest.raises(InputError) as info:
        load_pack(tmp_path / "absent.json")
    assert "cannot read" in info.value.message


def test_a_byte_order_mark_is_tolerated(tmp_path):
    path = tmp_path / "poem.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(make_pack()).encode())
    assert load_pack(path).instrument == "poem"


def test_load_packs_refuses_two_packs_for_the_same_instrument_and_language(tmp_path):
    write(tmp_path / "a.json", make_pack("poem", "en"))
    write(tmp_path / "b.json", make_pack("poem", "en"))
    with pytest.raises(InputError) as info:
        load_packs(tmp_path)
    assert "a.json" in info.value.message and "b.json" in info.value.message


def test_load_packs_ignores_other_files_and_hidden_files(tmp_path):
    write(tmp_path / "recap.de.json", make_pack("recap", "de"))
    (tmp_path / "README.txt").write_text("not a pack")
    (tmp_path / ".draft.json").write_text("{")
    assert set(load_packs(tmp_path)) == {("recap", "de")}


def test_load_packs_refuses_a_broken_pack(tmp_path):
    write(tmp_path / "adct.en.json", {**make_pack("adct"), "format": "x"})
    with pytest.raises(InputError) as info:
        load_packs(tmp_path)
    assert info.value.field == "format" and "adct.en.json" in info.value.message


def test_load_packs_needs_a_directory(tmp_path):
    with pytest.raises(InputError) as info:
        load_packs(tmp_path / "nowhere")
    assert info.value.field == "directory"


def test_find_pack_falls_back_to_the_primary_language():
    packs = {
        ("poem", "en"): parse_pack(make_pack("poem", "en")),
        ("poem", "en-GB"): parse_pack(make_pack("poem", "en-GB")),
        ("dlqi", "nl"): parse_pack(make_pack("dlqi", "nl")),
    }
    assert find_pack(packs, "poem", "en-GB").language == "en-GB"
    assert find_pack(packs, "poem", "en-gb").language == "en-GB"
    assert find_pack(packs, "poem", "en-US").language == "en"
    assert find_pack(packs, "dlqi", "nl-BE").language == "nl"
    assert find_pack(packs, "dlqi", "en") is None
    assert find_pack(packs, "recap", "en") is None


# -- properties ------------------------------------------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=15,
)


@settings(max_examples=200, deadline=None)
@given(JSON)
def test_arbitrary_json_is_a_pack_or_an_input_error(data):
    with pytest.raises(InputError):
        parse_pack(data)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(LICENSED), st.data())
def test_replacing_any_option_key_with_an_unknown_one_is_refused(instrument, data):
    pack = make_pack(instrument)
    item = data.draw(st.sampled_from(sorted(pack["items"])))
    options = pack["items"][item]["options"]
    old = data.draw(st.sampled_from(sorted(options)))
    new = data.draw(st.text(min_size=1, max_size=5).filter(lambda k: k not in options))
    broken = copy.deepcopy(pack)
    broken["items"][item]["options"][new] = broken["items"][item]["options"].pop(old)
    with pytest.raises(InputError) as info:
        parse_pack(broken)
    assert info.value.field.startswith(f"items.{item}.options.")
