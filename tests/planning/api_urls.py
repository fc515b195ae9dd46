"""Mount the planning router on a test API until the lead mounts it in cadre.api.root."""

from django.urls import path
from ninja import NinjaAPI

from cadre.api import root
from cadre.planning.api import router
from cadre.urls import urlpatterns as site_urlpatterns

api = NinjaAPI(auth=root.api.auth, renderer=root.api.renderer, urls_namespace="planning-test-api")
api._exception_handlers.update(root.api._exception_handlers)
api.add_router("/planning", router)

urlpatterns = [path("api/v1/", api.urls), *site_urlpatterns]
