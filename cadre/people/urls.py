from django.urls import path

from cadre.people import views

app_name = "people"
urlpatterns = [
    path("me/", views.me, name="me"),
    path("officers/", views.officer_list, name="officer_list"),
    path("officers/import/", views.officer_import, name="officer_import"),
    path("officers/<int:officer_id>/", views.officer_detail, name="officer_detail"),
]
