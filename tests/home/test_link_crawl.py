"""No dead ends: every internal link a persona is shown answers them without a 4xx or 5xx.

For each persona of the test world (with Alpha's objects of every kind, see
``tests.core.pages_support.build_alpha``), log in, start at the home page and follow every
internal link shown, page after page. Repeated URL patterns are sampled: at most three URLs per
pattern (``/sessions/<id>/`` is visited for three sessions, not all of them).
"""

from __future__ import annotations

import re
from collections import Counter, deque
from html import unescape
from typing import Any
from urllib.parse import urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

from cadre.delivery.models import Instructor, Session
from cadre.tenancy.types import Role
from tests.core.pages_support import build_alpha
from tests.support import factories as f

PER_PATTERN = 3
HREF = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*["']([^"'#][^"']*)["']""", re.IGNORECASE)
#: Not pages a person browses: static files, the Django admin, the API and LRS endpoints.
SKIP = ("/static/", "/media/", "/django-admin/", "/api/", "/xapi/statements", "/launch/", "/i18n/")


def _links(html: str) -> list[str]:
    found = []
    for href in HREF.findall(html):
        href = unescape(href)
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue  # another site, mailto:, or a relative oddity
        if parts.path.startswith(SKIP):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _pattern(path: str) -> str:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return path  # answered 404 below anyway
    return f"{match.view_name}:{match.route}"


def crawl(client: Client, start: str = "/") -> tuple[list[str], list[str]]:
    """Visit every link reachable from ``start`` (sampled per pattern); return (visited, failures)."""
    queue: deque[tuple[str, str]] = deque([(start, "(start)")])
    seen: set[str] = {start}
    per_pattern: Counter[str] = Counter()
    visited: list[str] = []
    failures: list[str] = []
    while queue:
        url, source = queue.popleft()
        pattern = _pattern(url)
        if per_pattern[pattern] >= PER_PATTERN:
            continue
        per_pattern[pattern] += 1
        response = client.get(url, follow=True)
        visited.append(url)
        if response.status_code >= 400:
            failures.append(f"{response.status_code} {url} (linked from {source})")
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for link in _links(response.content.decode()):
            if link not in seen:
                seen.add(link)
                queue.append((link, url))
    return visited, failures


def _instructor_persona(world: Any) -> Any:
    """An Alpha officer with a login who teaches Alpha's sessions (the world has no such persona)."""
    user = f.UserFactory(username="instructor_a")
    f.MembershipFactory(user=user, role=Role.INSTRUCTOR, administration=world.a.administration)
    officer = world.a.officers[3]
    officer.user = user
    officer.save(update_fields=["user"])
    instructor = Instructor.objects.create(administration=world.a.administration, officer=officer)
    for session in Session.objects.filter(administration=world.a.administration):
        session.instructors.add(instructor)
    return user


def test_no_persona_is_shown_a_link_that_fails(world):
    # given Alpha with objects of every kind, and its personas (an instructor added)
    build_alpha(world)
    personas = {
        "manager": world.a.tm,
        "admin": world.a.admin,
        "supervisor": world.a.sup,
        "officer": world.a.learner,
        "instructor": _instructor_persona(world),
        "regional coordinator": world.coordinator,
        "regional admin": world.regional_admin,
    }
    failures: list[str] = []
    for name, user in personas.items():
        client = Client(raise_request_exception=False)
        client.force_login(user)
        # when the persona follows every link shown, from the home page on
        visited, failed = crawl(client)
        assert len(visited) > 5, f"{name}: only {visited} reachable"
        failures += [f"{name}: {failure}" for failure in failed]
    # then none answered 4xx or 5xx
    assert not failures, "\n".join(failures)
