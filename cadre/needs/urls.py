from django.urls import path

from cadre.needs import views

app_name = "needs"
urlpatterns = [
    path("needs/", views.heatmap, name="heatmap"),
    path("needs/snapshots/", views.snapshot_list, name="snapshots"),
    path("needs/snapshots/run/", views.snapshot_run, name="snapshot_run"),
    path("needs/snapshots/<int:snapshot_id>/", views.snapshot_detail, name="snapshot_detail"),
    path("needs/officers/", views.unit_officers, name="unit_officers"),
    path("needs/positions/", views.position_gaps, name="positions"),
    path("needs/competencies/", views.competency_gaps, name="competencies"),
    path("needs/compare/", views.compare, name="compare"),
    path("needs/settings/", views.settings_edit, name="settings"),
    path("needs/regional/", views.regional, name="regional"),
    path("me/gaps/", views.my_gaps, name="my_gaps"),
]

# Pages that keep strategy's URL names and paths but show needs data (joined in `cadre.urls`).
strategy_urlpatterns = [
    path("strategy/alignment/", views.alignment_page, name="alignment"),
]
