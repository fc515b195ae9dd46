"""Django admin is a superuser-only back office: staff flags alone do not open it.

Tenant data is edited through Cadre's scoped pages and services; the admin bypasses both, so it is
reserved to the installation's operators.
"""

from __future__ import annotations

from types import MethodType

from django.contrib import admin
from django.contrib.admin import AdminSite
from django.http import HttpRequest


def _superuser_only(self: AdminSite, request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_superuser)


admin.site.has_permission = MethodType(_superuser_only, admin.site)  # type: ignore[method-assign]
admin.site.site_header = "Cadre"
admin.site.site_title = "Cadre"
