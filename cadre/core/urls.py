from django.urls import path
from django.views.generic import RedirectView

from cadre.core import picker_views, views

app_name = "core"
urlpatterns = [
    # The landing page lives in cadre.home (mounted first at ""); "core:home" still reverses to it.
    path("", RedirectView.as_view(pattern_name="home:home"), name="home"),
    path("audit/", views.audit_log, name="audit"),
    path("pickers/", picker_views.picker_options, name="picker"),
]
