import datetime as dt

from django.urls import reverse
from django.utils import timezone

from cadre.accounts.models import ApiToken
from cadre.accounts.services import api_token_issue


def test_switching_to_japanese_translates_the_navigation(client, world):
    # given the Alpha training manager
    client.force_login(world.a.tm)
    # when they choose Japanese in the language switch
    client.post(reverse("set_language"), {"language": "ja", "next": reverse("core:home")})
    response = client.get(reverse("core:home"))
    # then the navigation and page speak Japanese
    body = response.content.decode()
    assert '<html lang="ja">' in body
    assert "ホーム" in body
    assert "監査ログ" in body
    assert "ログアウト" in body


def test_login_page_follows_the_browser_language(client, db):
    # when a Japanese browser opens the login page
    response = client.get(reverse("accounts:login"), headers={"accept-language": "ja"})
    # then the page is in Japanese
    body = response.content.decode()
    assert "サインイン" in body
    assert "ユーザー名" in body


def test_english_stays_the_default(client, world):
    # when a user without a language preference opens home
    client.force_login(world.a.learner)
    body = client.get(reverse("core:home")).content.decode()
    # then it is in English
    assert "Home" in body
    assert "ホーム" not in body


def test_token_dates_render_in_the_administration_time_zone(client, world):
    # given a token created at 23:00 UTC on 31 May (8:00 on 1 June in Tokyo)
    issued = api_token_issue(user=world.a.learner, name="phone")
    ApiToken.objects.filter(pk=issued.token.pk).update(
        created_at=dt.datetime(2026, 5, 31, 23, 0, tzinfo=dt.UTC)
    )
    client.force_login(world.a.learner)
    # when the learner opens their settings
    body = client.get(reverse("accounts:settings")).content.decode()
    # then the creation time is shown in Asia/Tokyo
    assert 'datetime="2026-06-01T08:00:00+09:00"' in body
    assert timezone.get_current_timezone_name() == "UTC"  # the middleware restores the default
