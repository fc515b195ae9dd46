"""Catalogue selectors: who reads and edits what, review dates, the obsolescence scope."""

from __future__ import annotations

import datetime as dt

import pytest

from cadre.catalogue import selectors as sel
from cadre.catalogue.models import Course
from tests.support import factories as f
from tests.support.errors import NOT_FOUND

pytestmark = pytest.mark.django_db


def test_regional_catalogue_is_read_by_the_whole_region_and_edited_by_regional_admins(cat):
    w = cat.world
    for user in (w.a.learner, w.b.tm, w.coordinator, w.regional_admin):
        assert sel.course_get_for_user(user=user, course_id=cat.regional.pk) == cat.regional
    assert sel.course_get_editable(user=w.regional_admin, course_id=cat.regional.pk) == cat.regional
    for user in (w.a.tm, w.coordinator):
        with pytest.raises(NOT_FOUND):
            sel.course_get_editable(user=user, course_id=cat.regional.pk)


def test_national_courses_stay_in_their_administration(cat):
    w = cat.world
    assert set(sel.courses_visible_to(user=w.b.learner)) == {cat.regional, cat.course_b}
    assert set(sel.courses_visible_to(user=w.regional_admin)) == {cat.regional}
    with pytest.raises(NOT_FOUND):
        sel.course_get_for_user(user=w.b.tm, course_id=cat.course_a.pk)
    other_region = f.AdministrationFactory(region=f.RegionFactory(code="eu", name="Europe"))
    outsider = f.UserFactory(username="outsider")
    f.MembershipFactory(user=outsider, role="training_manager", administration=other_region)
    assert not sel.courses_visible_to(user=outsider).exists()


@pytest.mark.parametrize(
    ("reviewed", "months", "today", "overdue", "soon"),
    [
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29), False, True),  # month end clamps
        (dt.date(2024, 1, 31), 1, dt.date(2024, 3, 1), True, False),
        (dt.date(2025, 6, 1), 24, dt.date(2027, 5, 10), False, True),
        (dt.date(2025, 6, 1), 24, dt.date(2026, 1, 1), False, False),
    ],
)
def test_review_state(reviewed, months, today, overdue, soon):
    course = Course(last_reviewed_on=reviewed, review_interval_months=months)
    state = sel.review_state(item=course, today=today)
    assert (state.overdue, state.due_soon) == (overdue, soon)


def test_content_owner_who_is_not_a_manager_sees_their_own_items(cat):
    w = cat.world
    Course.objects.filter(pk=cat.course_a.pk).update(owner=w.a.learner, last_reviewed_on=dt.date(2020, 1, 1))
    assert sel.obsolescence_visible_to(user=w.a.learner)
    assert [i.item.code for i in sel.obsolescence_report(user=w.a.learner).items] == ["A-VAL"]
    assert not sel.obsolescence_visible_to(user=w.b.learner)


def test_retired_content_is_not_flagged(cat):
    Course.objects.filter(pk=cat.course_a.pk).update(last_reviewed_on=dt.date(2020, 1, 1), status="retired")
    assert "A-VAL" not in [i.item.code for i in sel.obsolescence_report(user=cat.world.a.tm).items]
