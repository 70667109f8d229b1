"""Demo members: fictional people of the Latin American diaspora, with accents in their names.

Built for scale: users, their verified addresses and profiles go in with bulk_create, tags with
bulk_create of the through rows, and the search columns are filled by one set-based UPDATE at the
end. The README's demo accounts (ACCOUNTS) come first, with profiles written for them; the later
seeders give each its role.
"""

import time

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.db.models.functions import Lower

from core.choices import HelpKind, Visibility
from members.models import Cause, Profile, ProfileCause, ProfileSkill, Skill, User
from members.services import SEARCH_VECTOR_SQL

PASSWORD = "demo-password-2020"  # noqa: S105 (documented demo password)
BATCH = 5000
# PostgreSQL takes at most 65,535 parameters a statement; a batch stays under it.
MAX_PARAMETERS = 65_535

# One account per role, as the README's "Demo accounts" table lists them (a test reads the table).
ACCOUNTS = {
    "member": "member@example.org",
    "organizer": "organizer@example.org",
    "fellow": "fellow@example.org",
    "ambassador": "ambassador@example.org",
    "staff": "staff@example.org",
}
# The fellow account is the member account of this fellow (campaigns.demo links them).
FELLOW_NAME = "Joaquín Ibáñez"
ACCOUNT_PROFILES = {
    # Skills and ways to help that the demo needs ask for, so matching scores them.
    "member": {
        "display_name": "Lucía Montaño",
        "headline": "Contadora y desarrolladora web en Madrid",
        "bio": "Llegué a **Madrid** hace 8 años. Puedo ayudar con contabilidad y sitios web.",
        "country_of_origin": "CO",
        "country_of_residence": "ES",
        "city": "Madrid",
        "languages": ["es", "en"],
        "ways_to_help": ["technical", "administrative", "mentoring"],
        "hours_per_month": 10,
        "skills": ["contabilidad", "desarrollo web", "gestión de proyectos", "Python"],
        "causes": ["salud", "educación"],
    },
    "organizer": {
        "display_name": "Rocío Quispe",
        "headline": "Coordinadora de Salud en Ruta",
        "bio": "Coordino clínicas móviles en el Chocó y busco aliados en la diáspora.",
        "country_of_origin": "CO",
        "country_of_residence": "CO",
        "city": "Quibdó",
        "languages": ["es"],
        "ways_to_help": ["mentoring"],
        "hours_per_month": 4,
        "skills": ["gestión de proyectos", "salud comunitaria"],
        "causes": ["salud"],
    },
    "fellow": {
        "display_name": FELLOW_NAME,
        "headline": "Fundador de Aulas Abiertas",
        "bio": "Llevo clases a distancia a escuelas aisladas de las islas del Paraná.",
        "country_of_origin": "AR",
        "country_of_residence": "AR",
        "city": "Rosario",
        "languages": ["es", "en"],
        "ways_to_help": ["training"],
        "hours_per_month": 4,
        "skills": ["docencia"],
        "causes": ["educación"],
    },
    "ambassador": {
        "display_name": "Ramón Peña",
        "headline": "Embajador de Changemakers Unidos en Bogotá",
        "bio": "Organizo encuentros de la diáspora venezolana en **Bogotá**.",
        "country_of_origin": "VE",
        "country_of_residence": "CO",
        "city": "Bogotá",
        "languages": ["es", "en"],
        "ways_to_help": ["connections", "volunteering"],
        "hours_per_month": 8,
        "skills": ["redes de contactos", "relaciones públicas"],
        "causes": ["migración"],
    },
    "staff": {
        "display_name": "Equipo Diaspora Changemakers",
        "headline": "Moderación y curaduría",
        "bio": "",
        "country_of_origin": "VE",
        "country_of_residence": "ES",
        "city": "Madrid",
        "languages": ["es", "en", "pt"],
        "ways_to_help": ["mentoring"],
        "hours_per_month": 0,
        "visibility": Visibility.MEMBERS,
        "allow_matching": False,
        "allow_suggestions": False,
        "skills": [],
        "causes": [],
    },
}

