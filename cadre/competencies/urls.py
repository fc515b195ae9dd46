from django.urls import path

from cadre.competencies.views import assessments, case, frameworks, profiles

app_name = "competencies"
urlpatterns = [
    path("frameworks/", frameworks.framework_list, name="framework_list"),
    path("frameworks/import/", case.case_import, name="case_import"),
    path("frameworks/<int:framework_id>/", frameworks.framework_detail, name="framework_detail"),
    path("frameworks/<int:framework_id>/adopt/", frameworks.framework_adopt, name="framework_adopt"),
    path("frameworks/<int:framework_id>/status/", frameworks.framework_status, name="framework_status"),
    path(
        "frameworks/<int:framework_id>/competencies/new/",
        frameworks.competency_create,
        name="competency_create",
    ),
    path("frameworks/<int:framework_id>/case.json", case.case_export, name="case_export"),
    path("role-profiles/", profiles.profile_list, name="profile_list"),
    path("role-profiles/<int:profile_id>/", profiles.profile_detail, name="profile_detail"),
    path("role-profiles/new/<int:position_id>/", profiles.profile_create, name="profile_create"),
    path("assess/", assessments.assess_grid, name="assess_grid"),
    path("me/assess/", assessments.self_assess, name="self_assess"),
    path("validations/", assessments.validations, name="validations"),
]
