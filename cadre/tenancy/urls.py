from django.urls import path

from cadre.tenancy import views

app_name = "tenancy"
urlpatterns = [
    path("org-units/", views.org_units, name="org_units"),
    path("org-units/new/", views.org_unit_new, name="org_unit_create"),
    path("org-units/<int:org_unit_id>/", views.org_unit_detail, name="org_unit_detail"),
    path(
        "administrations/<int:administration_id>/settings/",
        views.administration_settings,
        name="administration_settings",
    ),
    path("members/", views.memberships, name="memberships"),
    path("members/new/", views.membership_new, name="membership_create"),
    path("members/<int:membership_id>/revoke/", views.membership_remove, name="membership_revoke"),
]