FIRST_NAMES = {
    "es": [
        "Salomón",
        "María José",
        "José",
        "Inés",
        "Joaquín",
        "Lucía",
        "Andrés",
        "Camila",
        "Sebastián",
        "Valentina",
        "Martín",
        "Sofía",
        "Tomás",
        "Ximena",
        "Raúl",
        "Mónica",
        "Héctor",
        "Ángel",
        "Gabriela",
        "Ramón",
        "Verónica",
        "Julián",
        "Rocío",
        "Nicolás",
    ],
    "pt": [
        "João",
        "Conceição",
        "Gonçalo",
        "Débora",
        "Thiago",
        "Luíza",
        "Antônio",
        "Letícia",
        "Caio",
        "Fernanda",
        "Vitória",
        "Márcio",
    ],
    "ht": ["Jean-Baptiste", "Mireille", "Widlène", "Frantz", "Nadège", "Jérôme"],
}
LAST_NAMES = {
    "es": [
        "Pérez",
        "Rodríguez",
        "Gómez",
        "Hernández",
        "Muñoz",
        "Peña",
        "Álvarez",
        "Núñez",
        "Gutiérrez",
        "Ibáñez",
        "Castro",
        "Suárez",
        "Solís",
        "Quispe",
        "Ramírez",
        "Montaño",
    ],
    "pt": ["Araújo", "Conceição", "Magalhães", "Simões", "Gonçalves", "Brandão", "Assunção"],
    "ht": ["Désir", "Étienne", "Joseph", "Pierre-Louis", "Augustin"],
}
# origin, residence, city, languages spoken there besides the mother tongue
MOVES = [
    ("VE", "CO", "Bogotá", []),
    ("VE", "CO", "Medellín", []),
    ("MX", "US", "Chicago", ["en"]),
    ("MX", "US", "Los Ángeles", ["en"]),
    ("BR", "PT", "Lisboa", []),
    ("BR", "PT", "Porto", []),
    ("VE", "ES", "Madrid", []),
    ("CO", "US", "Miami", ["en"]),
    ("AR", "ES", "Barcelona", ["ca"]),
    ("PE", "CL", "Santiago", []),
    ("HT", "BR", "São Paulo", ["pt", "fr"]),
    ("CU", "US", "Miami", ["en"]),
    ("EC", "ES", "Madrid", []),
    ("BO", "AR", "Buenos Aires", []),
    ("PY", "AR", "Buenos Aires", ["gn"]),
    ("CO", "CA", "Toronto", ["en", "fr"]),
    ("BR", "JP", "Nagoya", ["ja"]),
    ("SV", "US", "Washington", ["en"]),
    ("UY", "IT", "Roma", ["it"]),
    ("DO", "US", "Nueva York", ["en"]),
    ("NI", "CR", "San José", []),
    ("GT", "MX", "Ciudad de México", []),
]
MOTHER_TONGUE = {"BR": "pt", "HT": "ht"}
SKILLS = {
    "technical": ["Python", "desarrollo web", "análisis de datos", "ciberseguridad", "diseño UX"],
    "funding": ["finanzas", "inversión de impacto", "microcréditos", "contabilidad"],
    "mentoring": ["liderazgo", "emprendimiento", "gestión de proyectos", "coaching"],
    "administrative": ["recursos humanos", "logística", "asesoría legal", "migración"],
    "connections": ["relaciones públicas", "comercio exterior", "redes de contactos"],
    "training": ["docencia", "formación profesional", "educación financiera"],
    "volunteering": ["salud comunitaria", "traducción", "agricultura sostenible"],
}
CAUSES = [
    "educación",
    "salud",
    "migración",
    "medio ambiente",
    "igualdad de género",
    "empleo juvenil",
    "vivienda",
    "seguridad alimentaria",
    "inclusión financiera",
]
HEADLINES = [
    "Ingeniera de software en {city}",
    "Contador público, mentor de emprendedores",
    "Médica y voluntaria en salud comunitaria",
    "Analista de datos que quiere devolver algo a su país",
    "Profesor universitario en {city}",
    "Emprendedora social y consultora",
    "Abogado especializado en migración",
    "Diseñadora UX en {city}",
]
BIOS = [
    "Llegué a **{city}** hace {years} años. Me interesa apoyar proyectos de {cause} en mi país.",
    "Trabajo en {skill} y dedico parte de mi tiempo a mentorías para emprendedores de la región.",
    "Creo en el poder de la diáspora para cambiar las cosas. Puedo ayudar con {skill}.",
]
DEFERRED_INDEXES = (
    "profile_listed_origin",
    "profile_listed_residence",
    "profile_languages_gin",
    "profile_ways_gin",
)
VISIBILITY_WEIGHTS = [Visibility.PUBLIC] * 8 + [Visibility.MEMBERS] * 3 + [Visibility.HIDDEN]


