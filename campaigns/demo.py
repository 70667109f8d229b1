"""Demo campaigns: Changemakers Unidos (live, 20 fictional fellows) and an ended campaign.

Runs after members (and organizations, when its seeder exists): it reads members from the database
and creates one organization, venture and a few needs per fellow, under `cu-` slugs so they never
collide with other seeders' rows. Each organization gets an admin (the README's organizer account
runs the first, the fellow account its own fellow's), its needs a history and pending offers to
answer, and every row its search vector. The README's ambassador account is the live campaign's
ambassador.
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
from members.demo import ACCOUNTS, FELLOW_NAME, account_user_ids, demo_tags
from members.models import Cause, Skill, User
from organizations.demo import OFFER_MESSAGES, PATHS, date_needs_from_history
from organizations.models import (
    Membership,
    Need,
    NeedCategory,
    NeedSkill,
    NeedStatus,
    NeedStatusChange,
    Offer,
    Organization,
    Role,
    Venture,
)
from organizations.services import refresh_need_search, refresh_organization_search

# name, country, cause, venture, what it does
FELLOWS = [
    ("Mariana Quiñones", "CO", "salud", "Salud en Ruta", "Mobile clinics for rural Chocó."),
    ("Joaquín Ibáñez", "AR", "educación", "Aulas Abiertas", "Remote classes for islanded schools."),
    ("Conceição Magalhães", "BR", "alimentação", "Cozinha Solidária", "Community kitchens."),
    ("Héctor Solís", "MX", "empleo", "Manos que Reparan", "Repair jobs for returning migrants."),
    ("Valentina Araújo", "BR", "saúde", "Rede Parteiras", "Midwife network in the Amazon."),
    ("Raúl Gutiérrez", "PE", "agua", "Agua para Todos", "Water filters for Andean villages."),
    ("Ximena Núñez", "CL", "vivienda", "Techo Vecino", "Emergency housing repairs."),
    ("Andrés Peña", "VE", "migración", "Caminantes", "Legal aid for people on the move."),
    ("Lucía Hernández", "GT", "educación", "Letras Mayas", "Bilingual K'iche' literacy."),
    ("Gonçalo Conceição", "BR", "tecnologia", "Favela Digital", "Coding schools in favelas."),
    ("Sofía Álvarez", "UY", "cuidados", "Red de Cuidado", "Paid care work cooperatives."),
    ("Tomás Castro", "BO", "agricultura", "Semilla Viva", "Seed banks for smallholders."),
    ("Begoña Suárez", "EC", "salud mental", "Escucha Activa", "Helplines run by peers."),
    ("Iñaki Muñoz", "PY", "energía", "Sol Comunitario", "Solar micro-grids."),
    ("Débora Rodríguez", "DO", "finanzas", "Ahorro Juntos", "Savings circles for women."),
    ("Ángel Gómez", "HN", "juventud", "Barrio Adentro Joven", "Youth violence prevention."),
    ("Mónica Pérez", "SV", "empleo", "Costura Digna", "Fair-pay textile workshops."),
    ("Sebastián Rojas", "CR", "medio ambiente", "Manglar Vivo", "Mangrove restoration jobs."),
    ("Camila Ortiz", "PA", "salud", "Telesalud Istmo", "Telemedicine for indigenous comarcas."),
    ("João Batista Lima", "BR", "educação", "Livro Livre", "Mobile libraries on the river."),
]
# title, category, skills wanted (the members seeder's skills, so matching finds helpers)
NEEDS = [
    ("Mentor for fundraising strategy", NeedCategory.MENTORING, ["emprendimiento"]),
    ("Web developer for our volunteer portal", NeedCategory.TECHNICAL, ["desarrollo web"]),
    ("Introductions to foundations in Europe", NeedCategory.CONNECTIONS, ["redes de contactos"]),
    ("Accountant to review our books", NeedCategory.ADMINISTRATIVE, ["contabilidad"]),
    ("Donated laptops for classrooms", NeedCategory.IN_KIND, []),
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

    now = timezone.now()
    accounts = {user.email: user.pk for user in User.objects.filter(email__in=ACCOUNTS.values())}
    organizer_id = accounts.get(ACCOUNTS["organizer"])
    fellow_user_id = accounts.get(ACCOUNTS["fellow"])
    member_account_id = accounts.get(ACCOUNTS["member"])
    member_ids = list(
        User.objects.filter(is_staff=False, profile__isnull=False)
        .exclude(pk__in=account_user_ids())
        .order_by("pk")
        .values_list("pk", flat=True)[: max(40, min(2000, context.sizes["members"] // 10))]
    )

    organizations, fellows = [], []
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
        linked = name == FELLOW_NAME and fellow_user_id is not None
        fellows.append(
            Fellow(
                name=name,
                slug=slugify(name),
                country=country,
                fellowship="Ashoka",
                year_elected=2008 + rng.randrange(0, 13),
                bio=f"{name} fundó **{venture_name}**. {_summary}",
                is_published=True,
                user_id=fellow_user_id if linked else None,
                invited_email=ACCOUNTS["fellow"] if linked else "",
                linked_at=now if linked else None,
            )
        )
    organizations = Organization.objects.bulk_create(organizations)
    fellows = Fellow.objects.bulk_create(fellows)
    # Every organization has an admin to answer offers: the organizer account runs the first,
    # the fellow account its fellow's, a demo member each of the others.
    admins = []
    for index, fellow in enumerate(fellows):
        if index == 0 and organizer_id:
            admins.append(organizer_id)
        elif fellow.user_id:
            admins.append(fellow.user_id)
        else:
            admins.append(rng.choice(member_ids) if member_ids else None)
    Membership.objects.bulk_create(
        Membership(organization=organization, user_id=admin_id, role=Role.ADMIN)
        for organization, admin_id in zip(organizations, admins, strict=True)
        if admin_id
    )
    ventures = Venture.objects.bulk_create(
        Venture(
            organization=organization,
            name=row[3],
            slug=f"cu-{slugify(row[3])}",
            summary=row[4],
            language="en",  # the summaries above are in English
            stage="pilot",
            countries=[row[1]],
        )
        for organization, row in zip(organizations, FELLOWS, strict=True)
    )
    Venture.leads.through.objects.bulk_create(
        Venture.leads.through(venture_id=venture.pk, user_id=admin_id)
        for venture, admin_id in zip(ventures, admins, strict=True)
        if admin_id
    )
    Fellow.ventures.through.objects.bulk_create(
        Fellow.ventures.through(fellow_id=fellow.pk, venture_id=venture.pk)
        for fellow, venture in zip(fellows, ventures, strict=True)
    )
    causes = demo_tags(Cause, [row[2] for row in FELLOWS])
    FellowCause.objects.bulk_create(
        FellowCause(content_object=fellow, tag=causes[row[2]])
        for fellow, row in zip(fellows, FELLOWS, strict=True)
    )
    skills = demo_tags(Skill, [name for _title, _category, names in NEEDS for name in names])
    needs, need_skills = [], []
    for index, (venture, admin_id) in enumerate(zip(ventures, admins, strict=True)):
        for title, category, skill_names in rng.sample(NEEDS, 3):
            status = rng.choice([NeedStatus.OPEN, NeedStatus.OPEN, NeedStatus.FULFILLED])
            need = Need(
                venture=venture,
                title=title,
                description=f"{venture.name}: {title.lower()}.",
                language="en",  # NEEDS are written in English
                category=category,
                # The organizer account's needs are all open, with offers waiting for an answer.
                status=NeedStatus.OPEN if index == 0 else status,
                languages=["es", "en"],
                created_by_id=admin_id,
            )
            needs.append(need)
            need_skills += [
                NeedSkill(content_object=need, tag=skills[name]) for name in skill_names
            ]
    Need.objects.bulk_create(needs)
    NeedSkill.objects.bulk_create(need_skills)
    changes, offers, offers_by_member_account = [], [], 0
    for need in needs:
        moment = now - timedelta(days=rng.randint(20, 50))
        previous = ""
        for status in PATHS[need.status]:
            changes.append(
                NeedStatusChange(
                    need=need,
                    from_status=previous,
                    to_status=status,
                    changed_by_id=need.created_by_id,
                    changed_at=moment,
                )
            )
            previous = status
            moment += timedelta(days=rng.randint(1, 3), hours=rng.randint(0, 23))
        if need.status != NeedStatus.OPEN:
            continue
        # Pending offers are younger than 14 days (older ones expire).
        organizers_need = need.venture_id == ventures[0].pk
        count = 2 if organizers_need else rng.choice([0, 1, 1, 2])
        offerers = rng.sample(member_ids, min(count, len(member_ids)))
        if organizers_need and member_account_id and not offers_by_member_account:
            offerers.append(member_account_id)  # the member account sees its offer waiting
            offers_by_member_account += 1
        offers += [
            Offer(
                need=need,
                member_id=offerer_id,
                message=rng.choice(OFFER_MESSAGES),
                created_at=now - timedelta(hours=rng.randint(2, 24 * 12)),
            )
            for offerer_id in offerers
            if offerer_id != need.created_by_id
        ]
    NeedStatusChange.objects.bulk_create(changes)
    Offer.objects.bulk_create(offers)
    date_needs_from_history([need.pk for need in needs])
    # bulk_create bypasses the services that keep the search vectors.
    refresh_organization_search([organization.pk for organization in organizations])
    refresh_need_search([need.pk for need in needs])
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

    roles = [CampaignRole.SUPPORTER] * 4 + [CampaignRole.MENTOR]
    CampaignMember.objects.bulk_create(
        CampaignMember(campaign=live, user_id=user_id, role=rng.choice(roles))
        for user_id in member_ids
    )
    CampaignMember.objects.bulk_create(
        CampaignMember(campaign=ended, user_id=user_id) for user_id in member_ids[::3]
    )
    # The README's ambassador account is the live campaign's ambassador; the member account
    # has joined it.
    joined = []
    if ACCOUNTS["ambassador"] in accounts:
        ambassador_id = accounts[ACCOUNTS["ambassador"]]
        joined.append(
            CampaignMember(campaign=live, user_id=ambassador_id, role=CampaignRole.AMBASSADOR)
        )
    if member_account_id:
        joined.append(CampaignMember(campaign=live, user_id=member_account_id))
    CampaignMember.objects.bulk_create(joined)
    if member_ids:
        AmbassadorApplication.objects.bulk_create(
            AmbassadorApplication(
                campaign=live, member_id=user_id, message="Me encantaría organizar encuentros."
            )
            for user_id in member_ids[1:4]
        )
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
        f"{len(offers)} offers, {len(member_ids)} members joined"
    )
