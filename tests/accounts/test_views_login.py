from django.urls import reverse

from tests.support import factories as f
from tests.support.world import PASSWORD

LOGIN = reverse("accounts:login")


def test_login_page_has_labelled_fields(client, db):
    # when an anonymous visitor opens the login page
    body = client.get(LOGIN).content.decode()
    # then both inputs carry a label
    assert '<label for="id_username"' in body
    assert '<label for="id_password"' in body


def test_valid_credentials_sign_in_and_go_home(client, world):
    # when the Alpha learner signs in
    response = client.post(LOGIN, {"username": "learner_a", "password": PASSWORD})
    # then they land on the home page, signed in
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert client.get(reverse("core:home")).context["user"] == world.a.learner


def test_unknown_user_and_wrong_password_answer_alike(client, world):
    # given an inactive user as well
    f.UserFactory(username="gone", is_active=False)
    # when signing in with an unknown name, a wrong password and an inactive account
    answers = [
        client.post(LOGIN, {"username": username, "password": password})
        for username, password in [("nobody", PASSWORD), ("learner_a", "wrong-password"), ("gone", PASSWORD)]
    ]
    # then each answer is the same form error: nothing tells which usernames exist
    errors = [a.context["form"].non_field_errors() for a in answers]
    assert all(a.status_code == 200 for a in answers)
    assert errors[0] == errors[1] == errors[2]
    assert errors[0]


def test_empty_form_names_the_fields(client, db):
    # when the form is sent empty
    response = client.post(LOGIN, {})
    # then each field reports that it is required
    assert set(response.context["form"].errors) == {"username", "password"}


def test_logout_needs_post(client, world):
    # given a signed-in learner
    client.force_login(world.a.learner)
    # when logging out by GET, then by POST
    by_get = client.get(reverse("accounts:logout"))
    by_post = client.post(reverse("accounts:logout"))
    # then GET is refused and POST signs out and returns to the login page
    assert by_get.status_code == 405
    assert by_post.status_code == 302
    assert by_post.url == LOGIN
    assert client.get(reverse("core:home")).status_code == 302
