"""Demo pictures: the seed attaches the drawn images of pages/demo_images/ (see its NOTICE) to a
few rows, so a fresh `make run` shows covers, logos and faces; everyone else keeps the generated
initials. Each row gets its own stored copy (deleting one never removes another's).

Covers go through the cover field (core.images.CoverFieldFile: the WebP and its narrower copies);
rows are then updated in place, without their save() side effects (search vectors, caches).
"""

from functools import cache
from pathlib import Path

from django.core.files.base import ContentFile
from django.db.models import Q

from campaigns.models import Campaign, CampaignStatus, FeaturedFellow, Fellow, Story
from core.images import COVER_WIDTHS, PHOTO_WIDTHS, cover_renditions
from events.models import Event
from members.models import Profile
from organizations.models import Organization, Venture

IMAGES = Path(__file__).resolve().parent / "demo_images"
COVERS = sorted(IMAGES.glob("cover-*.webp"))
PORTRAITS = sorted(IMAGES.glob("portrait-*.webp"))
LOGOS = sorted(IMAGES.glob("logo-*.png"))
# The README's accounts with a photo (the fellow and the ambassador keep their initials).
PHOTO_ACCOUNTS = ["member@example.org", "organizer@example.org"]
OTHER_MEMBER_PHOTOS = 6
FELLOW_PHOTOS = 6
LOGO_ORGANIZATIONS = ["Fundación Salud en Ruta", "Fundación Aulas Abiertas"]


def _bytes(path: Path) -> bytes:
    return path.read_bytes()


@cache
def _renditions(source: Path, widths=COVER_WIDTHS):
    return cover_renditions(ContentFile(_bytes(source)), widths)


def _attach_cover(obj, field_name: str, source: Path, alt: str = "", widths=COVER_WIDTHS) -> None:
    picture = getattr(obj, field_name)
    picture.save(source.name, None, save=False, renditions=_renditions(source, widths))
    columns = {
        field_name: picture.name,
        f"{field_name}_width": getattr(obj, f"{field_name}_width"),
        f"{field_name}_height": getattr(obj, f"{field_name}_height"),
    }
    if hasattr(obj, f"{field_name}_alt"):
        columns[f"{field_name}_alt"] = alt
    type(obj).objects.filter(pk=obj.pk).update(**columns)


def _attach_file(obj, field_name: str, source: Path) -> None:
    picture = getattr(obj, field_name)
    picture.save(source.name, ContentFile(_bytes(source)), save=False)
    type(obj).objects.filter(pk=obj.pk).update(**{field_name: picture.name})


def seed(context):
    if not (COVERS and PORTRAITS and LOGOS):
        return
    covers = iter(COVERS * 4)
    landscape = "An abstract drawing of hills under a sun"
    live = Campaign.objects.filter(status=CampaignStatus.LIVE).order_by("pk").first()
    if live is not None:
        _attach_cover(live, "hero_image", next(covers), landscape)
    for event in Event.objects.upcoming().order_by("starts_at", "pk")[:4]:
        _attach_cover(event, "cover", next(covers))
    ventures = Venture.objects.filter(is_hidden=False).order_by("pk")
    fellow_ventures = ventures.filter(fellows__isnull=False).distinct()[:2]
    for venture in [*fellow_ventures, *ventures.exclude(fellows__isnull=False)[:2]]:
        _attach_cover(venture, "cover", next(covers))
    for story in Story.objects.filter(published_at__isnull=False).order_by("-published_at")[:4]:
        _attach_cover(story, "image", next(covers))

    portraits = iter(PORTRAITS * 4)
    profiles = list(
        Profile.objects.filter(user__email__in=PHOTO_ACCOUNTS).order_by("user__email")
    ) + list(
        Profile.objects.filter(user__email__regex=r"^member[0-9]+@example\.org$")
        .exclude(visibility="hidden")
        .order_by("user_id")[:OTHER_MEMBER_PHOTOS]
    )
    for profile in profiles:
        _attach_file(profile, "avatar", next(portraits))
    featured = FeaturedFellow.objects.filter(campaign=live).order_by("order", "pk")
    fellow_ids = list(featured.values_list("fellow_id", flat=True)[:FELLOW_PHOTOS])
    for fellow in Fellow.objects.filter(pk__in=fellow_ids):
        _attach_cover(fellow, "photo", next(portraits), widths=PHOTO_WIDTHS)

    logos = iter(LOGOS * 4)
    organizations = list(Organization.objects.filter(name__in=LOGO_ORGANIZATIONS)) + list(
        Organization.objects.filter(~Q(name__in=LOGO_ORGANIZATIONS), verified=True).order_by("pk")[
            :2
        ]
    )
    for organization in organizations:
        _attach_file(organization, "logo", next(logos))
