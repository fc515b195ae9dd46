from django.urls import reverse

from tests.support import factories as f
from tests.support.world import PASSWORD

ADMIN = reverse("admin:index")


def test_superuser_gets_in(client, db):
    # given a superuser
    client.force_login(f.UserFactory(username="root", is_staff=True, is_superuser=True))
    # when they open the Django admin
    # then it answers
    assert client.get(ADMIN).status_code == 200


def test_staff_without_superuser_is_kept_out(client, db):
    # given a staff user who is not a superuser
    f.UserFactory(username="staffer", is_staff=True)
    # when they sign in through the admin's own login form and open the admin
    client.post(reverse("admin:login"), {"username": "staffer", "password": PASSWORD, "next": ADMIN})
    response = client.get(ADMIN)
    # then they are sent back to the login page instead of the admin
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_training_manager_is_kept_out(client, world):
    # given a training manager
    client.force_login(world.a.tm)
    # when they open an admin change list
    response = client.get(reverse("admin:auth_user_changelist"))
    # then they do not reach it
    assert response.status_code == 302
