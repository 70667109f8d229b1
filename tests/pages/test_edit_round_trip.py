"""Saving an edit form as it is shown changes nothing, in every language: what each edit page
writes into its controls is read back the way a browser reads it. A browser sends a date, time or
number control empty when its value is not in the form the control takes (2027-03-07, not the
07/03/2027 Spanish and Portuguese write), so a value written in the page's language was lost on
save (a need's deadline) or asked for again (an event's times)."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from members.models import User
from members.services import PROFILE_FIELDS
from organizations.models import Role
from tests.factories.campaigns import CampaignFactory, StoryFactory
from tests.factories.events import EventFactory
from tests.factories.members import UserFactory
from tests.factories.organizations import MembershipFactory, NeedFactory, VentureFactory

pytestmark = pytest.mark.django_db

# What <input type=...> accepts as its value; anything else the browser shows and sends empty.
BROWSER_VALUE = {
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "datetime-local": re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?"),
    "time": re.compile(r"\d{2}:\d{2}(:\d{2})?"),
    "number": re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?"),
}


class FormReader(HTMLParser):
    """The controls of the page's POST forms and what a browser would send for each."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = {"action": attrs.get("action") or "", "data": []}
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = (attrs.get("type") or "text").lower()
            value = attrs.get("value", "")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._form["data"].append((name, value or "on"))
            elif kind not in ("file", "submit", "button", "reset", "image"):
                pattern = BROWSER_VALUE.get(kind)
                if pattern is not None and value and not pattern.fullmatch(value):
                    value = ""  # the browser drops a value its control cannot take
                self._form["data"].append((name, value))
        elif tag == "select" and name:
            self._select = {
                "name": name,
                "multiple": "multiple" in attrs,
                "chosen": [],
                "first": None,
            }
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["chosen"].append(value)
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if self._form is None:
            return
        if tag == "select" and self._select is not None:
            chosen = self._select["chosen"]
            if not chosen and not self._select["multiple"] and self._select["first"] is not None:
                chosen = [self._select["first"]]  # a single select always sends one option
            self._form["data"] += [(self._select["name"], value) for value in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # The parser keeps the newline after <textarea>, which a browser drops.
            name, text = self._textarea
            self._form["data"].append((name, text.removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self.forms.append(self._form)
            self._form = None


def _post_as_shown(client, url):
    reader = FormReader()
    reader.feed(client.get(url).text)
    # The edit form: the POST form on the page with the most controls (not logout or language).
    form = max(reader.forms, key=lambda form: len(form["data"]))
    data = {}
    for name, value in form["data"]:
        data.setdefault(name, []).append(value)
    return client.post(form["action"] or url, data)


def _editor(language, **membership):
    membership = MembershipFactory(**membership)
    User.objects.filter(pk=membership.user.pk).update(language=language)
    return membership


def _snapshot(obj, fields):
    obj.refresh_from_db()
    return {field: getattr(obj, field) for field in fields}


@pytest.mark.parametrize("language", ["en", "es", "pt-br"])
def test_every_edit_form_saved_as_shown_keeps_every_value(client, language):
    admin = _editor(language, role=Role.ADMIN)
    organization = admin.organization
    organization.causes.add("salud", "educación")
    venture = VentureFactory(organization=organization, stage="pilot")
    venture.causes.add("niñez")
    in_a_month = timezone.localdate() + datetime.timedelta(days=30)
    need = NeedFactory(
        venture=venture,
        deadline=in_a_month,
        hours_expected=12,
        is_remote=False,
        country="CO",
        city="Quibdó",
        languages=["es", "pt"],
        skills=["enfermería", "logística"],
    )
    starts = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=20)
    event = EventFactory(
        organization=organization,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        registration_deadline=starts - datetime.timedelta(days=1),
        capacity=40,
        time_zone="America/Bogota",
    )
    author = UserFactory(language=language, time_zone="America/Sao_Paulo")
    story = StoryFactory(author=author, campaign=CampaignFactory(), language="es")
    profile = author.profile
    # Every text as a form keeps it (Faker's job titles may end in a space, which forms strip).
    profile.display_name, profile.headline = "Ana Beatriz Nunes", "Enfermeira em Lisboa"
    profile.bio, profile.hours_per_month = "Enfermera en **Lisboa**.", 8
    profile.links = ["https://example.org/ana"]
    profile.save()
    profile.skills.add("cuidados paliativos")
    edits = [
        (admin.user, organization, ["name", "kind", "countries", "website", "description"]),
        (admin.user, venture, ["name", "stage", "summary", "problem", "approach"]),
        (admin.user, need, ["title", "deadline", "hours_expected", "country", "city", "languages"]),
        (admin.user, event, ["title", "starts_at", "ends_at", "registration_deadline", "capacity"]),
        (author, story, ["title", "language", "campaign_id", "body"]),
        (author, profile, PROFILE_FIELDS),
        (author, author, ["time_zone", "language"]),
    ]
    urls = {
        organization: f"/organizations/{organization.slug}/edit/",
        venture: f"/ventures/{venture.slug}/edit/",
        need: f"/needs/{need.pk}/edit/",
        event: f"/events/{event.pk}/edit/",
        story: f"/stories/{story.pk}/edit/",
        profile: "/members/me/edit/",
        author: "/members/me/edit/",
    }
    for user, obj, fields in edits:
        before = _snapshot(obj, fields)
        client.force_login(user)
        response = _post_as_shown(client, urls[obj])
        assert response.status_code == 302, (
            obj,
            re.findall(r'class="errorlist[^>]*>(.*?)</ul>', response.text, re.S),
        )
        assert _snapshot(obj, fields) == before, obj
    assert sorted(tag.name for tag in need.skills.all()) == ["enfermería", "logística"]
    assert sorted(tag.name for tag in organization.causes.all()) == ["educación", "salud"]
    assert [tag.name for tag in profile.skills.all()] == ["cuidados paliativos"]
