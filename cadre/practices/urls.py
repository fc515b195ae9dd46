from django.urls import path

from cadre.practices import views

app_name = "practices"
urlpatterns = [
    path("practices/", views.practice_list, name="list"),
    path("practices/workspace/", views.practice_workspace, name="workspace"),
    path("practices/new/", views.practice_create, name="create"),
    path("practices/publication/", views.publication, name="publication"),
    path("practices/<int:practice_id>/", views.practice_detail, name="detail"),
    path("practices/<int:practice_id>/edit/", views.practice_edit, name="edit"),
    path("practices/<int:practice_id>/submit/", views.practice_submit, name="submit"),
    path("practices/<int:practice_id>/comment/", views.practice_comment, name="comment"),
    path(
        "practices/<int:practice_id>/request-changes/", views.practice_request_changes, name="request_changes"
    ),
    path("practices/<int:practice_id>/publish/", views.practice_publish, name="publish"),
    path("practices/<int:practice_id>/archive/", views.practice_archive, name="archive"),
    path("practices/<int:practice_id>/translate/", views.practice_translate, name="translate"),
]
