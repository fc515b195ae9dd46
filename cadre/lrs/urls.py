from django.urls import path

from cadre.lrs.http import xapi_endpoint
from cadre.lrs.views import documents, launch, pages, statements

app_name = "lrs"
urlpatterns = [
    path("statements", xapi_endpoint(statements.statements, consistent_through=True), name="statements"),
    path("activities/state", xapi_endpoint(documents.state), name="state"),
    path("activities/profile", xapi_endpoint(documents.activity_profile), name="activity_profile"),
    path("agents/profile", xapi_endpoint(documents.agent_profile), name="agent_profile"),
    path("activities", xapi_endpoint(documents.activities), name="activities"),
    path("agents", xapi_endpoint(documents.agents), name="agents"),
    path("about", xapi_endpoint(documents.about, needs_version=False, needs_auth=False), name="about"),
    path("clients/", pages.clients, name="clients"),
    path("clients/<int:client_id>/revoke", pages.client_revoke, name="client_revoke"),
    path("launch/<int:module_id>/", launch.module_launch, name="module_launch"),
]