def batch_size(model):
    """The most rows of `model` one INSERT may carry: BATCH, or fewer for wide rows."""
    return min(BATCH, MAX_PARAMETERS // len(model._meta.concrete_fields))


def account_user_ids():
    """The README's demo accounts, which the random parts of the seed leave alone."""
    return set(User.objects.filter(email__in=ACCOUNTS.values()).values_list("pk", flat=True))


def demo_tags(model, names):
    """{name: tag} for these names, one tag per name whatever its case.

    Demo tags are written as mid-sentence (lower case but for proper names: "traducción",
    "Python"). An existing tag of another case is reused, as taggit does for names members type
    (TAGGIT_CASE_INSENSITIVE); a new one gets taggit's own slug (TagBase.save).
    """
    wanted = {name.lower(): name for name in names}
    existing = {
        tag.lower_name: tag
        for tag in model.objects.annotate(lower_name=Lower("name")).filter(
            lower_name__in=list(wanted)
        )
    }
    for key, name in wanted.items():
        if key not in existing:
            existing[key] = model(name=name)
            existing[key].save()  # a handful of tags: save() finds a free slug
    return {name: existing[name.lower()] for name in names}


def _verified_addresses(users):
    """Allauth signs in only verified addresses (ACCOUNT_EMAIL_VERIFICATION = "mandatory")."""
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users],
        batch_size=batch_size(EmailAddress),
    )


def _create_accounts(password):
    """The README's accounts, each with a complete profile so it signs in to its home."""
    users = [
        User(
            email=email,
            handle=role,
            password=password,
            is_staff=role == "staff",
            is_superuser=role == "staff",
        )
        for role, email in ACCOUNTS.items()
    ]
    User.objects.bulk_create(users)
    _verified_addresses(users)
    skills = demo_tags(Skill, [s for spec in ACCOUNT_PROFILES.values() for s in spec["skills"]])
    causes = demo_tags(Cause, [c for spec in ACCOUNT_PROFILES.values() for c in spec["causes"]])
    profiles, skill_rows, cause_rows = [], [], []
    for user, role in zip(users, ACCOUNTS, strict=True):
        spec = dict(ACCOUNT_PROFILES[role])
        user_skills, user_causes = spec.pop("skills"), spec.pop("causes")
        spec.setdefault("visibility", Visibility.PUBLIC)
        profiles.append(Profile(user=user, skills_text=" ".join(user_skills), **spec))
        skill_rows += [ProfileSkill(content_object_id=user.pk, tag=skills[n]) for n in user_skills]
        cause_rows += [ProfileCause(content_object_id=user.pk, tag=causes[n]) for n in user_causes]
    Profile.objects.bulk_create(profiles)
    ProfileSkill.objects.bulk_create(skill_rows)
    ProfileCause.objects.bulk_create(cause_rows)


