import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from campaigns import services
from campaigns.models import Fellow, Story
from tests.factories.campaigns import CampaignFactory, FellowFactory, StoryFactory
from tests.factories.members import UserFactory
from tests.factories.organizations import VentureFactory

pytestmark = pytest.mark.django_db


def _jpeg_with_exif():
    image = Image.new("RGB", (640, 360), "orange")  # a story cover is at least 320 × 160
    exif = Image.Exif()
    exif[0x010E] = "secret description"
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile("me.jpg", buffer.getvalue(), "image/jpeg")


def _invite(client, staff, fellow, email, capture):
    client.force_login(staff)
    fellow.invited_email = email
    fellow.save()
    with capture(execute=True):
        response = client.post(
            reverse("admin:campaigns_fellow_changelist"),
            {"action": "send_invitation", "_selected_action": [fellow.pk]},
        )
    assert response.status_code == 302
    client.logout()
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/invitation/" in line)
    return link.split("testserver", 1)[-1].strip()


def test_invitation_links_fellow_and_makes_them_venture_lead(
    client, staff, django_capture_on_commit_callbacks
):
    fellow = FellowFactory(is_published=False)
    venture = VentureFactory()
    fellow.ventures.add(venture)
    path = _invite(client, staff, fellow, "Fellow@Example.org", django_capture_on_commit_callbacks)
    assert mail.outbox[-1].to == ["fellow@example.org"]

    # Anonymous: sent to sign in first.
    assert client.get(path).status_code == 302
    someone_else = UserFactory(email="other@example.org")
    client.force_login(someone_else)
    response = client.post(path)
    assert response.status_code == 400
    fellow.refresh_from_db()
    assert fellow.user is None

    invited = UserFactory(email="fellow@example.org")
    client.force_login(invited)
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    fellow.refresh_from_db()
    assert fellow.user == invited and fellow.linked_at is not None
    assert invited in venture.leads.all()

    # Now they edit their own bio, with a cleaned photo; nothing else.
    response = client.post(
        reverse("campaigns:fellow_edit", args=[fellow.slug]),
        {"bio": "New **bio**", "photo": _jpeg_with_exif(), "is_published": "on"},
    )
    assert response.status_code == 302
    fellow.refresh_from_db()
    assert fellow.bio == "New **bio**"
    assert not fellow.is_published
    with fellow.photo.open() as stored:
        assert not Image.open(stored).getexif()


def test_other_member_cannot_edit_fellow_bio(client, member):
    fellow = FellowFactory(user=UserFactory(), bio="Original")
    client.force_login(member)
    response = client.post(reverse("campaigns:fellow_edit", args=[fellow.slug]), {"bio": "Hacked"})
    assert response.status_code == 403
    fellow.refresh_from_db()
    assert fellow.bio == "Original"


def test_expired_tampered_and_superseded_invitations_are_refused(client):
    fellow = FellowFactory(invited_email="a@example.org")
    token = services.make_invitation_token(fellow)
    user = UserFactory(email="a@example.org")
    client.force_login(user)
    assert (
        client.post(reverse("campaigns:fellow_invitation", args=[token + "x"])).status_code == 400
    )
    # A new invitation to another address voids the first link.
    fellow.invited_email = "b@example.org"
    fellow.save()
    assert client.post(reverse("campaigns:fellow_invitation", args=[token])).status_code == 400
    fellow.invited_email = "a@example.org"
    fellow.save()
    original_max_age = services.INVITATION_MAX_AGE
    services.INVITATION_MAX_AGE = timedelta(seconds=-1)
    try:
        response = client.post(reverse("campaigns:fellow_invitation", args=[token]))
    finally:
        services.INVITATION_MAX_AGE = original_max_age
    assert response.status_code == 400
    assert Fellow.objects.get(pk=fellow.pk).user is None


def test_member_publishes_and_edits_own_story(client, member):
    campaign = CampaignFactory()
    client.force_login(member)
    response = client.post(
        reverse("campaigns:story_new"),
        {
            "title": "Mi historia",
            "body": "Hola <script>alert(1)</script> **mundo**",
            "campaign": campaign.pk,
            "image": _jpeg_with_exif(),
        },
    )
    story = Story.objects.get()
    assert response.status_code == 302 and story.author == member
    page = client.get(story.get_absolute_url()).text
    assert "<strong>mundo</strong>" in page and "<script>alert" not in page
    assert "Mi historia" in client.get(reverse("campaigns:stories", args=[campaign.slug])).text
    by_author = client.get(reverse("campaigns:stories_by_author", args=[member.handle]))
    assert "Mi historia" in by_author.text

    other = UserFactory()
    client.force_login(other)
    response = client.post(
        reverse("campaigns:story_edit", args=[story.pk]), {"title": "X", "body": "Y"}
    )
    assert response.status_code == 403
    story.refresh_from_db()
    assert story.title == "Mi historia"


def test_story_form_rejects_fake_image(client, member):
    client.force_login(member)
    response = client.post(
        reverse("campaigns:story_new"),
        {
            "title": "T",
            "body": "B",
            "image": SimpleUploadedFile("x.jpg", b"not an image", "image/jpeg"),
        },
    )
    assert response.status_code == 200
    assert not Story.objects.exists()


