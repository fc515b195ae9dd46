"""No dead ends: every link of the page header (brand, navigation, user menu) answers 200 to the
person it is shown to."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

_HEADER = re.compile(r"<header\b.*?</header>", re.S)
_HREF = re.compile(r'href="([^"]+)"')


@pytest.mark.parametrize(
    "username", ["tm_a", "admin_a", "sup_a", "learner_a", "coordinator", "regional_admin"]
)
def test_every_navigation_link_shown_answers(client, world, username):
    # given a persona on their home page
    client.force_login(world.users[username])
    html = client.get(reverse("core:home")).content.decode()
    header = _HEADER.search(html)
    assert header is not None
    links = [url for url in _HREF.findall(header.group(0)) if url.startswith("/")]
    assert links
    # when they follow each link of the navigation, then none is a 403 or 404
    answers = {url: client.get(url).status_code for url in links}
    assert {url: status for url, status in answers.items() if status != 200} == {}
