import factory
from factory.django import DjangoModelFactory

from tests.factories.members import UserFactory
from tests.factories.organizations import NeedFactory
from translations.models import Translation, TranslationStatus


class TranslationFactory(DjangoModelFactory):
    class Meta:
        model = Translation
        exclude = ["target"]

    target = factory.SubFactory(NeedFactory)
    content_object = factory.SelfAttribute("target")
    language = "pt"
    source_language = "es"
    title = "Ajuda com a cozinha comunitária"
    text = "Precisamos de ajuda na **cozinha**."
    translator = factory.SubFactory(UserFactory)
    status = TranslationStatus.PENDING
