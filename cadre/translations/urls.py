from django.urls import path

from cadre.translations import views

app_name = "translations"
urlpatterns = [
    path("translations/<slug:record_kind>/<int:record_id>/", views.translations_edit, name="edit"),
]
