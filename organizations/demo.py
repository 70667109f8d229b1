"""Demo organizations, ventures, needs (with status histories) and offers in every state.

Reads the members that members.demo created from the database. Bulk inserts throughout, so the
large scale (10,000 organizations, 20,000 ventures, 30,000 needs) loads in well under a minute.
"""

from datetime import timedelta

from django.db import connection
from django.utils import timezone
from django.utils.text import slugify

from core.choices import SPOKEN_LANGUAGES
from core.search import weighted_vector
from members.demo import account_user_ids, demo_tags
from members.models import Cause, Skill, User
from organizations.models import (
    JoinRequest,
    Membership,
    Need,
    NeedCategory,
    NeedSkill,
    NeedStatus,
    NeedStatusChange,
    Offer,
    OfferState,
    Organization,
    OrganizationCause,
    OrganizationKind,
    Role,
    Venture,
    VentureCause,
    VentureStage,
)
from organizations.services import NEED_VECTOR, ORGANIZATION_VECTOR

PREFIXES = {
    OrganizationKind.NONPROFIT: ["Fundación", "Asociación Civil", "Corporación", "Instituto"],
    OrganizationKind.SOCIAL_ENTERPRISE: ["Cooperativa", "Empresa Social", "Colectivo", "Taller"],
    OrganizationKind.COMPANY: ["Tecnologías", "Grupo", "Soluciones", "Laboratorio"],
    OrganizationKind.GOVERNMENT: [
        "Secretaría de Migración de",
        "Alcaldía de",
        "Gobernación de",
    ],
    OrganizationKind.DIASPORA_ASSOCIATION: [
        "Asociación de Venezolanos en",
        "Red de Mexicanos en",
        "Casa do Brasil em",
        "Colectivo Hondureño en",
        "Unión de Colombianos en",
    ],
    OrganizationKind.ACADEMIC: ["Universidad", "Instituto Tecnológico", "Centro de Estudios"],
    OrganizationKind.INTERNATIONAL: [
        "Programa Regional",
        "Iniciativa Interamericana",
        "Observatorio Latinoamericano",
    ],
}
CORES = [
    "Semillas del Sur",
    "Raíces",
    "Manos Unidas",
    "Pachamama",
    "Horizonte Andino",
    "Ñandutí",
    "Café y Futuro",
    "Puentes",
    "Tejiendo Comunidad",
    "Mar Caribe",
    "Colibrí",
    "Cóndor",
    "Maíz Nuestro",
    "Orquídea",
    "Alas de Esperanza",
    "Niñez Primero",
    "Agua Limpia",
]
PLACES = [
    ("Bogotá", "CO"),
    ("Cúcuta", "CO"),
    ("Medellín", "CO"),
    ("Ciudad de México", "MX"),
    ("Oaxaca", "MX"),
    ("Quito", "EC"),
    ("Lima", "PE"),
    ("Tegucigalpa", "HN"),
    ("Caracas", "VE"),
    ("Maracaibo", "VE"),
    ("Asunción", "PY"),
    ("Valparaíso", "CL"),
]
# Diaspora associations sit where each diaspora lives.
DIASPORA_HOSTS = {
    "Asociación de Venezolanos en": [
        ("Bogotá", "CO"),
        ("Cúcuta", "CO"),
        ("Madrid", "ES"),
        ("Lima", "PE"),
        ("Santiago", "CL"),
        ("Miami", "US"),
    ],
    "Red de Mexicanos en": [("Chicago", "US"), ("Houston", "US"), ("Los Ángeles", "US")],
    "Colectivo Hondureño en": [("Houston", "US"), ("Nueva Orleans", "US"), ("Madrid", "ES")],
    "Unión de Colombianos en": [("Madrid", "ES"), ("Miami", "US"), ("Nueva York", "US")],
    "Casa do Brasil em": [("Lisboa", "PT"), ("Porto", "PT"), ("Boston", "US")],
}
# Brazilian organizations are named in Portuguese.
BRAZIL_PREFIXES = {
    OrganizationKind.NONPROFIT: ["Fundação", "Instituto", "Associação"],
    OrganizationKind.SOCIAL_ENTERPRISE: ["Cooperativa", "Coletivo", "Empresa Social"],
    OrganizationKind.COMPANY: ["Tecnologias", "Grupo", "Soluções"],
    OrganizationKind.GOVERNMENT: ["Prefeitura de", "Secretaria de Assistência Social de"],
    OrganizationKind.ACADEMIC: ["Universidade Federal de", "Instituto Federal de"],
    OrganizationKind.INTERNATIONAL: ["Programa Regional", "Observatório Latino-Americano"],
}
BRAZIL_CORES = ["Sertão Vivo", "Mãos Dadas", "Semente", "Raízes do Norte", "Vila Esperança"]
BRAZIL_PLACES = [("São Paulo", "BR"), ("Belém", "BR"), ("Recife", "BR"), ("Manaus", "BR")]
HOME_PLACES = PLACES + BRAZIL_PLACES
CAUSES = [
    "migración",
    "educación",
    "salud",
    "agua y saneamiento",
    "niñez",
    "empleo",
    "mujeres",
    "medio ambiente",
    "vivienda",
    "inclusión financiera",
    "cultura",
    "pueblos indígenas",
]
SKILLS = [
    "Python",
    "Django",
    "diseño gráfico",
    "contabilidad",
    "derecho migratorio",
    "recaudación de fondos",
    "marketing digital",
    "traducción",
    "psicología",
    "enfermería",
    "logística",
    "agronomía",
    "fotografía",
    "gestión de proyectos",
    "energía solar",
    "docencia",
    "redes sociales",
    "análisis de datos",
]
VENTURE_WORDS = [
    ("Escuela de Código", "Clases de programación para jóvenes migrantes"),
    ("Huerta Común", "Huertos urbanos que alimentan comedores populares"),
    ("Clínica Móvil", "Atención primaria en barrios sin centro de salud"),
    ("Puente Legal", "Orientación jurídica gratuita para personas migrantes"),
    ("Microcréditos Solidarios", "Préstamos pequeños para emprendedoras"),
    ("Agua Viva", "Filtros de agua para comunidades rurales"),
    ("Taller de Oficios", "Formación en carpintería y electricidad"),
    ("Radio Comunitaria", "Información útil en español, quechua y portugués"),
    ("Becas Raíces", "Becas para terminar el bachillerato"),
    ("Sol para Todos", "Paneles solares en escuelas rurales"),
]
NEED_TEMPLATES = {
    NeedCategory.TECHNICAL: ["Desarrolladora web para nuestro sitio", "Soporte con base de datos"],
    NeedCategory.ADMINISTRATIVE: ["Ayuda con la contabilidad", "Ordenar nuestros procesos"],
    NeedCategory.FUNDING: ["Contactos con fundaciones", "Propuesta para una convocatoria"],
    NeedCategory.MENTORING: ["Mentoría en modelo de negocio", "Acompañamiento a la directora"],
    NeedCategory.CONNECTIONS: ["Presentación a empresas del sector", "Aliados en Madrid"],
    NeedCategory.TRAINING: ["Taller de finanzas personales", "Capacitación en primeros auxilios"],
    NeedCategory.VOLUNTEERING: ["Voluntarios para la jornada", "Tutores de matemáticas"],
    NeedCategory.IN_KIND: ["Donación de computadores", "Equipos de cocina"],
}
# The path of statuses that leads to each final status, for the recorded history.
PATHS = {
    NeedStatus.DRAFT: [NeedStatus.DRAFT],
    NeedStatus.OPEN: [NeedStatus.DRAFT, NeedStatus.OPEN],
    NeedStatus.IN_PROGRESS: [NeedStatus.DRAFT, NeedStatus.OPEN, NeedStatus.IN_PROGRESS],
    NeedStatus.FULFILLED: [
        NeedStatus.DRAFT,
        NeedStatus.OPEN,
        NeedStatus.IN_PROGRESS,
        NeedStatus.FULFILLED,
    ],
    NeedStatus.CLOSED: [NeedStatus.DRAFT, NeedStatus.OPEN, NeedStatus.CLOSED],
}
STATUS_WEIGHTS = [
    (NeedStatus.OPEN, 55),
    (NeedStatus.DRAFT, 10),
    (NeedStatus.IN_PROGRESS, 15),
    (NeedStatus.FULFILLED, 10),
    (NeedStatus.CLOSED, 10),
]
OFFER_MESSAGES = [
    "Hola, puedo ayudar unas horas por semana. ¡Cuenten conmigo!",
    "Soy contadora en Madrid y me encantaría apoyarlos a distancia.",
    "Trabajo en tecnología en Chicago; puedo dar una mano los fines de semana.",
    "Olá! Posso ajudar com isso, tenho experiência na área.",
    "Me interesa mucho su proyecto. ¿Hablamos por videollamada?",
]
REPLIES = {
    OfferState.ACCEPTED: ["¡Muchas gracias! Te escribimos hoy.", "¡Qué alegría! Coordinemos."],
    OfferState.DECLINED: [
        "Gracias de corazón; por ahora ya encontramos a alguien.",
        "Muchas gracias, lo tendremos en cuenta para más adelante.",
    ],
}
BATCH = 5000


