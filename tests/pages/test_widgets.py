"""The fast <select>, checkboxes and radios draw what Django's widgets draw, and country names
follow the language."""

import pytest
from django import forms
from django.test.html import parse_html
from django.utils import translation
from taggit.models import Tag
from taggit.utils import edit_string_for_tags, parse_tags

from core.widgets import FastCheckboxes, FastRadios, FastSelect, country_choices

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


OPTIONS = [("es", "Español"), ("pt", "Português"), ('"><b>', "<i>escaped</i>")]


@pytest.mark.parametrize(
    ("fast", "django", "value"),
    [
        (FastCheckboxes, forms.CheckboxSelectMultiple, ["pt", '"><b>']),
        (FastCheckboxes, forms.CheckboxSelectMultiple, []),
        (FastRadios, forms.RadioSelect, "es"),
        (FastRadios, forms.RadioSelect, None),
    ],
)
def test_fast_options_draw_each_choice_as_django_does(fast, django, value):
    """What `{% for choice in field %}{{ choice.tag }}` gives, checked and required included."""

    def tags(widget):
        field = (
            forms.MultipleChoiceField
            if widget in (FastCheckboxes, forms.CheckboxSelectMultiple)
            else forms.ChoiceField
        )

        class Form(forms.Form):
            choice = field(choices=OPTIONS, widget=widget(attrs={"aria-describedby": "hint"}))

        form = Form(initial={"choice": value}, auto_id="id_%s")
        return [str(option.tag()) for option in form["choice"]]

    fast_tags, django_tags = tags(fast), tags(django)
    assert len(fast_tags) == len(OPTIONS)
    for rendered, expected in zip(fast_tags, django_tags, strict=True):
        assert parse_html(rendered) == parse_html(expected)
    assert not any("<i>" in tag or '"><b>"' in tag for tag in fast_tags)


def test_tags_are_split_at_commas_only():
    """One skill of two words stays one (taggit split a text with no comma at its spaces), and
    what a tag field shows reads back as the same tags."""
    assert parse_tags("cuidados paliativos") == ["cuidados paliativos"]
    assert parse_tags(' "salud pública",  Educación , educación,,  niñez   migrante ') == [
        "Educación",
        "niñez migrante",
        "salud pública",
    ]
    tags = [Tag(name="salud pública"), Tag(name="Educación")]
    assert edit_string_for_tags(tags) == "Educación, salud pública"
    assert parse_tags(edit_string_for_tags(tags)) == ["Educación", "salud pública"]
