import factory
from allauth.mfa.models import Authenticator
from factory.django import DjangoModelFactory

from core.choices import HelpKind, Visibility
from members.models import Profile, User


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    handle = factory.Sequence(lambda n: f"person-{n}")
    password = factory.django.Password("correct-horse-battery")
    language = "en"  # what sign-up stores (members.adapters); blank is for demo accounts
    profile = factory.RelatedFactory(
        "tests.factories.members.ProfileFactory", factory_related_name="user"
    )


class ProfileFactory(DjangoModelFactory):
    class Meta:
        model = Profile
        django_get_or_create = ("user",)
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, profile=None)
    display_name = factory.Faker("name", locale="es_MX")
    headline = factory.Faker("job", locale="es_MX")
    country_of_origin = "VE"
    country_of_residence = "CO"
    city = "Bogotá"
    languages = factory.LazyFunction(lambda: ["es", "en"])
    ways_to_help = factory.LazyFunction(lambda: [HelpKind.MENTORING])
    visibility = Visibility.PUBLIC

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            self.skills.add(*extracted)


class StaffFactory(UserFactory):
    """Staff must have TOTP two-factor to use the admin (moderation middleware): on by default."""

    is_staff = True
    is_superuser = True

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        if create and extracted is not False:
            Authenticator.objects.create(
                user=self, type=Authenticator.Type.TOTP, data={"secret": "test-only"}
            )
