"""Query-count guards: cmi5's listing endpoints cost the same few queries for 2 rows as for 10."""

from __future__ import annotations

import pytest
from django.test import Client

from cadre.cmi5.models import CoursePackage

pytestmark = pytest.mark.django_db

API = "/api/v1/cmi5"


def _packages(administration, count):
    for i in range(count):
        CoursePackage.objects.create(
            administration=administration,
            publisher_id=f"https://courses.example.org/{administration.pk}/{i:02d}",
            title=f"Package {i:02d}",
            structure_xml="<courseStructure/>",
        )


@pytest.mark.parametrize("count", [2, 10])
def test_course_list_api_queries_do_not_grow(world, count, django_assert_max_num_queries):
    # Given ``count`` imported cmi5 courses in the manager's administration
    _packages(world.a.administration, count)
    client = Client()
    client.force_login(world.a.tm)
    client.get(f"{API}/courses")

    # When the manager lists them, then the query count does not depend on how many there are
    with django_assert_max_num_queries(BOUND_LIST):
        response = client.get(f"{API}/courses")
    assert response.status_code == 200
    assert response.json()["count"] == count


BOUND_LIST = 4  # measured at 2 and at 10 packages
