from django.contrib import admin
from django.urls import include, path, re_path

from cadre.api.root import api
from cadre.api.views import not_found as api_not_found
from cadre.cmi5.urls import launch_urlpatterns
from cadre.needs.urls import strategy_urlpatterns as needs_strategy_urlpatterns
from cadre.strategy.urls import urlpatterns as strategy_urlpatterns

urlpatterns = [
    path("", include("cadre.home.urls")),
    path("", include("cadre.core.urls")),
    path("accounts/", include("cadre.accounts.urls")),
    path("", include("cadre.tenancy.urls")),
    path("", include("cadre.calendars.urls")),
    path("", include("cadre.people.urls")),
    path("", include("cadre.competencies.urls")),
    # strategy's namespace also holds the alignment page, which needs serves (it shows needs data).
    path("", include((needs_strategy_urlpatterns + strategy_urlpatterns, "strategy"))),
    path("", include("cadre.needs.urls")),
    path("", include("cadre.catalogue.urls")),
    path("", include("cadre.delivery.urls")),
    path("", include("cadre.planning.urls")),
    path("xapi/", include("cadre.lrs.urls")),
    path("", include("cadre.cmi5.urls")),
    path("launch/", include((launch_urlpatterns, "cmi5_launch"))),
    path("", include("cadre.evaluation.urls")),
    path("", include("cadre.practices.urls")),
    path("", include("cadre.community.urls")),
    path("", include("cadre.translations.urls")),
    path("api/v1/", api.urls),
    re_path(r"^api/v1/.*$", api_not_found),  # after the API: unknown API URLs answer JSON
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
]

# Unexpected failures answer JSON to API and LRS clients (Django would answer an HTML page).
handler500 = "cadre.api.views.server_error"
