"""Every connection carries the planner settings the directory's plans rely on (README, "Scaling
out"): without random_page_cost near 1 the member search walks the whole primary key."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_connections_carry_the_planner_settings():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('random_page_cost'), current_setting('jit'),"
            " current_setting('work_mem')"
        )
        assert cursor.fetchone() == ("1.1", "off", "16MB")
