"""The POEM self-check page: neutral topics, plain-language result, the missing-item rule."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from calmskin.core.instruments.poem import ITEMS
from calmskin.web.instruments import textpacks

POEM_URL = "/tools/poem/"
RESULT_URL = "/tools/poem/result/"


def answers(*scores: int | None) -> dict[str, str]:
    """Posted answers in questionnaire order; ``None`` leaves an item unanswered."""
    return {key: str(score) for key, score in zip(ITEMS, scores, strict=True) if score is not None}


def text_of(html: str, name: str) -> str:
    """Text of the element carrying ``data-testid=name`` (tags stripped, whitespace collapsed)."""
    match = re.search(rf'<(\w+)[^>]*data-testid="{re.escape(name)}"[^>]*>(.*?)</\1>', html, re.S)
    assert match, f"no element with data-testid={name!r}"
    return " ".join(re.sub(r"<[^>]+>", "", match.group(2)).split())


def test_it_shows_seven_items_with_neutral_topics(client: Client) -> None:
    response = client.get(POEM_URL)
    assert response.status_code == 200
    html = response.content.decode()
    for topic in ("Itchy skin", "Sleep disturbed by eczema", "Cracked skin", "Dry or rough skin"):
        assert topic in html
    for key in ITEMS:
        for value in range(5):
            assert f'id="poem-{key}-{value}" name="{key}" value="{value}"' in html
    assert html.count('type="radio"') == 35
    assert "0 days" in html
    assert "1-2 days" in html
    assert "Nothing you enter here is saved" in html
    assert "© The University of Nottingham" in html
    assert "non-commercial" in html
    assert 'data-testid="poem-total"' not in html
    assert "checked" not in html  # no answer is pre-selected for a patient


def test_it_scores_p1_without_javascript(client: Client) -> None:
    response = client.post(POEM_URL, answers(4, 3, 2, 1, 0, 4, 4))
    assert response.status_code == 200
    html = response.content.decode()
    assert text_of(html, "poem-total") == "18"
    assert "Severe" in text_of(html, "poem-band")
    assert "17–24" in text_of(html, "poem-meaning")
    assert 'data-testid="poem-missing-note"' not in html
    # The answers stay selected.
    assert 'id="poem-itch-4" name="itch" value="4" checked' in html
    assert 'id="poem-cracking-0" name="cracking" value="0" checked' in html


def test_it_scores_one_missing_item_as_zero(client: Client) -> None:
    html = client.post(RESULT_URL, answers(4, 3, None, 1, 0, 4, 4)).content.decode()
    assert text_of(html, "poem-total") == "16"
    assert text_of(html, "poem-band") == "Moderate"
    note = text_of(html, "poem-missing-note")
    assert "question 3 (Bleeding skin)" in note
    assert "counted as 0" in note


def test_it_does_not_score_two_missing_items(client: Client) -> None:
    html = client.post(RESULT_URL, answers(4, None, 2, None, 0, 4, 4)).content.decode()
    text = text_of(html, "poem-not-scored")
    assert "Not scored: two or more questions were left unanswered" in text
    assert "question 2 (Sleep disturbed by eczema)" in text
    assert "question 4" in text
    assert 'data-testid="poem-total"' not in html


def test_it_does_not_score_an_empty_form(client: Client) -> None:
    html = client.post(POEM_URL, {}).content.decode()
    assert "Not scored" in text_of(html, "poem-not-scored")


@pytest.mark.parametrize(
    ("scores", "total", "band"),
    [
        ((0, 0, 0, 0, 0, 0, 2), "2", "Clear or almost clear"),
        ((0, 0, 0, 0, 0, 1, 2), "3", "Mild"),
        ((0, 0, 0, 1, 2, 2, 2), "7", "Mild"),
        ((0, 0, 0, 2, 2, 2, 2), "8", "Moderate"),
        ((4, 4, 4, 4, 4, 4, 4), "28", "Very severe"),
    ],
)
def test_it_bands_with_charman_2013(
    client: Client, scores: tuple[int, ...], total: str, band: str
) -> None:
    html = client.post(RESULT_URL, answers(*scores)).content.decode()
    assert text_of(html, "poem-total") == total
    assert text_of(html, "poem-band") == band


def test_htmx_partial_returns_only_the_fragment(client: Client) -> None:
    response = client.post(RESULT_URL, answers(4, 3, 2, 1, 0, 4, 4), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "<form" not in html
    assert text_of(html, "poem-total") == "18"


def test_it_refuses_an_answer_out_of_range(client: Client) -> None:
    data = answers(4, 3, 2, 1, 0, 4, 4)
    data["flaking"] = "5"
    html = client.post(POEM_URL, data).content.decode()
    error = text_of(html, "poem-error")
    assert error.startswith("question 6 (Flaking skin): must be one of 0, 1, 2, 3, 4")
    assert 'data-testid="poem-total"' not in html


def _write_pack(directory: Path) -> None:
    options = {str(v): f"Licensed answer {v}" for v in range(5)}
    pack = {
        "format": "calmskin-textpack/1",
        "instrument": "poem",
        "language": "en",
        "version": "test-1",
        "licence": {
            "holder": "Test holder",
            "reference": "TEST-123",
            "copyright_line": "Test copyright line for the licensed wording.",
        },
        "title": "Licensed title",
        "instructions": "Licensed instructions.",
        "items": {
            key: {"text": f"Licensed question about {key}?", "options": options} for key in ITEMS
        },
    }
    (directory / "poem.en.json").write_text(json.dumps(pack), encoding="utf-8")


def test_it_shows_a_licensed_text_pack_when_configured(
    client: Client, settings: Any, tmp_path: Path
) -> None:
    _write_pack(tmp_path)
    settings.CALMSKIN_TEXTPACK_DIR = str(tmp_path)
    html = client.get(POEM_URL).content.decode()
    assert "Licensed question about itch?" in html
    assert "Licensed answer 4" in html
    assert "Licensed instructions." in html
    assert "Test copyright line for the licensed wording." in html
    assert "Itchy skin" not in html
    html = client.post(RESULT_URL, answers(4, 3, 2, 1, 0, 4, 4)).content.decode()
    assert text_of(html, "poem-total") == "18"


def test_a_broken_text_pack_is_a_configuration_error(settings: Any, tmp_path: Path) -> None:
    (tmp_path / "poem.en.json").write_text('{"format": "other"}', encoding="utf-8")
    settings.CALMSKIN_TEXTPACK_DIR = str(tmp_path)
    with pytest.raises(ImproperlyConfigured, match="invalid text pack"):
        textpacks.packs()
