from django.utils import translation

from core.choices import language_name
from events.models import Event
from organizations.models import Need


def test_language_names_follow_the_active_language():
    with translation.override("es"):
        assert language_name("de") == "Alemán"
        assert Event(language="pt").get_language_display() == "Portugués"
        assert Need(languages=["en", "qu"]).language_labels == ["Inglés", "Quechua"]
    with translation.override("en"):
        assert Event(language="pt").get_language_display() == "Portuguese"
    assert language_name("xx") == "xx"
