from django.urls import path

from cadre.core import picker_views, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", views.audit_log, name="audit"),
    path("pickers/", picker_views.picker_options, name="picker"),
]
