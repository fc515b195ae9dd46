"""The translatable kinds registry: each owning app fills it at start-up, the edit page reads it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cadre.core.errors import NotFound
from cadre.translations.hooks import TranslatableKind, translatable_kind, translatable_kinds
from cadre.translations.selectors import kind_get


def test_owning_apps_register_their_kinds_at_start_up():
    # given the apps are ready (pytest-django set them up)
    # then every translatable kind of catalogue, competencies, strategy and evaluation is registered
    keys = {kind.key for kind in translatable_kinds()}
    assert keys == {"course", "competency", "objective", "role_profile", "questionnaire", "question"}
    assert all(isinstance(kind, TranslatableKind) for kind in translatable_kinds())


def test_a_kind_is_found_by_key_and_an_unknown_one_is_not_found():
    course = translatable_kind("course")
    assert course is not None
    assert set(course.fields) == {"title", "description"}
    assert translatable_kind("nonsense") is None
    with pytest.raises(NotFound) as raised:
        kind_get("nonsense")
    assert raised.value.code == "translation.unknown_kind"


@pytest.mark.django_db
def test_the_edit_page_goes_through_the_registry(client, world):
    # given a manager and a kind nobody registered
    client.force_login(world.a.tm)
    # when the edit page is asked for it
    response = client.get(reverse("translations:edit", kwargs={"record_kind": "nonsense", "record_id": 1}))
    # then it answers 404 like a missing record
    assert response.status_code == 404
