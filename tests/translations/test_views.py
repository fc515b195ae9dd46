"""Translated data: a manager edits a record's texts per language; pages show the viewer's language,
falling back to the original; another administration's manager gets 404 and changes nothing."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from cadre.catalogue.services.courses import course_create
from cadre.core.models import AuditEvent
from cadre.translations.hooks import translatable_kind
from cadre.translations.models import TranslatedText
from cadre.translations.services import translations_save

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_after():
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def course(world):
    course = course_create(
        actor=world.a.tm,
        administration=world.a.administration,
        code="VAL-101",
        title="Customs valuation basics",
        description="Transaction value and its adjustments.",
    )
    return course


def edit_url(kind, pk):
    return reverse("translations:edit", args=[kind, pk])


def get_in(client, url, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(url)


def test_manager_saves_a_japanese_title_and_the_japanese_pages_show_it(client, world, course):
    # given Alpha's manager
    client.force_login(world.a.tm)
    # when they give the course a Japanese title (description left blank)
    response = client.post(
        edit_url("course", course.pk), {"title__ja": "関税評価の基礎", "description__ja": "", "title__en": ""}
    )
    # then it is stored, audited, and the Japanese catalogue and course page show it
    assert response.status_code == 302
    assert (
        TranslatedText.objects.get(kind="course", record_id=course.pk, language="ja").text == "関税評価の基礎"
    )
    assert AuditEvent.objects.filter(entity_id=str(course.pk), action="update").exists()
    ja_list = get_in(client, reverse("catalogue:course_list"), "ja").content.decode()
    ja_page = get_in(client, reverse("catalogue:course_detail", args=[course.pk]), "ja").content.decode()
    assert "関税評価の基礎" in ja_list
    assert "関税評価の基礎" in ja_page
    # and the description, not translated, falls back to the original
    assert "Transaction value and its adjustments." in ja_page
    # the English pages keep the original
    en_page = get_in(client, reverse("catalogue:course_detail", args=[course.pk]), "en").content.decode()
    assert "Customs valuation basics" in en_page
    assert "関税評価の基礎" not in en_page


def test_japanese_search_finds_the_translated_title(client, world, course):
    translations_save(
        actor=world.a.tm, kind=translatable_kind("course"), record=course, texts={("title", "ja"): "関税評価"}
    )
    client.force_login(world.a.tm)
    page = get_in(client, reverse("catalogue:course_list") + "?q=関税", "ja").content.decode()
    assert "VAL-101" in page


def test_competency_names_are_shown_in_japanese_with_fallback(client, world):
    translated, untranslated = world.competencies[0], world.competencies[1]
    translations_save(
        actor=world.regional_admin,
        kind=translatable_kind("competency"),
        record=translated,
        texts={("title", "ja"): "関税分類"},
    )
    client.force_login(world.a.tm)
    page = get_in(
        client, reverse("competencies:framework_detail", args=[world.regional_framework.pk]), "ja"
    ).content.decode()
    assert "関税分類" in page
    assert untranslated.title.replace("&", "&amp;") in page


def test_foreign_manager_cannot_see_or_edit_translations(client, world, course):
    # given Beta's manager and an Alpha course, objective-free
    client.force_login(world.b.tm)
    url = edit_url("course", course.pk)
    # when they open or post the translation page
    assert client.get(url).status_code == 404
    assert client.post(url, {"title__ja": "乗っ取り"}).status_code == 404
    # then nothing is stored
    assert not TranslatedText.objects.exists()


@pytest.mark.parametrize("kind", ["competency", "role_profile"])
def test_foreign_manager_gets_404_on_every_kind(client, world, kind):
    record = {"competency": world.a.framework.competencies.first(), "role_profile": world.a.profile}[kind]
    if record is None:  # Alpha's national framework may hold no competency in the fixture
        record = world.a.profile
        kind = "role_profile"
    client.force_login(world.b.tm)
    assert client.get(edit_url(kind, record.pk)).status_code == 404
    client.force_login(world.a.tm)
    assert client.get(edit_url(kind, record.pk)).status_code == 200


def test_learner_and_unknown_kind_get_404(client, world, course):
    client.force_login(world.a.learner)
    assert client.get(edit_url("course", course.pk)).status_code == 404
    client.force_login(world.a.tm)
    assert client.get(edit_url("nope", course.pk)).status_code == 404


def test_unknown_language_is_refused_and_nothing_changes(world, course):
    from cadre.core.errors import DomainError

    with pytest.raises(DomainError) as err:
        translations_save(
            actor=world.a.tm,
            kind=translatable_kind("course"),
            record=course,
            texts={("title", "ja"): "関税", ("title", "xx"): "?"},
        )
    assert [e.field for e in err.value.errors] == ["title.xx"]
    assert not TranslatedText.objects.exists()


def test_a_blank_text_removes_the_translation(world, course):
    kind = translatable_kind("course")
    translations_save(actor=world.a.tm, kind=kind, record=course, texts={("title", "ja"): "関税"})
    assert translations_save(actor=world.a.tm, kind=kind, record=course, texts={("title", "ja"): "  "}) == 1
    assert not TranslatedText.objects.exists()


def test_course_list_queries_do_not_grow_with_translated_rows(client, world, django_assert_max_num_queries):
    kind = translatable_kind("course")
    for i in range(12):
        c = course_create(
            actor=world.a.tm, administration=world.a.administration, code=f"C-{i:02}", title=f"Course {i}"
        )
        translations_save(actor=world.a.tm, kind=kind, record=c, texts={("title", "ja"): f"講座 {i}"})
    client.force_login(world.a.tm)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"
    client.get(reverse("catalogue:course_list"))  # warm the session and caches
    with django_assert_max_num_queries(15):
        page = client.get(reverse("catalogue:course_list")).content.decode()
    assert "講座 11" in page


def test_api_returns_the_title_in_the_requested_language(client, world, course):
    translations_save(
        actor=world.a.tm, kind=translatable_kind("course"), record=course, texts={("title", "ja"): "関税評価"}
    )
    client.force_login(world.a.tm)
    ja = client.get("/api/v1/catalogue/courses", HTTP_ACCEPT_LANGUAGE="ja")
    en = client.get("/api/v1/catalogue/courses", HTTP_ACCEPT_LANGUAGE="en")
    assert ja.status_code == 200, ja.content
    (row,) = [r for r in ja.json()["items"] if r["code"] == "VAL-101"]
    assert (row["title"], row["title_translated"]) == ("Customs valuation basics", "関税評価")
    (row,) = [r for r in en.json()["items"] if r["code"] == "VAL-101"]
    assert row["title_translated"] == "Customs valuation basics"


def test_questionnaire_and_question_translations_reach_the_respondent_pages(client, world):
    from cadre.evaluation.services.questionnaires import QuestionInput, questionnaire_template_create

    template = questionnaire_template_create(
        actor=world.a.tm,
        administration=world.a.administration,
        name="After the course",
        kind="reaction",
        anonymous=True,
        questions=[QuestionInput("likert", "The course was useful for my work")],
    )
    question = template.questions.get()
    client.force_login(world.a.tm)
    assert (
        client.post(edit_url("questionnaire", template.pk), {"name__ja": "研修終了時アンケート"}).status_code
        == 302
    )
    assert (
        client.post(edit_url("question", question.pk), {"prompt__ja": "研修は業務に役立った"}).status_code
        == 302
    )
    page = get_in(client, reverse("evaluation:templates"), "ja").content.decode()
    assert "研修終了時アンケート" in page
    assert "研修は業務に役立った" in page
    client.force_login(world.b.tm)
    assert client.get(edit_url("question", question.pk)).status_code == 404


def test_framework_api_returns_competency_titles_in_the_requested_language(client, world):
    competency = world.competencies[0]
    translations_save(
        actor=world.regional_admin,
        kind=translatable_kind("competency"),
        record=competency,
        texts={("title", "ja"): "関税分類"},
    )
    client.force_login(world.a.tm)
    url = f"/api/v1/frameworks/{world.regional_framework.pk}/competencies"
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 200, response.content
    row = next(r for r in response.json()["items"] if r["id"] == competency.pk)
    assert (row["title"], row["title_translated"]) == (competency.title, "関税分類")
