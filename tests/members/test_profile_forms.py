import io

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from members.models import Profile
from tests.factories.members import UserFactory

pytestmark = pytest.mark.django_db


def valid_data(**overrides):
    data = {
        "display_name": "Salomón Pérez",
        "headline": "Ingeniero de datos",
        "bio": "Vivo en **Bogotá**.",
        "country_of_origin": "VE",
        "country_of_residence": "CO",
        "city": "Bogotá",
        "languages": ["es", "en"],
        "skills": "Python, análisis de datos",
        "causes": "educación",
        "ways_to_help": ["mentoring", "technical"],
        "hours_per_month": "8",
        "links": "https://example.org/salomon",
        "time_zone": "America/Bogota",
        "language": "es",
        "visibility": "public",
        "allow_matching": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def newcomer():
    return UserFactory(profile=None)


def test_onboarding_creates_profile_with_search_vector(client, newcomer):
    client.force_login(newcomer)
    response = client.post(reverse("members:onboarding"), valid_data())
    assert response.status_code == 302
    profile = Profile.objects.get(user=newcomer)
    assert profile.display_name == "Salomón Pérez"
    assert sorted(tag.name for tag in profile.skills.all()) == ["Python", "análisis de datos"]
    assert profile.links == ["https://example.org/salomon"]
    assert "análisis" in profile.skills_text
    newcomer.refresh_from_db()
    assert newcomer.time_zone == "America/Bogota"
    assert Profile.objects.filter(search_vector__isnull=False, pk=profile.pk).exists()


def test_login_redirects_incomplete_profile_to_onboarding(client, newcomer):

    EmailAddress.objects.create(user=newcomer, email=newcomer.email, verified=True, primary=True)
    response = client.post(
        reverse("account_login"), {"login": newcomer.email, "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("members:onboarding")


def avatar_file(content=None, name="me.jpg"):

    if content is None:
        buffer = io.BytesIO()
        Image.new("RGB", (40, 40), "green").save(buffer, format="JPEG")
        content = buffer.getvalue()
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"country_of_origin": "XX"}, "country_of_origin"),
        ({"links": "not a url"}, "links"),
        ({"links": "\n".join(f"https://e{i}.org" for i in range(6))}, "links"),
        ({"avatar": "non-image"}, "avatar"),
        ({"avatar": "oversized"}, "avatar"),
    ],
)
def test_bad_input_gives_field_error_and_saves_nothing(
    client, newcomer, settings, overrides, field
):
    client.force_login(newcomer)
    if overrides.get("avatar") == "non-image":
        overrides["avatar"] = avatar_file(b"definitely not an image", name="me.jpg")
    elif overrides.get("avatar") == "oversized":
        settings.MAX_IMAGE_UPLOAD_BYTES = 200
        overrides["avatar"] = avatar_file()
    response = client.post(reverse("members:onboarding"), valid_data(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Profile.objects.filter(user=newcomer).exists()


def test_edit_profile_keeps_email_private_and_bad_edit_changes_nothing(
    client, member, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(member)
    response = client.post(reverse("members:edit"), valid_data(country_of_residence="ZZ"))
    assert response.status_code == 200
    member.profile.refresh_from_db()
    assert member.profile.display_name != "Salomón Pérez"
    response = client.post(reverse("members:edit"), valid_data(avatar=avatar_file()))
    assert response.status_code == 302
    member.profile.refresh_from_db()
    assert member.profile.avatar.name.endswith(".jpg")
    page = client.get(member.profile.get_absolute_url())
    assert member.email not in page.content.decode()
    assert 'href="/members/me/edit/"' in page.content.decode()


def test_anonymous_cannot_edit(client):
    response = client.get(reverse("members:edit"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_editor_shows_the_current_avatar_and_removes_it_from_storage(
    client, member, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(member)

    def english(**overrides):
        return valid_data(language="en", **overrides)

    client.post(reverse("members:edit"), english(avatar=avatar_file()))
    member.profile.refresh_from_db()
    stored = member.profile.avatar.name
    storage = member.profile.avatar.storage
    assert storage.exists(stored)

    page = client.get(reverse("members:edit")).content.decode()
    assert f'src="{member.profile.avatar.url}"' in page
    assert 'alt="Your current photo"' in page
    assert 'name="avatar-clear"' in page and "Remove photo" in page

    # Saving other changes keeps the photo, without storing a copy of it.
    client.post(reverse("members:edit"), english(headline="Otra línea"))
    member.profile.refresh_from_db()
    assert member.profile.avatar.name == stored
    assert len(list((tmp_path / stored).parent.iterdir())) == 1

    # A new photo replaces the old file; "Remove photo" deletes the file, not just the link.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:edit"), english(avatar=avatar_file(name="new.jpg")))
    member.profile.refresh_from_db()
    replaced = member.profile.avatar.name
    assert replaced != stored and not storage.exists(stored) and storage.exists(replaced)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:edit"), english(**{"avatar-clear": "on"}))
    assert response.status_code == 302
    member.profile.refresh_from_db()
    assert not member.profile.avatar
    assert not storage.exists(replaced)
    assert 'name="avatar-clear"' not in client.get(reverse("members:edit")).content.decode()


@pytest.mark.parametrize(
    ("language", "url_name", "thanks"),
    [
        ("es", "members:onboarding", "¡Bienvenido/a! Tu perfil está listo."),
        ("pt-br", "members:edit", "Seu perfil foi salvo."),
    ],
)
def test_saved_profile_thanks_the_member_in_the_language_just_chosen(
    client, newcomer, language, url_name, thanks
):
    """The next page is in the newly chosen language: so is the message on it (found by the
    create-edit-view browser journey, where an English message topped a Spanish page)."""
    client.force_login(newcomer)
    if url_name == "members:edit":
        client.post(reverse("members:onboarding"), valid_data(language="en"))
    response = client.post(reverse(url_name), valid_data(language=language), follow=True)
    assert [str(message) for message in response.context["messages"]][-1] == thanks


def test_long_selects_of_the_profile_form_are_drawn_without_a_template_per_option():
    """The edit page's ~1,100 options (countries twice, time zones) were each rendered through
    Django's option template, most of the page's server time; the Python widget gives the same
    options, the member's saved values selected."""
    from django import forms as django_forms  # noqa: PLC0415

    from core.widgets import FastSelect  # noqa: PLC0415
    from members.forms import ProfileForm  # noqa: PLC0415

    form = ProfileForm(
        initial={"country_of_origin": "VE", "time_zone": "America/Bogota", "language": "es"}
    )
    for name in ("country_of_origin", "country_of_residence", "time_zone", "language"):
        assert isinstance(form.fields[name].widget, FastSelect)
    html = str(form["country_of_origin"])
    assert '<option value="VE" selected>' in html
    assert html.count("<option") == len(list(form.fields["country_of_origin"].choices))
    reference = django_forms.Select(choices=form.fields["time_zone"].choices).render(
        "time_zone", "America/Bogota"
    )
    drawn = form.fields["time_zone"].widget.render("time_zone", "America/Bogota")
    assert [line.strip() for line in reference.splitlines() if line.strip()] == [
        line.strip() for line in drawn.splitlines() if line.strip()
    ]
