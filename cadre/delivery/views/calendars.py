"""iCalendar feeds (per officer, instructor and session) and the page that issues their secret link.

A feed answers either to the browser session or to a per-user secret in its URL (calendar apps
cannot log in); a wrong or revoked secret answers 404, like a missing feed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cadre.delivery import ical, services
from cadre.delivery.models import Session
from cadre.delivery.selectors import (
    calendar_sessions_for_instructor,
    calendar_sessions_for_officer,
    calendar_token_exists,
    calendar_user_for_token,
    instructor_for_user,
    instructor_get_for_user,
    session_get_for_user,
)
from cadre.people.selectors import officer_for_user


def _caller(request: HttpRequest, token: str | None) -> Any:
    if token is None:
        if not request.user.is_authenticated:
            raise Http404("Not found")
        return request.user
    user = calendar_user_for_token(token_hash=services.calendar_token_hash(token))
    if user is None:
        raise Http404("Not found")
    return user


def _event(session: Session) -> ical.Event:
    instructors = ", ".join(str(i) for i in session.instructors.all())
    location = " · ".join(p for p in (session.venue, session.room) if p) or session.online_url
    description = "\n".join(
        line
        for line in (
            session.course.title,
            _("Instructors: %(names)s") % {"names": instructors} if instructors else "",
            _("Online: %(url)s") % {"url": session.online_url} if session.online_url else "",
        )
        if line
    )
    return ical.Event(
        uid=f"{session.identifier}@cadre",
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        summary=f"{session.course.code} {session.course.title}",
        location=location,
        description=description,
        url=session.online_url,
        cancelled=session.status == Session.Status.CANCELLED,
    )


def _feed(name: str, sessions: list[Session], filename: str) -> HttpResponse:
    body = ical.calendar(name=name, events=[_event(s) for s in sessions], now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_GET
def feed_me(request: HttpRequest, token: str | None = None) -> HttpResponse:
    user = _caller(request, token)
    officer = officer_for_user(user=user)
    if officer is None:
        raise Http404("Not found")
    return _feed(_("My training sessions"), calendar_sessions_for_officer(officer=officer), "my-sessions.ics")


@require_GET
def feed_instructor(request: HttpRequest, instructor_id: int, token: str | None = None) -> HttpResponse:
    user = _caller(request, token)
    instructor = instructor_get_for_user(user=user, instructor_id=instructor_id)
    sessions = calendar_sessions_for_instructor(instructor=instructor)
    return _feed(_("Teaching: %(name)s") % {"name": instructor}, sessions, f"instructor-{instructor.pk}.ics")


@require_GET
def feed_session(request: HttpRequest, session_id: int, token: str | None = None) -> HttpResponse:
    user = _caller(request, token)
    session = session_get_for_user(user=user, session_id=session_id)
    return _feed(str(session.course), [session], f"session-{session.pk}.ics")


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    """Shows the feed links; a freshly issued secret is shown once."""
    token = request.session.pop("cadre_calendar_token", None)
    instructor = instructor_for_user(user=request.user)
    links = {}
    if token:
        links["me"] = request.build_absolute_uri(reverse("delivery:feed_me_token", kwargs={"token": token}))
        if instructor is not None:
            links["instructor"] = request.build_absolute_uri(
                reverse(
                    "delivery:feed_instructor_token", kwargs={"token": token, "instructor_id": instructor.pk}
                )
            )
    return render(
        request,
        "delivery/calendar.html",
        {"links": links, "has_token": calendar_token_exists(user=request.user), "instructor": instructor},
    )


@require_POST
@login_required
def calendar_token(request: HttpRequest) -> HttpResponse:
    if request.POST.get("action") == "revoke":
        services.calendar_token_revoke(user=request.user)
        messages.success(request, _("Calendar link revoked: subscribed calendars stop updating."))
    else:
        request.session["cadre_calendar_token"] = services.calendar_token_issue(user=request.user)
        messages.success(request, _("New calendar link issued; any older link stops working."))
    return redirect("delivery:calendar")
