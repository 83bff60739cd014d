"""Colours the dashboard draws text in, against WCAG 2.1 AA (4.5:1 for text, 3:1 for the
focus ring), and the statement's facts read from project.toml."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.widgets import a11y
from pipelines.words.catalogue import LANGUAGES, placeholders


def test_contrast_ratio_matches_known_pairs():
    assert a11y.contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert a11y.contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    # Streamlit's own caption grey, the defect this module fixes
    assert a11y.contrast_ratio("#828180", "#FFFFFF") == pytest.approx(3.88, abs=0.01)


@pytest.mark.parametrize("background", [a11y.PAGE_BACKGROUND, a11y.SIDEBAR_BACKGROUND])
def test_captions_and_focus_ring_are_readable(background):
    assert a11y.contrast_ratio(a11y.CAPTION, background) >= 4.5
    assert a11y.contrast_ratio(a11y.FOCUS, background) >= 3.0


def test_status_badges_black_text_on_every_status_colour(project):
    """Badges are black text on the Okabe-Ito colour, always with an icon and a label."""
    assert set(project.status.colours) == set(project.status.labels)
    for status, colour in project.status.colours.items():
        assert a11y.contrast_ratio("#000000", colour) >= 4.5, status
        assert project.status.icons[status], status


def test_statement_facts_come_from_the_project(project):
    assert project.accessibility.contact == "accessibility@leslie-project.example"
    assert project.accessibility.reviewed == dt.date(2026, 11, 30)


def test_every_a11y_key_in_every_language_with_the_same_placeholders():
    from pipelines.words.catalogue import catalogue

    english = {k: v for k, v in catalogue("en").messages.items() if k.startswith("a11y.")}
    assert len(english) == 19
    for lang in LANGUAGES:
        messages = catalogue(lang).messages
        for key, forms in english.items():
            assert key in messages, (lang, key)
            assert messages[key] != forms or lang == "en", (lang, key)
            assert placeholders(messages[key][0]) == placeholders(forms[0]), (lang, key)
