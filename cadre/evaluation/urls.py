from django.urls import path

from cadre.evaluation.views import followups, pages, programmes, respond, setup

app_name = "evaluation"
urlpatterns = [
    path("evaluation/", pages.overview, name="overview"),
    path("evaluation/sessions/<int:session_id>/", pages.session_page, name="session"),
    path("evaluation/sessions/<int:session_id>/launch/", pages.session_launch, name="session_launch"),
    path("evaluation/sessions/<int:session_id>/scores/", pages.session_scores, name="session_scores"),
    path(
        "evaluation/sessions/<int:session_id>/scores/import/",
        pages.session_scores_import,
        name="session_scores_import",
    ),
    path(
        "evaluation/sessions/<int:session_id>/scores/xapi/",
        pages.session_scores_import_xapi,
        name="session_scores_import_xapi",
    ),
    path("evaluation/courses/<int:course_id>/", pages.course_page, name="course"),
    path("evaluation/instructors/<int:instructor_id>/", pages.instructor_page, name="instructor"),
    path("evaluation/programmes/", programmes.programme_list, name="programme_list"),
    path("evaluation/programmes/<int:programme_id>/", programmes.programme_page, name="programme"),
    path("evaluation/programmes/<int:programme_id>/benefits/", programmes.benefit_add, name="benefit_add"),
    path("evaluation/benefits/<int:benefit_id>/remove/", programmes.benefit_remove, name="benefit_remove"),
    path(
        "evaluation/programmes/<int:programme_id>/report.pdf", programmes.programme_pdf, name="programme_pdf"
    ),
    path("evaluation/questionnaires/", respond.my_questionnaires, name="my_questionnaires"),
    path("evaluation/questionnaires/<int:survey_id>/", respond.respond_survey, name="respond_survey"),
    path("evaluation/r/<str:token>/", respond.respond, name="respond"),
    path("evaluation/follow-ups/", followups.follow_up_list, name="follow_up_list"),
    path("evaluation/follow-ups/<int:follow_up_id>/", followups.follow_up_detail, name="follow_up_detail"),
    path("evaluation/templates/", setup.template_list, name="templates"),
    path("evaluation/settings/<int:administration_id>/", setup.settings_page, name="settings"),
    path(
        "evaluation/settings/<int:administration_id>/unit-kpis/",
        setup.unit_kpis_import,
        name="unit_kpis_import",
    ),
]