def _tags(model, names):
    """The members seeder already holds some of these ("salud"): one tag per name, whatever case."""
    return list(demo_tags(model, names).values())


def date_needs_from_history(need_ids):
    """auto_now_add stamped every need "now": date each from the first entry of its history."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE organizations_need AS need SET created_at = first.changed_at
            FROM (
                SELECT need_id, min(changed_at) AS changed_at
                FROM organizations_needstatuschange WHERE need_id = ANY(%s) GROUP BY need_id
            ) AS first
            WHERE need.id = first.need_id
            """,
            [list(need_ids)],
        )


def seed(context):
    rng = context.rng
    now = timezone.now()
    # The README's accounts get their roles from campaigns.demo, not at random here.
    user_ids = list(
        User.objects.filter(is_active=True, is_staff=False)
        .exclude(pk__in=account_user_ids())
        .values_list("pk", flat=True)
    )
    if not user_ids:
        context.log("  no members to build organizations from; skipped")
        return
    causes = _tags(Cause, CAUSES)
    skills = _tags(Skill, SKILLS)
    kinds = list(OrganizationKind)
    start_index = Organization.objects.count()

    # Organizations -------------------------------------------------------------------------------
    organizations = []
    for index in range(context.sizes["organizations"]):
        kind = kinds[index % len(kinds)]
        brazilian = kind != OrganizationKind.DIASPORA_ASSOCIATION and rng.random() < 0.2
        if brazilian:
            place, country = rng.choice(BRAZIL_PLACES)
            core, prefix = rng.choice(BRAZIL_CORES), rng.choice(BRAZIL_PREFIXES[kind])
        else:
            place, country = rng.choice(PLACES)
            core, prefix = rng.choice(CORES), rng.choice(PREFIXES[kind])
        if kind == OrganizationKind.DIASPORA_ASSOCIATION:
            place, country = rng.choice(DIASPORA_HOSTS[prefix])
            name = f"{prefix} {place}"
        elif kind == OrganizationKind.GOVERNMENT or prefix.endswith(" de"):
            name = f"{prefix} {place}"
        else:
            name = f"{prefix} {core}" + (f" {place}" if rng.random() < 0.5 else "")
        number = start_index + index
        countries = [country]
        if kind != OrganizationKind.GOVERNMENT:  # a government office works in its own country
            countries = sorted({country, rng.choice(HOME_PLACES)[1]})
        organizations.append(
            Organization(
                name=name,
                slug=f"{slugify(name)[:200]}-{number}",
                kind=kind,
                countries=countries,
                description=(
                    f"**{name}** atua em {place} e conecta a diáspora com a sua região de origem."
                    if brazilian
                    else f"**{name}** trabaja desde {place} por la {rng.choice(CAUSES).lower()} "
                    "y conecta a la diáspora con su región de origen."
                ),
                language="pt" if brazilian else "es",
                website=f"https://{slugify(core)}-{number}.example.org",
                verified=rng.random() < 0.3,
            )
        )
    Organization.objects.bulk_create(organizations, batch_size=BATCH)
    OrganizationCause.objects.bulk_create(
        [
            OrganizationCause(content_object=organization, tag=tag)
            for organization in organizations
            for tag in rng.sample(causes, rng.randint(1, 3))
        ],
        batch_size=BATCH,
    )

    # Memberships: one admin each, a few editors and members, drawn from existing members ---------
    memberships, team_of = [], {}
    for organization in organizations:
        size = min(len(user_ids), rng.choice([1, 2, 2, 3, 4, 6]))
        team = rng.sample(user_ids, size)
        team_of[organization.pk] = team
        for position, user_id in enumerate(team):
            role = Role.ADMIN if position == 0 else rng.choice([Role.EDITOR, Role.MEMBER])
            memberships.append(Membership(organization=organization, user_id=user_id, role=role))
    Membership.objects.bulk_create(memberships, batch_size=BATCH)

    join_requests = []
    for organization in rng.sample(organizations, min(len(organizations), 20)):
        asker = rng.choice(user_ids)
        if asker not in team_of[organization.pk]:
            join_requests.append(
                JoinRequest(
                    organization=organization,
                    user_id=asker,
                    message="Me gustaría sumarme como voluntaria.",
                )
            )
    JoinRequest.objects.bulk_create(join_requests, ignore_conflicts=True)

    # Ventures ------------------------------------------------------------------------------------
    ventures = []
    for index in range(context.sizes["ventures"]):
        organization = organizations[index % len(organizations)]
        title, summary = rng.choice(VENTURE_WORDS)
        place, country = rng.choice(HOME_PLACES)
        name = f"{title} {place}"
        ventures.append(
            Venture(
                organization=organization,
                name=name,
                slug=f"{slugify(name)}-{start_index}-{index}",
                summary=summary,
                problem=f"En {place} muchas familias no tienen acceso a servicios básicos.",
                approach="Trabajamos con líderes comunitarios y voluntarios de la diáspora.",
                stage=rng.choice(VentureStage.values),
                countries=[country],
            )
        )
    Venture.objects.bulk_create(ventures, batch_size=BATCH)
    Lead = Venture.leads.through
    Lead.objects.bulk_create(
        [
            Lead(venture_id=venture.pk, user_id=team_of[venture.organization_id][0])
            for venture in ventures
        ],
        batch_size=BATCH,
    )
    VentureCause.objects.bulk_create(
        [VentureCause(content_object=venture, tag=rng.choice(causes)) for venture in ventures],
        batch_size=BATCH,
    )

    # Needs, with skills and a status history ------------------------------------------------------
    statuses = [status for status, weight in STATUS_WEIGHTS for _ in range(weight)]
    categories = list(NeedCategory)
    language_codes = [code for code, _label in SPOKEN_LANGUAGES[:5]]
    needs = []
    for index in range(context.sizes["needs"]):
        venture = ventures[index % len(ventures)]
        category = categories[index % len(categories)]
        remote = rng.random() < 0.6
        place, country = rng.choice(HOME_PLACES)
        needs.append(
            Need(
                venture=venture,
                title=rng.choice(NEED_TEMPLATES[category]),
                description=(
                    f"Para **{venture.name}** buscamos a alguien con experiencia. "
                    "Podemos coordinar por videollamada."
                ),
                category=category,
                languages=sorted({"es", rng.choice(language_codes)}),
                is_remote=remote,
                country="" if remote else country,
                city="" if remote else place,
                hours_expected=rng.choice([None, 4, 8, 10, 20, 40]),
                deadline=(now + timedelta(days=rng.randint(7, 120))).date()
                if rng.random() < 0.5
                else None,
                status=rng.choice(statuses),
                is_hidden=rng.random() < 0.01,
                created_by_id=team_of[venture.organization_id][0],
            )
        )
    Need.objects.bulk_create(needs, batch_size=BATCH)
    NeedSkill.objects.bulk_create(
        [
            NeedSkill(content_object=need, tag=tag)
            for need in needs
            for tag in rng.sample(skills, rng.randint(1, 3))
        ],
        batch_size=BATCH,
    )
    changes, opened_at = [], {}
    for need in needs:
        path = PATHS[NeedStatus(need.status)]
        moment = now - timedelta(days=rng.randint(len(path) * 3, 120))
        previous = ""
        for status in path:
            changes.append(
                NeedStatusChange(
                    need=need,
                    from_status=previous,
                    to_status=status,
                    changed_by_id=need.created_by_id,
                    changed_at=moment,
                )
            )
            if status == NeedStatus.OPEN:
                opened_at[need.pk] = moment
            previous = status
            moment += timedelta(days=rng.randint(1, 3), hours=rng.randint(0, 23))
    NeedStatusChange.objects.bulk_create(changes, batch_size=BATCH)

    # Offers in every state -----------------------------------------------------------------------
    offer_states = [
        OfferState.PENDING,
        OfferState.PENDING,
        OfferState.ACCEPTED,
        OfferState.DECLINED,
        OfferState.EXPIRED,
        OfferState.WITHDRAWN,
    ]
    offers = []
    offerable = [need for need in needs if need.status != NeedStatus.DRAFT]
    for need in offerable:
        team = set(team_of[need.venture.organization_id])
        count = rng.choice([0, 0, 1, 1, 2, 3])
        helpers = {rng.choice(user_ids) for _ in range(count)} - team
        span = max(now - opened_at[need.pk], timedelta(hours=1))
        for helper in helpers:
            state = rng.choice(offer_states)
            if need.status != NeedStatus.OPEN:
                state = rng.choice([OfferState.ACCEPTED, OfferState.DECLINED])
            if state == OfferState.PENDING:  # younger than 14 days, or it would have expired
                created = now - min(span, timedelta(days=13)) * rng.random()
            else:
                created = opened_at[need.pk] + span * rng.random()
            age = now - created
            if state == OfferState.EXPIRED and age < timedelta(days=14):
                state = OfferState.DECLINED
            answered_at = None
            if state == OfferState.EXPIRED:
                answered_at = created + timedelta(days=14)
            elif state in {OfferState.ACCEPTED, OfferState.DECLINED}:
                answered_at = created + min(age, timedelta(days=14)) * rng.random()
            answered = state in {OfferState.ACCEPTED, OfferState.DECLINED}
            offers.append(
                Offer(
                    need=need,
                    member_id=helper,
                    message=rng.choice(OFFER_MESSAGES),
                    state=state,
                    reply=rng.choice(REPLIES[state]) if answered else "",
                    answered_by_id=need.created_by_id if answered else None,
                    created_at=created,
                    answered_at=answered_at,
                )
            )
    Offer.objects.bulk_create(offers, batch_size=BATCH)

    # Search vectors in one statement per table ---------------------------------------------------
    Organization.objects.filter(search_vector__isnull=True).update(
        search_vector=weighted_vector(*ORGANIZATION_VECTOR)
    )
    Need.objects.filter(search_vector__isnull=True).update(
        search_vector=weighted_vector(*NEED_VECTOR)
    )
    date_needs_from_history([need.pk for need in needs])
    with connection.cursor() as cursor:
        for table in ("organizations_organization", "organizations_need", "organizations_offer"):
            cursor.execute(f"ANALYZE {table}")
    context.log(
        f"  {len(organizations)} organizations, {len(memberships)} memberships, "
        f"{len(ventures)} ventures, {len(needs)} needs, {len(changes)} status changes, "
        f"{len(offers)} offers"
    )
