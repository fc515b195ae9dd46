from django.contrib import admin
from django.urls import include, path

from cadre.api.root import api

urlpatterns = [
    path("", include("cadre.core.urls")),
    path("accounts/", include("cadre.accounts.urls")),
    path("", include("cadre.tenancy.urls")),
    path("", include("cadre.people.urls")),
    path("", include("cadre.competencies.urls")),
    path("", include("cadre.strategy.urls")),
    path("", include("cadre.needs.urls")),
    path("", include("cadre.catalogue.urls")),
    path("", include("cadre.delivery.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
]
