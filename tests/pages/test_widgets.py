"""The fast <select> draws what Django's Select draws, and country names follow the language."""

import pytest
from django import forms
from django.test.html import parse_html
from django.utils import translation

from core.widgets import FastSelect, country_choices

CHOICES = [("", "---------"), ("CO", "Colombia & <Antioquia>"), ("VE", "Venezuela")]


@pytest.mark.parametrize("value", ["CO", "VE", "", None, "XX", ["CO"]])
def test_fast_select_renders_like_django_select(value):
    attrs = {"id": "id_country", "aria-describedby": "hint"}
    expected = forms.Select(choices=CHOICES).render("country", value, attrs)
    rendered = FastSelect(choices=CHOICES).render("country", value, attrs)
    assert parse_html(rendered) == parse_html(expected)


def test_fast_select_escapes_labels_and_values():
    rendered = FastSelect(choices=[('"><script>', "<b>bold</b>")]).render("x", None)
    assert "<script>" not in rendered and "<b>" not in rendered
    assert "&lt;b&gt;bold&lt;/b&gt;" in rendered


def test_fast_select_writes_optgroups_as_django_does():
    grouped = [
        ("", "The time zone of my browser"),
        ("America", [("America/Bogota", "Bogotá"), ("America/Caracas", "Caracas")]),
        ('"><b>', [("Europe/Lisbon", "<i>Lisboa</i>")]),
    ]
    for value in ["America/Caracas", "Europe/Lisbon", "", None]:
        rendered = FastSelect(choices=grouped).render("time_zone", value)
        django = forms.Select(choices=grouped).render("time_zone", value)
        assert parse_html(rendered) == parse_html(django)


def test_country_choices_are_translated_per_language():
    with translation.override("es"):
        spanish = dict(country_choices())
    with translation.override("en"):
        english = dict(country_choices())
    assert spanish["MX"] == "México"
    assert english["MX"] == "Mexico"
    assert spanish.keys() == english.keys()
    assert len(english) > 240
