"""Strategy's pages. `strategy:alignment` (/strategy/alignment/) is served by needs
(`cadre.needs.urls.strategy_urlpatterns`): it shows needs data; `cadre.urls` joins both.
"""

from django.urls import path

from cadre.strategy import views

app_name = "strategy"
urlpatterns = [
    path("strategy/", views.objective_list, name="objective_list"),
    path("strategy/new/", views.objective_create, name="objective_create"),
    path("strategy/<int:objective_id>/", views.objective_detail, name="objective_detail"),
    path("strategy/<int:objective_id>/edit/", views.objective_edit, name="objective_edit"),
    path("strategy/<int:objective_id>/kpis/", views.kpi_add, name="kpi_add"),
    path("strategy/<int:objective_id>/measurements/", views.measurement_add, name="measurement_add"),
    path("strategy/<int:objective_id>/links/", views.link_add, name="link_add"),
    path("strategy/links/<int:link_id>/remove/", views.link_remove, name="link_remove"),
]
