"""The EASI calculator page: full POST (no JavaScript) and the htmx result fragment."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from calmskin.core.instruments.easi import REGIONS, SIGNS

EASI_URL = "/tools/easi/"
RESULT_URL = "/tools/easi/result/"


def easi_form(age: int | str, **fields: str) -> dict[str, str]:
    """Every field the page posts, at its default (0), with ``fields`` overriding.

    Keyword names use ``__`` for the dot of the input name: ``head_neck__area="1"``.
    """
    data = {"age_years": str(age), "band_set": "leshem-2015"}
    for region in REGIONS:
        data[f"{region}.area"] = "0"
        for sign in SIGNS:
            data[f"{region}.{sign}"] = "0"
    data.update({name.replace("__", "."): value for name, value in fields.items()})
    return data


E8 = {
    "head_neck__area": "1",
    "head_neck__erythema": "1.5",
    "head_neck__edema": "1",
    "lower_limbs__area": "2",
    "lower_limbs__erythema": "2.5",
    "lower_limbs__edema": "2",
    "lower_limbs__excoriation": "2",
    "lower_limbs__lichenification": "2",
}

E4 = {
    "head_neck__area": "2",
    "head_neck__erythema": "2",
    "head_neck__edema": "1",
    "head_neck__excoriation": "1",
    "upper_limbs__area": "3",
    "upper_limbs__erythema": "2",
    "upper_limbs__edema": "2",
    "upper_limbs__excoriation": "1",
    "upper_limbs__lichenification": "1",
    "trunk__area": "1",
    "trunk__erythema": "1",
    "trunk__edema": "1",
    "lower_limbs__area": "2",
    "lower_limbs__erythema": "2",
    "lower_limbs__edema": "2",
    "lower_limbs__excoriation": "2",
    "lower_limbs__lichenification": "2",
}


def text_of(html: str, name: str) -> str:
    """Text of the element carrying ``data-testid=name`` (tags stripped, whitespace collapsed)."""
    match = re.search(rf'<(\w+)[^>]*data-testid="{re.escape(name)}"[^>]*>(.*?)</\1>', html, re.S)
    assert match, f"no element with data-testid={name!r}"
    return " ".join(re.sub(r"<[^>]+>", "", match.group(2)).split())


def test_it_shows_the_empty_form(client: Client) -> None:
    response = client.get(EASI_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<form id="easi-form"' in html
    assert 'hx-post="/tools/easi/result/"' in html
    assert "csrfmiddlewaretoken" in html
    for region in REGIONS:
        assert f'name="{region}.area"' in html
        for sign in SIGNS:
            assert f'id="easi-{region}-{sign}-0" name="{region}.{sign}" value="0" checked' in html
    for value in ("1", "1_5", "2", "2_5", "3"):
        assert f'id="easi-trunk-edema-{value}"' in html
    assert "2 — 10–29 %" in html
    assert "6 — 90–100 %" in html
    assert "Leshem 2015 (six bands)" in html
    assert "Chopra 2017" in html
    assert 'data-testid="easi-needs-age"' in html
    assert 'data-testid="easi-total"' not in html


def test_it_scores_e8_without_javascript(client: Client) -> None:
    response = client.post(EASI_URL, easi_form(30, **E8))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html
    assert text_of(html, "easi-total") == "7.05"
    assert text_of(html, "easi-band") == "Moderate"
    assert text_of(html, "easi-band-set") == "Leshem 2015 (six bands)"
    assert text_of(html, "easi-weights") == "8 and over"
    assert text_of(html, "easi-region-head_neck") == "0.25"
    assert text_of(html, "easi-region-upper_limbs") == "0"
    assert text_of(html, "easi-region-lower_limbs") == "6.8"
    assert text_of(html, "easi-subtotal-lower_limbs") == "Weight 0.4 · region score 6.8"
    # The posted values stay selected.
    assert (
        'id="easi-lower_limbs-erythema-2_5" name="lower_limbs.erythema" value="2.5" checked' in html
    )
    assert '<option value="2" selected>2 — 10–29 %</option>' in html


def test_it_uses_child_weights_under_8(client: Client) -> None:
    html = client.post(EASI_URL, easi_form(5, **E4)).content.decode()
    assert text_of(html, "easi-total") == "10.6"
    assert text_of(html, "easi-band") == "Moderate"
    assert text_of(html, "easi-weights") == "under-8 weights"
    assert text_of(html, "easi-region-head_neck") == "1.6"
    assert text_of(html, "easi-region-lower_limbs") == "4.8"


@pytest.mark.parametrize(("age", "total"), [(30, "11.4"), (8, "11.4"), (7, "10.6")])
def test_it_switches_weights_at_8(client: Client, age: int, total: str) -> None:
    html = client.post(RESULT_URL, easi_form(age, **E4)).content.decode()
    assert text_of(html, "easi-total") == total


def test_it_applies_the_chosen_band_set(client: Client) -> None:
    data = easi_form(30, **E8)
    data["band_set"] = "chopra-2017"
    html = client.post(EASI_URL, data).content.decode()
    assert text_of(html, "easi-total") == "7.05"
    assert text_of(html, "easi-band") == "Moderate"
    assert text_of(html, "easi-band-set") == "Chopra 2017 (four bands, ages 13 and over)"
    assert '<option value="chopra-2017" selected>' in html


def test_it_notes_chopra_bands_for_children(client: Client) -> None:
    data = easi_form(10, **E8)
    data["band_set"] = "chopra-2017"
    html = client.post(RESULT_URL, data).content.decode()
    assert "derived in people aged 13 and over" in text_of(html, "easi-band-set-note")


def test_it_shows_clear_for_all_zero(client: Client) -> None:
    html = client.post(RESULT_URL, easi_form(40)).content.decode()
    assert text_of(html, "easi-total") == "0"
    assert text_of(html, "easi-band") == "Clear"


def test_htmx_partial_returns_only_the_fragment(client: Client) -> None:
    response = client.post(RESULT_URL, easi_form(30, **E8), headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "<form" not in html
    assert "<header" not in html
    assert text_of(html, "easi-total") == "7.05"
    assert text_of(html, "easi-band") == "Moderate"
    # Out-of-band updates for the sticky bar and each region's subtotal.
    assert 'id="easi-bar-inner" class="bar__inner wrap" hx-swap-oob="true"' in html
    assert text_of(html, "easi-bar-total") == "7.05"
    assert 'id="easi-subtotal-lower_limbs" data-testid="easi-subtotal-lower_limbs" hx-swap-oob' in (
        html
    )


def test_partial_refuses_get(client: Client) -> None:
    assert client.get(RESULT_URL).status_code == 405


def test_it_refuses_a_half_point_below_1(client: Client) -> None:
    html = client.post(EASI_URL, easi_form(30, **{**E8, "trunk__edema": "0.5"})).content.decode()
    error = text_of(html, "easi-error")
    assert "Trunk (including genitals)" in error
    assert "Edema / induration / papulation" in error
    assert "must be one of 0, 1, 1.5, 2, 2.5, 3" in error
    assert 'data-testid="easi-total"' not in html
    assert "Region score —" in html  # no stale subtotals either


def test_partial_refuses_a_half_point_below_1(client: Client) -> None:
    data = easi_form(30, **{**E8, "head_neck__erythema": "0.5"})
    html = client.post(RESULT_URL, data).content.decode()
    error = text_of(html, "easi-error")
    assert "Head and neck – Erythema (redness)" in error
    assert 'data-testid="easi-total"' not in html
    assert 'data-testid="easi-bar-total"' not in html


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("age_years", "5.5", "Age (years)"),
        ("age_years", "-1", "Age (years)"),
        ("age_years", "abc", "Age (years)"),
        ("upper_limbs.area", "7", "Upper limbs – Area score"),
        ("band_set", "nope", "Severity bands"),
    ],
)
def test_it_names_the_bad_field(client: Client, field: str, value: str, named: str) -> None:
    data = easi_form(30, **E8)
    data[field] = value
    html = client.post(RESULT_URL, data).content.decode()
    assert text_of(html, "easi-error").startswith(named)
    assert 'data-testid="easi-total"' not in html


def test_it_asks_for_the_age_instead_of_guessing(client: Client) -> None:
    html = client.post(RESULT_URL, easi_form("", **E8)).content.decode()
    assert 'data-testid="easi-needs-age"' in html
    assert 'data-testid="easi-error"' not in html
    assert 'data-testid="easi-total"' not in html


def test_it_sends_a_strict_content_security_policy(client: Client) -> None:
    response = client.get(EASI_URL)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    html = response.content.decode()
    assert '<script src="/static/vendor/htmx.min.js" defer></script>' in html
    assert "<script>" not in html
    assert "style=" not in html
