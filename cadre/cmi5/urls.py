from django.urls import path

from cadre.cmi5 import views

app_name = "cmi5"
urlpatterns = [
    path("cmi5/", views.package_list, name="package_list"),
    path("cmi5/import/", views.package_import, name="package_import"),
    path("cmi5/courses/<int:package_id>/", views.package_detail, name="package_detail"),
    path("cmi5/courses/<int:package_id>/delete/", views.package_delete, name="package_delete"),
    path("cmi5/aus/<int:au_id>/launch/", views.au_start, name="au_launch"),
    path(
        "cmi5/registrations/<int:registration_id>/aus/<int:au_id>/waive/",
        views.au_waive_view,
        name="au_waive",
    ),
    path("cmi5/sessions/<int:session_pk>/abandon/", views.session_abandon_view, name="session_abandon"),
]

#: Public capability URLs for launched content (no login): mounted under /launch/.
launch_urlpatterns = [
    path("fetch/<str:token>", views.fetch, name="fetch"),
    path("content/<uuid:identifier>/<path:path>", views.content, name="content"),
]
