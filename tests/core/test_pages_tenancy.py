"""Every HTML page of the site keeps tenants apart, read from the URLconf itself.

Each pattern with path parameters is filled with Alpha's objects: anonymous callers are sent to the
login page, Beta's users get 404 (a refused POST changes nothing), and Alpha's manager reaches the same
URL, so the 404 comes from the scoping. Pages without parameters never fail for Beta or anonymous, and
never show Alpha's names to Beta. A parameter this file cannot map fails the run, so a new page cannot
slip past unchecked. The LRS (xapi/), the API and the Django admin are tested elsewhere.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from tests.core.pages_support import (
    CHOICES,
    CONTROL,
    PAGES,
    Estate,
    build_alpha,
    describe,
    fingerprint,
    login,
)

pytestmark = pytest.mark.django_db

WITH_PARAMS = [p for p in PAGES if p.params and not p.own]
PRIVATE = [p for p in WITH_PARAMS if not p.regional]
#: Pages naming no object of Alpha's (the caller's own calendar feed included).
WITHOUT_PARAMS = [p for p in PAGES if not p.params or p.own]
LOGOUT = "accounts:logout"


@pytest.fixture
def alpha(world) -> Estate:
    return build_alpha(world)


def _beta_users(alpha: Estate, world: Any) -> list[Any]:
    return [world.b.tm, world.b.sup, world.b.learner]


def _sent_to_login(response: Any) -> bool:
    return response.status_code in {301, 302} and response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_every_path_parameter_is_mapped():
    unmapped = [
        f"{page}: {param}"
        for page in WITH_PARAMS
        for param in page.params
        if param not in CHOICES and not page.kind_of(param)
    ]
    assert not unmapped, f"path parameters with no Alpha object: add them to KIND_OF/QUALIFIED: {unmapped}"
    assert WITH_PARAMS
    assert WITHOUT_PARAMS


def test_anonymous_is_sent_to_login(alpha):
    # given nobody logged in
    client, problems = login(None), []
    for page in PAGES:
        if page.name == LOGOUT:
            continue
        for url in alpha.urls(page) if page.params else ["/" + page.route]:
            for method in ("get", "post"):
                # when a page is asked for
                response = getattr(client, method)(url)
                # then it is the login page (or nothing at all), never data and never a failure
                public = not page.params and response.status_code in {200, 405}  # home, login
                if not (_sent_to_login(response) or response.status_code in {404, 405} or public):
                    problems.append(f"{method.upper()} {url} ({page.name}): {describe(response)}")
    assert not problems, "anonymous callers reached pages:\n" + "\n".join(problems)


def test_beta_users_get_404_for_alpha_ids(alpha, world):
    problems = []
    for user in _beta_users(alpha, world):
        client = login(user)
        for page in WITH_PARAMS:
            for url in alpha.urls(page, token_for=user):
                # given one of Beta's users, and a page naming Alpha's objects
                # when the page is read
                response = client.get(url)
                # then it answers as for a missing object (regional objects: readable, never a failure)
                ok = response.status_code < 500 if page.regional else response.status_code in {404, 405}
                if not ok:
                    problems.append(f"{user} GET {url} ({page.name}): {describe(response)}")
                elif page.regional and response.status_code == 200:
                    shown = [n for n in alpha.names if n in response.content.decode()]
                    if shown:
                        problems.append(f"{user} GET {url} ({page.name}) shows Alpha's {shown}")
    assert not problems, "Beta's users reached Alpha's objects:\n" + "\n".join(problems)


def test_beta_manager_posts_with_alpha_ids_are_refused_and_change_nothing(alpha, world):
    client, problems = login(world.b.tm), []
    for page in WITH_PARAMS:
        for url in alpha.urls(page, token_for=world.b.tm):
            # given Beta's manager, and the tables as they are
            before = fingerprint()
            # when a form is posted to a page naming Alpha's objects
            response = client.post(url, {})
            # then it is refused as for a missing object (a regional object: never a failure)
            ok = response.status_code < 500 if page.regional else response.status_code in {404, 405}
            if not ok:
                problems.append(f"POST {url} ({page.name}): {describe(response)}")
            # and nothing is stored
            if fingerprint() != before:
                problems.append(f"POST {url} ({page.name}) changed data")
    assert not problems, "Beta's manager wrote through Alpha's ids:\n" + "\n".join(problems)


def test_alpha_manager_reaches_the_same_pages(alpha, world):
    # the control: the refusals above came from scoping, not from broken URLs
    problems = []
    for page in PRIVATE:
        persona = CONTROL.get(page.name, "tm")
        if " " in persona:  # no control for this page, and the reason why
            continue
        user = world.coordinator if persona == "coordinator" else getattr(world.a, persona)
        client = login(user)
        for url in alpha.urls(page, token_for=user):
            response = client.get(url)
            if response.status_code == 405:  # a form target: posting must reach the object
                with transaction.atomic():
                    response = client.post(url, {})
                    transaction.set_rollback(True)
                ok = response.status_code not in {404, 405} and response.status_code < 500
            else:
                ok = response.status_code in {200, 301, 302, 303}
            if not ok:
                problems.append(f"{user} {url} ({page.name}): {describe(response)}")
    assert not problems, "Alpha's manager cannot reach Alpha's own objects:\n" + "\n".join(problems)


def test_pages_without_parameters_never_fail_nor_show_alpha(alpha, world):
    problems = []
    for user in _beta_users(alpha, world):
        client = login(user)
        for page in WITHOUT_PARAMS:
            if page.name == LOGOUT:
                continue
            # given one of Beta's users
            # when a page is read
            response = client.get(alpha.urls(page, token_for=user)[0] if page.own else "/" + page.route)
            # then it never fails, and never names Alpha's officers, units, courses, plans ...
            if response.status_code >= 500:
                problems.append(f"{user} GET /{page.route} ({page.name}): {describe(response)}")
                continue
            body = response.content.decode(errors="replace")
            shown = [n for n in alpha.names if n in body]
            if shown:
                problems.append(f"{user} GET /{page.route} ({page.name}) shows Alpha's {shown}")
    assert not problems, "\n".join(problems)
    # and the names looked for are on Alpha's own pages, so the check above could fail
    body = login(world.a.tm).get(reverse("people:officer_list")).content.decode()
    assert any(n in body for n in alpha.names), "none of Alpha's names on Alpha's officer list"
