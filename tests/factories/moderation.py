import factory
from django.contrib.contenttypes.models import ContentType
from factory.django import DjangoModelFactory

from moderation.models import Report, ReportReason
from tests.factories.members import UserFactory


class ReportFactory(DjangoModelFactory):
    class Meta:
        model = Report

    class Params:
        target = None

    reporter = factory.SubFactory(UserFactory)
    reason = ReportReason.RACISM
    text = "Insults against Venezuelans"
    target_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.target))
    target_id = factory.LazyAttribute(lambda o: o.target.pk)
