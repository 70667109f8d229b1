"""Demo members: fictional people of the Latin American diaspora, with accents in their names."""

from django.contrib.auth.hashers import make_password

from members.choices import HelpKind, Visibility
from members.models import Profile, User

FIRST_NAMES = [
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
    "Begoña",
    "João",
    "Conceição",
    "Gonçalo",
    "Iñaki",
    "Mónica",
    "Héctor",
    "Débora",
    "Ángel",
]
LAST_NAMES = [
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
    "Araújo",
    "Conceição",
    "Magalhães",
    "Solís",
]
MOVES = [
    ("VE", "CO", "Bogotá"),
    ("MX", "US", "Chicago"),
    ("BR", "PT", "Lisboa"),
    ("VE", "ES", "Madrid"),
    ("CO", "US", "Miami"),
    ("AR", "ES", "Barcelona"),
    ("PE", "CL", "Santiago"),
    ("HN", "US", "Houston"),
]


def seed(context):
    rng = context.rng
    password = make_password("demo-password-2020")
    users, profiles = [], []
    for index in range(context.sizes["members"]):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        origin, residence, city = rng.choice(MOVES)
        users.append(
            User(email=f"member{index}@example.org", handle=f"member-{index}", password=password)
        )
        profiles.append(
            Profile(
                display_name=f"{first} {last}",
                country_of_origin=origin,
                country_of_residence=residence,
                city=city,
                languages=["es", "en"] if residence in {"US", "PT"} else ["es"],
                ways_to_help=[rng.choice(HelpKind.values)],
                visibility=rng.choice([Visibility.PUBLIC, Visibility.PUBLIC, Visibility.MEMBERS]),
            )
        )
    User.objects.bulk_create(users, batch_size=5000)
    for user, profile in zip(users, profiles, strict=True):
        profile.user = user
    Profile.objects.bulk_create(profiles, batch_size=5000)
    context.log(f"  {len(users)} members")
