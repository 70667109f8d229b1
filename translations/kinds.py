"""What can be translated: for each kind of content, its title and text fields, its language field,
and the owning app's predicates for who sees it and who reviews translations of it (the team that
manages it). Staff may review every kind (translations.permissions)."""

from collections.abc import Callable
from dataclasses import dataclass

from campaigns import permissions as campaign_permissions
from campaigns.models import Campaign, Story
from events import permissions as event_permissions
from events.models import Event
from organizations import permissions as organization_permissions
from organizations.models import Need, Venture


@dataclass(frozen=True)
class Kind:
    key: str  # "app_label.model", as in URLs and moderation
    model: type
    title_field: str
    text_field: str
    language_field: str
    can_view: Callable  # (user, obj) -> bool
    can_review: Callable  # (user, obj) -> bool: the content's own team
    # (obj, language) -> bool: the content already carries its own text in that language (staff's
    # per-language columns of a campaign), so a community translation is not needed.
    has_own_text: Callable = lambda obj, language: False

    def title(self, obj) -> str:
        return getattr(obj, self.title_field)

    def text(self, obj) -> str:
        return getattr(obj, self.text_field)

    def language(self, obj) -> str:
        return getattr(obj, self.language_field)


def _campaign_has_own_text(campaign, language) -> bool:
    return bool(
        getattr(campaign, f"title_{language}", "")
        or getattr(campaign, f"description_{language}", "")
    )


KINDS = {
    kind.key: kind
    for kind in (
        Kind(
            key="organizations.need",
            model=Need,
            title_field="title",
            text_field="description",
            language_field="language",
            can_view=organization_permissions.can_view_need,
            can_review=lambda user, need: organization_permissions.can_manage_venture(
                user, need.venture
            ),
        ),
        Kind(
            key="organizations.venture",
            model=Venture,
            title_field="name",
            text_field="summary",
            language_field="language",
            can_view=organization_permissions.can_view_venture,
            can_review=organization_permissions.can_manage_venture,
        ),
        Kind(
            key="campaigns.story",
            model=Story,
            title_field="title",
            text_field="body",
            language_field="language",
            can_view=campaign_permissions.can_view_story,
            can_review=campaign_permissions.can_edit_story,
        ),
        Kind(
            key="events.event",
            model=Event,
            title_field="title",
            text_field="description",
            language_field="language",
            can_view=event_permissions.can_see_event,
            can_review=event_permissions.can_manage_event,
        ),
        Kind(
            key="campaigns.campaign",
            model=Campaign,
            title_field="title",
            text_field="description",
            language_field="original_language",
            can_view=campaign_permissions.can_preview_campaign,
            can_review=lambda user, campaign: campaign_permissions.can_curate(user),
            has_own_text=_campaign_has_own_text,
        ),
    )
}


def kind_key(obj) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def kind_of(obj) -> Kind | None:
    return KINDS.get(kind_key(obj))
