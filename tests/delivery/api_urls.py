"""A URLconf mounting the delivery router on a test API until the lead mounts it in cadre.api.root.

It reuses the root API's authentication, renderer and error handlers, so responses have the one
error shape; paths are /api/v1/delivery/... as they will be once mounted.
"""

from django.urls import path
from ninja import NinjaAPI

from cadre.api import root
from cadre.delivery.api import router
from cadre.urls import urlpatterns as site_urlpatterns

api = NinjaAPI(auth=root.api.auth, renderer=root.api.renderer, urls_namespace="delivery-test-api")
api._exception_handlers.update(root.api._exception_handlers)
api.add_router("/delivery", router)

urlpatterns = [path("api/v1/", api.urls), *site_urlpatterns]
