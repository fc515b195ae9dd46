from django.urls import path

from cadre.delivery.views import calendars, enrolments, instructors, learner, nominations, roster, sessions

app_name = "delivery"
urlpatterns = [
    path("learning/", learner.my_learning, name="my_learning"),
    path("sessions/", sessions.session_list, name="session_list"),
    path("sessions/new/", sessions.session_create, name="session_create"),
    path("sessions/<int:session_id>/", sessions.session_detail, name="session_detail"),
    path("sessions/<int:session_id>/request/", sessions.session_request, name="session_request"),
    path("sessions/<int:session_id>/nominate/", sessions.session_nominate, name="session_nominate"),
    path(
        "sessions/<int:session_id>/nominate-unit/",
        nominations.session_nominate_unit,
        name="session_nominate_unit",
    ),
    path("sessions/<int:session_id>/cancel/", sessions.session_cancel, name="session_cancel"),
    path("sessions/<int:session_id>/roster/", roster.session_roster_page, name="session_roster"),
    path("enrolments/", nominations.enrolment_list, name="enrolment_list"),
    path("enrolments/bulk/", nominations.enrolment_bulk, name="enrolment_bulk"),
    path("enrolments/bulk/done/", nominations.bulk_result, name="bulk_result"),
    path(
        "enrolments/<int:enrolment_id>/<slug:action>/", enrolments.enrolment_action, name="enrolment_action"
    ),
    path("enrolments/<int:enrolment_id>/certificate.pdf", enrolments.certificate, name="certificate"),
    path("instructors/", instructors.instructor_list, name="instructor_list"),
    path("instructors/new/", instructors.instructor_create, name="instructor_create"),
    path("instructors/supply-demand/", instructors.supply_demand_report, name="supply_demand"),
    path("instructors/<int:instructor_id>/", instructors.instructor_detail, name="instructor_detail"),
    path("delivery/policy/", instructors.policy_edit, name="policy"),
    path("calendar/", calendars.calendar_page, name="calendar"),
    path("calendar/token/", calendars.calendar_token, name="calendar_token"),
    path("calendar/me.ics", calendars.feed_me, name="feed_me"),
    path("calendar/instructors/<int:instructor_id>.ics", calendars.feed_instructor, name="feed_instructor"),
    path("calendar/sessions/<int:session_id>.ics", calendars.feed_session, name="feed_session"),
    path("calendar/<str:token>/me.ics", calendars.feed_me, name="feed_me_token"),
    path(
        "calendar/<str:token>/instructors/<int:instructor_id>.ics",
        calendars.feed_instructor,
        name="feed_instructor_token",
    ),
    path(
        "calendar/<str:token>/sessions/<int:session_id>.ics",
        calendars.feed_session,
        name="feed_session_token",
    ),
]
