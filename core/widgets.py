"""Filter-form pieces that stay cheap on list pages served many times a second.

Django renders every <option> of a <select> through a template, and django-countries translates
and sorts all ~250 country names each time its choices are iterated: on the member directory
those two cost more than the database. Here the country list is built once per language and the
<select> is written in Python, with the same markup Django's widget gives.
"""

from functools import lru_cache

from django import forms
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _
from django_countries import countries


class BuiltChoices(BaseChoiceIterator):
    """Choices already in (value, label) form. Django passes a choice iterator through as it is,
    where it would re-check a plain list pair by pair each time a form iterates it."""

    def __init__(self, pairs):
        self.pairs = tuple(pairs)

    def __iter__(self):
        return iter(self.pairs)


def country_choices() -> BuiltChoices:
    """(code, name) pairs ordered by name in the active language."""
    return _country_choices(get_language() or "")


@lru_cache(maxsize=16)
def _country_choices(language: str) -> BuiltChoices:
    with override(language or None):
        return BuiltChoices((code, str(name)) for code, name in countries)


def country_name(country) -> str:
    """A country's name (a code or a django-countries Country) in the active language, from the
    list built once per language: `Country.name` translates on each call (1.2 ms of the member
    directory's cards)."""
    code = str(getattr(country, "code", country) or "")
    return _country_names(get_language() or "").get(code, code)


@lru_cache(maxsize=16)
def _country_names(language: str) -> dict[str, str]:
    return dict(_country_choices(language))


def label_empty_choice(field, label) -> None:
    """Give a select's empty choice words that read ("Choose a country…") instead of Django's
    "---------"; a field without an empty choice is left as it is."""
    choices = list(field.choices)
    if choices and choices[0][0] in ("", None):
        field.choices = [("", label), *choices[1:]]


class FastSelect(forms.Select):
    """A single-choice <select> rendered without a template per option; optgroups (the time zones
    by region: some 600 options) are written the same way."""

    def render(self, name, value, attrs=None, renderer=None):
        wanted = [next(iter(self.format_value(value)), None)]
        options = []
        for option_value, option_label in self.choices:
            if isinstance(option_label, list | tuple):
                group = "\n".join(self._option(v, label, wanted) for v, label in option_label)
                # Every option escaped by _option_html.
                group_html = mark_safe(group)  # noqa: S308
                options.append(
                    format_html('<optgroup label="{}">\n{}\n</optgroup>', option_value, group_html)
                )
            else:
                options.append(self._option(option_value, option_label, wanted))
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html(
            '<select name="{}"{}>\n{}\n</select>',
            name,
            flatatt(final_attrs),
            mark_safe("\n".join(options)),  # noqa: S308 - every option escaped by _option_html
        )

    @staticmethod
    def _option(option_value, option_label, wanted) -> str:
        option_value = "" if option_value is None else str(option_value)
        is_selected = option_value == wanted[0]
        if is_selected:
            wanted[0] = None  # like Django: only the first equal value is selected
        return _option_html(option_value, str(option_label), is_selected)


@lru_cache(maxsize=4096)
def _option_html(value: str, label: str, selected: bool) -> str:
    # Cached: the same few hundred country options are drawn on every directory page view.
    return (
        f'<option value="{conditional_escape(value)}"{" selected" if selected else ""}>'
        f"{conditional_escape(label)}</option>"
    )


class FastOptionsMixin:
    """Checkbox and radio options written in Python. Templates that lay options out themselves
    (`{% for choice in field %}{{ choice.tag }}`) have Django render three templates per option:
    the profile form's 28 options were most of its page."""

    def _render(self, template_name, context, renderer=None):
        if template_name != self.option_template_name:
            return super()._render(template_name, context, renderer)
        option = context["widget"]
        value = "" if option["value"] is None else format_html(' value="{}"', option["value"])
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            option["type"],
            option["name"],
            value,
            flatatt(option["attrs"]),
        )


class FastCheckboxes(FastOptionsMixin, forms.CheckboxSelectMultiple):
    pass


class FastRadios(FastOptionsMixin, forms.RadioSelect):
    pass


class DatePicker(forms.DateInput):
    """The browser's date picker (<input type="date">). Its value must be ISO 8601 whatever the
    page's language: Django writes a date in the language's format (07/03/2027 in Spanish and
    Portuguese), which the browser rejects and shows as empty, so saving an edit dropped it."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimePicker(forms.DateTimeInput):
    """<input type="datetime-local">, its value ISO 8601 to the minute (see DatePicker)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class CurrentImageInput(forms.ClearableFileInput):
    """The current picture (small, with alt text), a box to remove it, and the file input: what a
    person recognises, instead of Django's "Currently: logos/2026/12/x.webp" storage path.

    Written in Python like the selects above: the form renderer does not look in templates/."""

    clear_checkbox_label = _("Remove picture")
    current_alt = _("The current picture")
    wrapper_class = "current-image"
    preview_attrs = {"class": "current-picture"}

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        file_input = format_html('<input type="file" name="{}"{}>', name, flatatt(widget["attrs"]))
        if not widget["is_initial"]:
            return file_input
        remove = ""
        if not widget["required"]:
            remove = format_html(
                ' <label for="{}"><input type="checkbox" name="{}" id="{}"> {}</label>',
                widget["checkbox_id"],
                widget["checkbox_name"],
                widget["checkbox_id"],
                self.clear_checkbox_label,
            )
        return format_html(
            '<span class="{}"><img src="{}" alt="{}"{}>{}</span>\n{}',
            self.wrapper_class,
            value.url,
            self.current_alt,
            flatatt(self.preview_attrs),
            remove,
            file_input,
        )
