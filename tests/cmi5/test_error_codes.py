"""cmi5 services name their refusals with stable codes."""

from __future__ import annotations

import pytest

from cadre.cmi5.services.imports import course_package_import
from cadre.cmi5.structure import StructureError
from cadre.tenancy.access import actor_for

pytestmark = pytest.mark.django_db


def test_a_package_that_is_not_cmi5_is_refused_with_its_code(world):
    with pytest.raises(StructureError) as caught:
        course_package_import(
            actor=actor_for(world.a.tm),
            administration=world.a.administration,
            data=b"<notACourse/>",
            content_type="text/xml",
        )
    assert caught.value.code == "cmi5_package.invalid"
