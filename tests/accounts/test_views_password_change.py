from django.urls import reverse

from tests.support.world import PASSWORD

URL = reverse("accounts:password_change")


def test_password_change_succeeds(client, world):
    # given a signed-in learner
    client.force_login(world.a.learner)
    # when they change their password
    response = client.post(
        URL,
        {
            "old_password": PASSWORD,
            "new_password1": "a-longer-new-secret",
            "new_password2": "a-longer-new-secret",
        },
    )
    # then they return to their settings, still signed in, and the new password works
    assert response.status_code == 302
    assert response.url == reverse("accounts:settings")
    world.a.learner.refresh_from_db()
    assert world.a.learner.check_password("a-longer-new-secret")


def test_wrong_old_password_changes_nothing(client, world):
    # given a signed-in learner
    client.force_login(world.a.learner)
    # when the old password is wrong and the new ones differ
    response = client.post(URL, {"old_password": "nope", "new_password1": "abc", "new_password2": "abd"})
    # then the fields name their problems and the password is unchanged
    assert response.status_code == 200
    assert {"old_password", "new_password2"} <= set(response.context["form"].errors)
    world.a.learner.refresh_from_db()
    assert world.a.learner.check_password(PASSWORD)


def test_anonymous_is_sent_to_login(client, db):
    # when an anonymous visitor opens the page
    response = client.get(URL)
    # then they must sign in first
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