def seed(context):
    rng = context.rng
    total = context.sizes["members"]
    password = make_password(PASSWORD)
    skill_ids = {
        name: tag.pk
        for name, tag in demo_tags(
            Skill, sorted({s for names in SKILLS.values() for s in names})
        ).items()
    }
    cause_ids = {name: tag.pk for name, tag in demo_tags(Cause, CAUSES).items()}
    help_values = list(HelpKind.values)
    _create_accounts(password)
    created = 0
    started = time.monotonic()
    # Secondary indexes (GIN on arrays especially) are rebuilt once after the load: much faster
    # than maintaining them row by row. `finally` puts them back even if the load fails.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'members_profile'"
            " AND indexname = ANY(%s)",
            [list(DEFERRED_INDEXES)],
        )
        deferred = cursor.fetchall()
        for name, _definition in deferred:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
    try:
        for start in range(0, total, BATCH):
            stop = min(start + BATCH, total)
            users, profiles, skill_rows, cause_rows = [], [], [], []
            for index in range(start, stop):
                origin, residence, city, extra = rng.choice(MOVES)
                tongue = MOTHER_TONGUE.get(origin, "es")
                first = rng.choice(FIRST_NAMES[tongue if tongue in FIRST_NAMES else "es"])
                last = rng.choice(LAST_NAMES[tongue if tongue in LAST_NAMES else "es"])
                ways = rng.sample(help_values, rng.randint(1, 3))
                skills = sorted({rng.choice(SKILLS[way]) for way in ways})
                causes = rng.sample(CAUSES, rng.randint(1, 2))
                languages = list(
                    dict.fromkeys([tongue, *extra, *(["es"] if tongue == "ht" else [])])
                )
                if rng.random() < 0.5 and "en" not in languages:
                    languages.append("en")
                visibility = Visibility.PUBLIC if index == 0 else rng.choice(VISIBILITY_WEIGHTS)
                users.append(
                    User(
                        email=f"member{index}@example.org",
                        handle=f"member-{index}",
                        password=password,
                    )
                )
                profiles.append(
                    Profile(
                        display_name=f"{first} {last}",
                        headline=rng.choice(HEADLINES).format(city=city),
                        bio=rng.choice(BIOS).format(
                            city=city, years=rng.randint(1, 20), cause=causes[0], skill=skills[0]
                        ),
                        country_of_origin=origin,
                        country_of_residence=residence,
                        city=city,
                        languages=languages,
                        ways_to_help=ways,
                        hours_per_month=rng.choice([0, 2, 4, 8, 10, 20]),
                        is_changemaker=rng.random() < 0.2,
                        wants_to_be_ambassador=rng.random() < 0.1,
                        visibility=visibility,
                        skills_text=" ".join(skills),
                    )
                )
                skill_rows.append(skills)
                cause_rows.append(causes)
            User.objects.bulk_create(users, batch_size=batch_size(User))
            _verified_addresses(users)
            for user, profile in zip(users, profiles, strict=True):
                profile.user = user
            Profile.objects.bulk_create(profiles, batch_size=batch_size(Profile))
            ProfileSkill.objects.bulk_create(
                [
                    ProfileSkill(content_object_id=user.pk, tag_id=skill_ids[name])
                    for user, names in zip(users, skill_rows, strict=True)
                    for name in names
                ],
                batch_size=BATCH,
            )
            ProfileCause.objects.bulk_create(
                [
                    ProfileCause(content_object_id=user.pk, tag_id=cause_ids[name])
                    for user, names in zip(users, cause_rows, strict=True)
                    for name in names
                ],
                batch_size=BATCH,
            )
            created += len(users)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '256MB'")
            for _name, definition in deferred:
                cursor.execute(definition)
    context.log(f"  members inserted in {time.monotonic() - started:.1f}s")
    started = time.monotonic()
    with connection.cursor() as cursor:
        # Rebuilding the GIN index once is far faster than updating it row by row.
        cursor.execute("DROP INDEX IF EXISTS profile_search_gin")
        cursor.execute(f"UPDATE members_profile SET search_vector = {SEARCH_VECTOR_SQL}")  # noqa: S608
        cursor.execute(
            "CREATE INDEX profile_search_gin ON members_profile USING gin (search_vector)"
        )
        # Fresh statistics so the planner picks the indexes right after seeding.
        cursor.execute("ANALYZE members_user")
        cursor.execute("ANALYZE members_profile")
        cursor.execute("ANALYZE members_profileskill")
        cursor.execute("ANALYZE account_emailaddress")
    context.log(f"  search vectors and index in {time.monotonic() - started:.1f}s")
    context.log(
        f"  {created} members (member0@example.org .. / {PASSWORD}) and the README's accounts"
        f" ({', '.join(ACCOUNTS.values())})"
    )
