"""LRS services name their refusals with stable codes; the xAPI answers under /xapi/ keep the spec's shape."""

from __future__ import annotations

import pytest

from cadre.core.errors import DomainError
from cadre.lrs.services.clients import lrs_client_create, lrs_client_install
from cadre.tenancy.access import actor_for
from tests.lrs.conftest import make_xapi, statement

pytestmark = pytest.mark.django_db


def test_a_client_without_a_name_is_refused_with_its_code(world):
    with pytest.raises(DomainError) as caught:
        lrs_client_create(
            actor=actor_for(world.a.tm),
            administration=world.a.administration,
            name=" ",
            scopes=["statements/write"],
        )
    assert caught.value.code == "lrs_client.invalid"
    assert caught.value.field == "name"


def test_a_short_secret_is_refused_with_its_code(world):
    with pytest.raises(DomainError) as caught:
        lrs_client_install(
            administration=world.a.administration, name="t", key="k", secret="short", scopes=[]
        )
    assert caught.value.code == "lrs_client.secret_too_short"


def test_an_invalid_statement_answers_the_xapi_error_shape_without_a_code(world):
    # When a tool posts a statement without a verb
    bad = statement()
    del bad["verb"]
    response = make_xapi(world, "a").post("/xapi/statements", bad)
    # Then the LRS answers 400 in its own shape (the xAPI spec governs it): detail and errors only
    assert response.status_code == 400
    assert set(response.json()) == {"detail", "errors"}
