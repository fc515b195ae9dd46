from django.urls import reverse

from cadre.accounts.models import ApiToken
from cadre.accounts.services import api_token_authenticate, api_token_issue

SETTINGS = reverse("accounts:settings")
CREATE = reverse("accounts:token_create")


def test_settings_lists_only_own_tokens(client, world):
    # given a token for the Alpha learner and one for the Beta learner
    api_token_issue(user=world.a.learner, name="alpha phone")
    api_token_issue(user=world.b.learner, name="beta laptop")
    client.force_login(world.a.learner)
    # when the Alpha learner opens their settings
    response = client.get(SETTINGS)
    # then only their token and their own role show
    body = response.content.decode()
    assert "alpha phone" in body
    assert "beta laptop" not in body
    assert world.a.administration.name in body
    assert reverse("accounts:password_change") in body


def test_created_secret_is_shown_once(client, world):
    # given the Alpha learner
    client.force_login(world.a.learner)
    # when they create a token
    response = client.post(CREATE, {"name": "HR import"})
    # then the page shows a working secret, uncached, and the settings page never shows it again
    secret = response.context["issued"].secret
    assert secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert api_token_authenticate(secret=secret) == world.a.learner
    token = ApiToken.objects.get(user=world.a.learner)
    assert secret not in token.digest
    assert secret not in client.get(SETTINGS).content.decode()


def test_blank_name_shows_field_error_and_creates_nothing(client, world):
    # given the Alpha learner
    client.force_login(world.a.learner)
    # when they create a token with a blank name
    response = client.post(CREATE, {"name": "   "})
    # then the name field reports the problem and no token exists
    assert response.status_code == 400
    assert "name" in response.context["token_form"].errors
    assert not ApiToken.objects.exists()


def test_revoke_own_token(client, world):
    # given an Alpha learner's token
    issued = api_token_issue(user=world.a.learner, name="old")
    client.force_login(world.a.learner)
    # when they revoke it
    response = client.post(reverse("accounts:token_revoke", args=[issued.token.pk]))
    # then it no longer authenticates
    assert response.status_code == 302
    assert api_token_authenticate(secret=issued.secret) is None


def test_revoking_another_users_token_is_not_found_and_changes_nothing(client, world):
    # given a Beta learner's token
    issued = api_token_issue(user=world.b.learner, name="beta")
    client.force_login(world.a.learner)
    # when the Alpha learner tries to revoke it, or to revoke by GET
    response = client.post(reverse("accounts:token_revoke", args=[issued.token.pk]))
    by_get = client.get(reverse("accounts:token_revoke", args=[issued.token.pk]))
    # then it is not found and still works
    assert response.status_code == 404
    assert by_get.status_code == 405
    assert api_token_authenticate(secret=issued.secret) == world.b.learner


def test_anonymous_cannot_create(client, db):
    # when an anonymous visitor posts the form
    response = client.post(CREATE, {"name": "x"})
    # then they are sent to login and nothing is created
    assert response.status_code == 302
    assert not ApiToken.objects.exists()
