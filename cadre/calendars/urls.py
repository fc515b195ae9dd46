from django.urls import path

from cadre.calendars import views

app_name = "calendars"
urlpatterns = [
    path("administrations/<int:administration_id>/calendar/", views.calendar_page, name="calendar"),
    path(
        "administrations/<int:administration_id>/calendar/closures/<int:closure_id>/remove/",
        views.closure_remove,
        name="closure_remove",
    ),
]
