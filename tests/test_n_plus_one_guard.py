"""The suite's N+1 guard (django-zeal's middleware, tests/settings.py) fails a request whose view
loads a relation once per row, and lets the same view through once the relation is joined."""

import pytest
from django.http import HttpResponse
from django.urls import path
from zeal.errors import NPlusOneError

from diaspora.urls import urlpatterns as site_urlpatterns
from members.models import Profile
from tests.factories.members import UserFactory


def names_one_query_each(request):
    # The deliberate N+1: each profile's user read by a query of its own.
    return HttpResponse(", ".join(p.user.email for p in Profile.objects.order_by("pk")))


def names_joined(request):
    profiles = Profile.objects.select_related("user").order_by("pk")
    return HttpResponse(", ".join(p.user.email for p in profiles))


urlpatterns = [
    path("n-plus-one/", names_one_query_each),
    path("joined/", names_joined),
    *site_urlpatterns,  # the middleware reverses the site's URLs (the admin's)
]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def test_a_view_with_an_n_plus_one_fails_the_request(client):
    UserFactory.create_batch(3)
    with pytest.raises(NPlusOneError, match="members.Profile.user"):
        client.get("/n-plus-one/")


def test_the_same_view_with_the_relation_joined_passes(client, django_assert_num_queries):
    users = UserFactory.create_batch(3)
    with django_assert_num_queries(1):
        response = client.get("/joined/")
    assert all(user.email in response.content.decode() for user in users)
