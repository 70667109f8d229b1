"""Figures and months are written the way the reader's language writes them.

Spanish groups thousands with a non-breaking space (Django's es formats, after the RAE), Portuguese
with a dot.
"""

from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from organizations.models import NeedStatus, NeedStatusChange
from tests.factories.organizations import NeedFactory


@pytest.mark.parametrize(
    ("language", "written"), [("en", "12,345"), ("es", "12\xa0345"), ("pt-br", "12.345")]
)
def test_published_figures_are_grouped_in_the_readers_language(language, written):
    """Every figure of the impact and campaign pages goes through shown_count."""
    template = Template("{% load core %}<dd>{{ value|shown_count }}</dd>")
    with translation.override(language):
        html = template.render(Context({"value": 12345}))
    assert f"<dd>{written}</dd>" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "month"),
    [("en", "March 2026"), ("es", "marzo de 2026"), ("pt-br", "março de 2026")],
)
def test_impact_tables_name_months_in_the_readers_language(client, language, month):
    need = NeedFactory(status=NeedStatus.OPEN)
    NeedStatusChange.objects.create(
        need=need, to_status=NeedStatus.OPEN, changed_at=datetime(2026, 3, 10, tzinfo=UTC)
    )
    client.cookies["diaspora_language"] = language
    page = client.get(reverse("impact")).text
    # Django's pt_BR catalog capitalises month names ("Março"): compare the format, not the case.
    assert f'<th scope="row">{month}</th>' in page.replace("Março", "março")
    assert '<th scope="row">2026-03</th>' not in page
