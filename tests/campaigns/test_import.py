"""CSV import of fellows: a preview listing every bad row, and a bad file changes nothing."""

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import Fellow
from campaigns.resources import FellowResource
from tests.factories.campaigns import FellowFactory
from tests.factories.organizations import VentureFactory

pytestmark = pytest.mark.django_db

HEADER = "slug,name,country,fellowship,year_elected,bio,is_published,causes,ventures\n"


def _upload(client, text):
    return client.post(
        reverse("admin:campaigns_fellow_import"),
        {
            "resource": "0",
            "format": "0",
            "import_file": SimpleUploadedFile("fellows.csv", text.encode(), "text/csv"),
        },
    )


def test_good_file_previews_then_confirms(client, staff):
    VentureFactory(slug="agua-limpia")
    client.force_login(staff)
    text = HEADER + (
        'ines-pena,Inés Peña,CO,Ashoka,2018,Salud *rural*,1,"Salud, Agua",agua-limpia\n'
        ",João Araújo,Brazil,Ashoka,2012,,,Educação,\n"
    )
    response = _upload(client, text)
    assert response.status_code == 200
    assert "Confirm import" in response.text
    assert not Fellow.objects.exists()  # the preview saves nothing
    confirm = response.context["confirm_form"]
    response = client.post(
        reverse("admin:campaigns_fellow_process_import"),
        {name: confirm[name].value() for name in confirm.fields},
    )
    assert response.status_code == 302
    ines = Fellow.objects.get(slug="ines-pena")
    assert ines.name == "Inés Peña" and ines.is_published and ines.year_elected == 2018
    assert sorted(c.name for c in ines.causes.all()) == ["Agua", "Salud"]
    assert list(ines.ventures.values_list("slug", flat=True)) == ["agua-limpia"]
    joao = Fellow.objects.get(slug="joao-araujo")  # slug made from the name
    assert joao.country == "BR" and not joao.is_published


def test_bad_rows_are_all_listed_and_nothing_is_saved(client, staff):
    existing = FellowFactory(slug="kept", name="Kept Name")
    client.force_login(staff)
    text = HEADER + (
        "kept,Changed Name,CO,Ashoka,2010,,1,,\n"
        "bad-country,Ana,XX,Ashoka,2010,,1,,\n"
        "bad-year,Luis,PE,Ashoka,1850,,1,,\n"
        "bad-venture,Rosa,MX,Ashoka,2011,,1,,does-not-exist\n"
        "no-name,,MX,Ashoka,2011,,1,,\n"
    )
    response = _upload(client, text)
    assert response.status_code == 200
    assert "Confirm import" not in response.text
    body = response.text
    assert "Line number: 2" in body or "XX" in body
    result = response.context["result"]
    invalid_lines = sorted(row.number for row in result.invalid_rows)
    assert invalid_lines == [2, 3, 4, 5]
    assert "Unknown venture: does-not-exist" in body
    assert "between 1980 and 2100" in body
    assert Fellow.objects.count() == 1
    existing.refresh_from_db()
    assert existing.name == "Kept Name"


def test_resource_import_is_atomic_even_without_the_preview():
    dataset = tablib.Dataset(
        ["ok-one", "Okay", "CO", "Ashoka", "2010", "", "1", "", ""],
        ["broken", "Broken", "ZZ", "Ashoka", "2010", "", "1", "", ""],
        headers=HEADER.strip().split(","),
    )
    result = FellowResource().import_data(dataset, dry_run=False)
    assert result.has_validation_errors()
    assert not Fellow.objects.exists()


def test_export_lists_fellows_with_causes(client, staff):
    fellow = FellowFactory(slug="exported", name="Exportada Núñez")
    fellow.causes.add("Salud")
    rows = FellowResource().export().dict
    assert rows[0]["slug"] == "exported" and rows[0]["causes"] == "Salud"
