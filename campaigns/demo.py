"""Demo campaigns: Changemakers Unidos (live, 20 fictional fellows) and an ended campaign.

Runs after members (and organizations, when its seeder exists): it reads members from the database
and creates one organization, venture and a few needs per fellow, under `cu-` slugs so they never
collide with other seeders' rows.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from campaigns.models import (
    AmbassadorApplication,
    Campaign,
    CampaignMember,
    CampaignRole,
    CampaignStatus,
    FeaturedFellow,
    Fellow,
    FellowCause,
    Story,
)
from members.models import Cause, User
from organizations.models import Need, NeedCategory, NeedStatus, Organization, Venture

# name, country, cause, venture, what it does
FELLOWS = [
    ("Mariana Quiñones", "CO", "Salud", "Salud en Ruta", "Mobile clinics for rural Chocó."),
    ("Joaquín Ibáñez", "AR", "Educación", "Aulas Abiertas", "Remote classes for islanded schools."),
    ("Conceição Magalhães", "BR", "Alimentação", "Cozinha Solidária", "Community kitchens."),
    ("Héctor Solís", "MX", "Empleo", "Manos que Reparan", "Repair jobs for returning migrants."),
    ("Valentina Araújo", "BR", "Saúde", "Rede Parteiras", "Midwife network in the Amazon."),
    ("Raúl Gutiérrez", "PE", "Agua", "Agua para Todos", "Water filters for Andean villages."),
    ("Ximena Núñez", "CL", "Vivienda", "Techo Vecino", "Emergency housing repairs."),
    ("Andrés Peña", "VE", "Migración", "Caminantes", "Legal aid for people on the move."),
    ("Lucía Hernández", "GT", "Educación", "Letras Mayas", "Bilingual K'iche' literacy."),
    ("Gonçalo Conceição", "BR", "Tecnologia", "Favela Digital", "Coding schools in favelas."),
    ("Sofía Álvarez", "UY", "Cuidados", "Red de Cuidado", "Paid care work cooperatives."),
    ("Tomás Castro", "BO", "Agricultura", "Semilla Viva", "Seed banks for smallholders."),
    ("Begoña Suárez", "EC", "Salud mental", "Escucha Activa", "Helplines run by peers."),
    ("Iñaki Muñoz", "PY", "Energía", "Sol Comunitario", "Solar micro-grids."),
    ("Débora Rodríguez", "DO", "Finanzas", "Ahorro Juntos", "Savings circles for women."),
    ("Ángel Gómez", "HN", "Juventud", "Barrio Adentro Joven", "Youth violence prevention."),
    ("Mónica Pérez", "SV", "Empleo", "Costura Digna", "Fair-pay textile workshops."),
    ("Sebastián Rojas", "CR", "Medio ambiente", "Manglar Vivo", "Mangrove restoration jobs."),
    ("Camila Ortiz", "PA", "Salud", "Telesalud Istmo", "Telemedicine for indigenous comarcas."),
    ("João Batista Lima", "BR", "Educação", "Livro Livre", "Mobile libraries on the river."),
]
NEEDS = [
    ("Mentor for fundraising strategy", NeedCategory.MENTORING),
    ("Web developer for our volunteer portal", NeedCategory.TECHNICAL),
    ("Introductions to foundations in Europe", NeedCategory.CONNECTIONS),
    ("Accountant to review our books", NeedCategory.ADMINISTRATIVE),
    ("Donated laptops for classrooms", NeedCategory.IN_KIND),
]

CU_DESCRIPTION = {
    "es": (
        "Durante la pandemia, emprendedores sociales de toda América Latina respondieron primero. "
        "**Changemakers Unidos** presenta a 20 de ellos e invita a la diáspora a apoyarlos con "
        "tiempo, conocimientos y contactos."
    ),
    "en": (
        "During the pandemic, social entrepreneurs across Latin America were the first to respond. "
        "**Changemakers Unidos** features 20 of them and invites the diaspora to support them "
        "with time, skills and connections."
    ),
    "pt": (
        "Durante a pandemia, empreendedores sociais de toda a América Latina responderam primeiro. "
        "**Changemakers Unidos** apresenta 20 deles e convida a diáspora a apoiá-los com tempo, "
        "conhecimentos e contatos."
    ),
}

STORY_TITLES = [
    "Desde Madrid, mentoreando a una clínica móvil",
    "What I learned helping a seed bank in Bolivia",
    "De Lisboa para o Amazonas: uma rede de parteiras",
    "Mi primera conexión con Caminantes",
    "Coding with kids in the favela, remotely",
]


def _cause(name, cache):
    if name not in cache:
        cache[name], _ = Cause.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    return cache[name]


@transaction.atomic
def seed(context):
    rng = context.rng
    today = date.today()
    live = Campaign.objects.create(
        slug="changemakers-unidos",
        title="Changemakers Unidos",
        title_en="Changemakers United",
        title_pt="Changemakers Unidos",
        tagline="La diáspora junto a quienes transforman América Latina",
        tagline_en="The diaspora alongside those transforming Latin America",
        tagline_pt="A diáspora ao lado de quem transforma a América Latina",
        description=CU_DESCRIPTION["es"],
        description_en=CU_DESCRIPTION["en"],
        description_pt=CU_DESCRIPTION["pt"],
        original_language="es",
        status=CampaignStatus.LIVE,
        starts_on=today - timedelta(days=60),
        ends_on=today + timedelta(days=120),
    )
    ended = Campaign.objects.create(
        slug="respuesta-covid-2020",
        title="Respuesta COVID-19 2020",
        title_en="COVID-19 Response 2020",
        title_pt="Resposta COVID-19 2020",
        tagline="Cómo la diáspora respondió en el primer año de la pandemia",
        tagline_en="How the diaspora responded in the pandemic's first year",
        description="Una campaña que ya terminó: gracias a todas las personas que participaron.",
        description_en="A campaign that has ended: thank you to everyone who took part.",
        original_language="es",
        status=CampaignStatus.ENDED,
        starts_on=date(2020, 4, 1),
        ends_on=date(2020, 12, 31),
    )

    organizations, fellows, causes = [], [], {}
    for index, (name, country, _cause_name, venture_name, _summary) in enumerate(FELLOWS):
        organizations.append(
            Organization(
                name=f"Fundación {venture_name}",
                slug=f"cu-{slugify(venture_name)}",
                kind="social_enterprise" if index % 2 else "nonprofit",
                countries=[country],
                description=f"La organización detrás de {venture_name}.",
                verified=True,
            )
        )
        fellows.append(
            Fellow(
                name=name,
                slug=slugify(name),
                country=country,
                fellowship="Ashoka",
                year_elected=2008 + rng.randrange(0, 13),
                bio=f"{name} fundó **{venture_name}**. {_summary}",
                is_published=True,
            )
        )
    organizations = Organization.objects.bulk_create(organizations)
    fellows = Fellow.objects.bulk_create(fellows)
    ventures = Venture.objects.bulk_create(
        Venture(
            organization=organization,
            name=row[3],
            slug=f"cu-{slugify(row[3])}",
            summary=row[4],
            stage="pilot",
            countries=[row[1]],
        )
        for organization, row in zip(organizations, FELLOWS, strict=True)
    )
    Fellow.ventures.through.objects.bulk_create(
        Fellow.ventures.through(fellow_id=fellow.pk, venture_id=venture.pk)
        for fellow, venture in zip(fellows, ventures, strict=True)
    )
    FellowCause.objects.bulk_create(
        FellowCause(content_object=fellow, tag=_cause(row[2], causes))
        for fellow, row in zip(fellows, FELLOWS, strict=True)
    )
    needs = []
    for venture in ventures:
        for title, category in rng.sample(NEEDS, 3):
            status = rng.choice([NeedStatus.OPEN, NeedStatus.OPEN, NeedStatus.FULFILLED])
            needs.append(
                Need(
                    venture=venture,
                    title=title,
                    description=f"{venture.name}: {title.lower()}.",
                    category=category,
                    status=status,
                    languages=["es", "en"],
                )
            )
    Need.objects.bulk_create(needs)
    FeaturedFellow.objects.bulk_create(
        FeaturedFellow(
            campaign=live,
            fellow=fellow,
            order=order,
            blurb=f"Lidera {FELLOWS[order][3]}.",
            blurb_en=f"Leads {FELLOWS[order][3]}.",
            blurb_pt=f"Lidera {FELLOWS[order][3]}.",
        )
        for order, fellow in enumerate(fellows)
    )
    FeaturedFellow.objects.bulk_create(
        FeaturedFellow(campaign=ended, fellow=fellow, order=order)
        for order, fellow in enumerate(fellows[:6])
    )

    member_ids = list(
        User.objects.filter(is_staff=False, profile__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)[: max(40, min(2000, context.sizes["members"] // 10))]
    )
    roles = [CampaignRole.SUPPORTER] * 4 + [CampaignRole.MENTOR]
    CampaignMember.objects.bulk_create(
        CampaignMember(campaign=live, user_id=user_id, role=rng.choice(roles))
        for user_id in member_ids
    )
    CampaignMember.objects.bulk_create(
        CampaignMember(campaign=ended, user_id=user_id) for user_id in member_ids[::3]
    )
    if member_ids:
        CampaignMember.objects.filter(campaign=live, user_id=member_ids[0]).update(
            role=CampaignRole.AMBASSADOR
        )
        AmbassadorApplication.objects.bulk_create(
            AmbassadorApplication(
                campaign=live, member_id=user_id, message="Me encantaría organizar encuentros."
            )
            for user_id in member_ids[1:4]
        )
    now = timezone.now()
    Story.objects.bulk_create(
        Story(
            author_id=member_ids[index % len(member_ids)] if member_ids else None,
            campaign=live if index % 4 else None,
            title=STORY_TITLES[index % len(STORY_TITLES)],
            body="Una experiencia que quiero compartir con la comunidad.\n\n*Gracias* a todos.",
            published_at=now - timedelta(days=index),
        )
        for index in range(12)
    )
    context.log(
        f"  campaigns: 2 campaigns, {len(fellows)} fellows, {len(needs)} needs, "
        f"{len(member_ids)} members joined"
    )
