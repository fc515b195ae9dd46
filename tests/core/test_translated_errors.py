"""Domain errors speak the request's language: services, the API's error shape and the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cadre.catalogue.uploads import upload_check
from cadre.community.services import event_create
from cadre.core.errors import DomainError, invalid, not_found_as
from cadre.delivery.services import instructor_create
from cadre.needs.services import gap_snapshot_create
from cadre.planning.services import plan_create
from cadre.strategy.services import objective_create
from cadre.tenancy.access import actor_for
from cadre.tenancy.models import OrgUnit
from cadre.tenancy.services import org_unit_create
from tests.api.support import ApiClient, assert_error

pytestmark = pytest.mark.django_db

JA = {"accept-language": "ja"}


def _reasons(exc: pytest.ExceptionInfo[DomainError]) -> dict[str, str]:
    return {e.field: e.reason for e in exc.value.errors}


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A Japanese request must not leave Japanese active for the next test in this worker."""
    yield
    translation.activate("en")


# Services: the reason is translated when raised, in the active language


def test_a_service_error_raised_in_japanese_carries_japanese_reasons(world):
    # given a blank code and name for a new org unit
    # when the service refuses them while Japanese is active
    with translation.override("ja"), pytest.raises(DomainError) as exc:
        org_unit_create(actor=world.a.tm, administration=world.a.administration, code=" ", name="")
    # then the detail and every reason are Japanese, and the fields keep their names
    assert exc.value.detail == "組織を作成できませんでした"
    assert _reasons(exc) == {"code": "必須です", "name": "必須です"}
    assert str(exc.value) == "組織を作成できませんでした (code: 必須です; name: 必須です)"


def test_the_same_error_raised_in_english_stays_english(world):
    with pytest.raises(DomainError) as exc:
        org_unit_create(actor=world.a.tm, administration=world.a.administration, code=" ", name="")
    assert exc.value.detail == "Org unit not created"
    assert _reasons(exc) == {"code": "required", "name": "required"}


def test_interpolated_reasons_are_translated_with_their_values(world):
    # given a duplicate code in Alpha
    with translation.override("ja"), pytest.raises(DomainError) as exc:
        org_unit_create(
            actor=world.a.tm,
            administration=world.a.administration,
            code=world.a.house.code,
            name="X",
            kind="nope",
        )
    # then the reason built from a value lists that value inside the Japanese sentence
    assert _reasons(exc) == {
        "code": "この当局で既に使われています",
        "kind": "次のいずれかである必要があります：" + ", ".join(OrgUnit.Kind.values),
    }


def test_the_core_helpers_translate_their_generic_texts():
    with translation.override("ja"):
        assert invalid("start_date", "x").detail == "入力内容が正しくありません"
        with pytest.raises(DomainError) as exc, not_found_as("course_id"):
            raise Http404
    assert exc.value.as_dict() == {
        "code": "not_found",
        "field": "course_id",
        "detail": "見つかりません",
        "errors": [{"field": "course_id", "reason": "見つかりません"}],
    }


