"""Demo members: fictional people of the Latin American diaspora, with accents in their names.

Built for scale: users and profiles go in with bulk_create, tags with bulk_create of the through
rows, and the search columns are filled by one set-based UPDATE at the end.
"""

import time

from django.contrib.auth.hashers import make_password
from django.db import connection

from core.choices import HelpKind, Visibility
from members.models import Cause, Profile, ProfileCause, ProfileSkill, Skill, User
from members.services import SEARCH_VECTOR_SQL

PASSWORD = "demo-password-2020"  # noqa: S105 (documented demo password)
BATCH = 5000

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


def _tags(model, names):
    model.objects.bulk_create(
        [model(name=name, slug=name.lower().replace(" ", "-")) for name in names],
        ignore_conflicts=True,
    )
    return {tag.name: tag.pk for tag in model.objects.filter(name__in=names)}


def seed(context):
    rng = context.rng
    total = context.sizes["members"]
    password = make_password(PASSWORD)
    skill_ids = _tags(Skill, sorted({s for names in SKILLS.values() for s in names}))
    cause_ids = _tags(Cause, CAUSES)
    help_values = list(HelpKind.values)

    staff = User(
        email="staff@example.org",
        handle="staff",
        password=password,
        is_staff=True,
        is_superuser=True,
    )
    User.objects.bulk_create([staff])
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
            User.objects.bulk_create(users, batch_size=BATCH)
            for user, profile in zip(users, profiles, strict=True):
                profile.user = user
            Profile.objects.bulk_create(profiles, batch_size=BATCH)
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
    context.log(f"  search vectors and index in {time.monotonic() - started:.1f}s")
    context.log(f"  {created} members (member0@example.org .. / {PASSWORD}), staff@example.org")