def test_hidden_story_author_sees_reason_others_get_404(client, member, staff):
    campaign = CampaignFactory()
    story = StoryFactory(author=member, campaign=campaign, title="Hidden tale")
    client.force_login(staff)
    response = client.post(
        reverse("admin:campaigns_story_change", args=[story.pk]),
        {
            "campaign": campaign.pk,
            "title": story.title,
            "body": story.body,
            "published_at_0": "2026-01-01",
            "published_at_1": "10:00:00",
            "is_hidden": "on",
            "hidden_reason": "",
        },
    )
    assert response.status_code == 200  # a reason is required
    story.is_hidden = True
    story.hidden_reason = "Contains personal phone numbers."
    story.save()

    client.logout()
    assert client.get(story.get_absolute_url()).status_code == 404
    assert "Hidden tale" not in client.get(reverse("campaigns:stories", args=[campaign.slug])).text
    assert "Hidden tale" not in client.get(campaign.get_absolute_url()).text
    client.force_login(UserFactory())
    assert client.get(story.get_absolute_url()).status_code == 404
    assert (
        "Hidden tale"
        not in client.get(reverse("campaigns:stories_by_author", args=[member.handle])).text
    )
    client.force_login(member)
    page = client.get(story.get_absolute_url())
    assert page.status_code == 200
    assert "Contains personal phone numbers." in page.text
    assert (
        "Hidden tale"
        in client.get(reverse("campaigns:stories_by_author", args=[member.handle])).text
    )


def test_story_feed_query_count(client, django_assert_max_num_queries):
    campaign = CampaignFactory()
    authors = [UserFactory() for _ in range(3)]  # password hashing is slow; reuse authors
    for index in range(25):
        StoryFactory(campaign=campaign, author=authors[index % 3])
    with django_assert_max_num_queries(6):
        assert client.get(reverse("campaigns:stories", args=[campaign.slug])).status_code == 200


def test_typing_an_invited_email_in_the_admin_sends_the_invitation(
    client, staff, django_capture_on_commit_callbacks
):
    fellow = FellowFactory(name="Rosa Ávila", slug="rosa-avila")
    client.force_login(staff)
    data = {
        "name": fellow.name,
        "slug": fellow.slug,
        "country": "CO",
        "fellowship": "Ashoka",
        "year_elected": "2015",
        "bio": "Bio",
        "causes": "",
        "is_published": "on",
        "invited_email": "rosa@example.org",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:campaigns_fellow_change", args=[fellow.pk]), data)
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["rosa@example.org"]
    fellow.refresh_from_db()
    assert fellow.invited_by == staff and fellow.invited_at is not None


@pytest.mark.parametrize("name", ["campaigns:story_new"])
def test_anonymous_is_sent_to_sign_in_for_member_pages(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_anonymous_cannot_edit_fellow_or_story(client):
    fellow = FellowFactory(bio="Original")
    story = StoryFactory(title="Kept")
    client.post(reverse("campaigns:fellow_edit", args=[fellow.slug]), {"bio": "Changed"})
    client.post(reverse("campaigns:story_edit", args=[story.pk]), {"title": "X", "body": "Y"})
    fellow.refresh_from_db()
    story.refresh_from_db()
    assert fellow.bio == "Original" and story.title == "Kept"


def test_linked_fellow_manages_their_ventures_as_promised(client, staff):
    venture = VentureFactory()
    later = VentureFactory()
    fellow = FellowFactory()
    fellow.ventures.add(venture)
    fellow.invited_email = "rosa@example.org"
    fellow.save()
    rosa = UserFactory(email="rosa@example.org")
    services.accept_fellow_invitation(token=services.make_invitation_token(fellow), user=rosa)

    client.force_login(rosa)
    page = client.get(fellow.get_absolute_url()).content.decode()
    assert reverse("organizations:venture_edit", args=[venture.slug]) in page
    assert client.get(reverse("organizations:venture_edit", args=[venture.slug])).status_code == 200
    response = client.post(
        reverse("organizations:venture_edit", args=[venture.slug]),
        {"name": "Escuela Nueva", "summary": "Otra", "stage": "pilot"},
    )
    assert response.status_code == 302
    venture.refresh_from_db()
    assert venture.name == "Escuela Nueva" and rosa in venture.leads.all()

    # Ventures added to a linked fellow later (admin, import) are theirs to manage too...
    assert client.get(reverse("organizations:venture_edit", args=[later.slug])).status_code == 403
    later.fellows.add(fellow)
    assert client.get(reverse("organizations:venture_edit", args=[later.slug])).status_code == 200
    # ...and the ones taken off the fellow stop being.
    fellow.ventures.remove(venture)
    assert client.get(reverse("organizations:venture_edit", args=[venture.slug])).status_code == 403


def test_account_linked_in_the_admin_leads_the_fellow_ventures(staff):
    venture = VentureFactory()
    fellow = FellowFactory()
    fellow.ventures.add(venture)
    account = UserFactory()
    fellow.user = account
    fellow.save()
    assert list(venture.leads.all()) == [account]