def test_community_strategy_planning_delivery_and_catalogue_errors_are_japanese(world):
    # given invalid input to a service of each of these apps, raised while Japanese is active
    today = dt.date(2026, 6, 1)
    foreign_snapshot = gap_snapshot_create(actor=world.b.tm, administration=world.b.administration)
    with translation.override("ja"):
        with pytest.raises(DomainError) as event:
            event_create(
                actor=world.coordinator,
                region=world.region,
                code="bad code!",
                title="",
                starts_on=today,
                ends_on=today - dt.timedelta(days=1),
                venue="Tokyo",
                seats=0,
            )
        with pytest.raises(DomainError) as objective:
            objective_create(
                actor=world.a.tm,
                administration=world.a.administration,
                title="",
                period_start=today,
                period_end=today - dt.timedelta(days=1),
            )
        with pytest.raises(DomainError) as plan:
            plan_create(
                actor=actor_for(world.a.tm),
                administration=world.a.administration,
                name="Plan",
                year=1999,
                budget=-1,
                snapshot_row=foreign_snapshot,
            )
        with pytest.raises(DomainError) as instructor:
            instructor_create(actor=world.a.tm, administration=world.a.administration, kind="officer")
        with pytest.raises(DomainError) as upload:
            upload_check(data=_Bytes(b""), name="slides.pdf", size=0)
    # then each names its fields with Japanese reasons
    assert _reasons(event) == {
        "code": "英字、数字、- と _ のみ（40文字以内）で入力してください",
        "title": "必須です",
        "ends_on": "開始日より前です",
        "seats": "1以上を指定してください",
    }
    assert event.value.detail == "イベントの内容が正しくありません"
    assert _reasons(objective)["title"] == "必須です"
    assert _reasons(plan) == {
        "year": "2000～2100の範囲である必要があります",
        "snapshot_id": "この当局の完了したスナップショットである必要があります",
        "budget": "負の値にはできません",
    }
    assert _reasons(instructor) == {"officer": "職員講師には職員の指定が必要です"}
    assert upload.value.detail == "ファイルを受け付けられません"
    assert _reasons(upload) == {"file": "ファイルが空です"}


class _Bytes:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        return self.data

    def seek(self, *args: int) -> int:
        return 0


# The API: Accept-Language picks the language of the standard error shape


def test_an_api_error_answers_in_the_language_the_client_accepts(world):
    client = Client()
    client.force_login(world.a.tm)
    body = {
        "officer_id": world.a.officers[1].pk,
        "competency_id": world.competencies[0].pk,
        "level": 2,
        "source": "supervisor",
        "assessed_on": "2999-01-01",
    }
    # when the same refused request is sent by a Japanese and by an English client
    ja = assert_error(ApiClient(client, JA).post("/assessments", body), 400, "assessed_on")
    en = assert_error(ApiClient(client, {"accept-language": "en"}).post("/assessments", body), 400)
    # then only the language of the texts differs: the shape and the field names are the same
    assert ja == {
        "code": ja["code"],
        "field": "assessed_on",
        "detail": "評価を記録できませんでした",
        "errors": [{"field": "assessed_on", "reason": "未来の日付にはできません"}],
    }
    assert en == {
        "code": ja["code"],
        "field": "assessed_on",
        "detail": "Assessment not recorded",
        "errors": [{"field": "assessed_on", "reason": "cannot be in the future"}],
    }


def test_an_api_404_naming_a_field_answers_in_japanese(world):
    client = Client()
    client.force_login(world.a.tm)
    response = ApiClient(client, JA).post(
        "/officers",
        {
            "administration_id": world.a.administration.pk,
            "employee_number": "J-1",
            "given_name": "Hanako",
            "family_name": "Sato",
            "org_unit_id": world.b.house.pk,
        },
    )
    assert assert_error(response, 404, "org_unit_id") == {
        "code": "not_found",
        "field": "org_unit_id",
        "detail": "見つかりません",
        "errors": [{"field": "org_unit_id", "reason": "見つかりません"}],
    }


# Pages: the reasons shown on a form are Japanese for a Japanese browser


def test_a_form_page_shows_the_service_reason_in_japanese(client, world):
    # given the Alpha training manager with a Japanese browser
    client.force_login(world.a.tm)
    before = OrgUnit.objects.count()
    # when they create an org unit whose code is already used
    response = client.post(
        reverse("tenancy:org_unit_create"),
        {
            "administration": world.a.administration.pk,
            "code": world.a.house.code,
            "name": "X",
            "kind": "office",
        },
        headers=JA,
    )
    # then the page shows the service's reason in Japanese next to the field, and nothing is stored
    assert response.status_code == 400
    assert response.context["form"].errors["code"] == ["この当局で既に使われています"]
    assert "この当局で既に使われています" in response.content.decode()
    assert "already used" not in response.content.decode()
    assert OrgUnit.objects.count() == before
