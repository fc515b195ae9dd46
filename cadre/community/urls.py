from django.urls import path

from cadre.community import views

app_name = "community"
urlpatterns = [
    path("community/events/", views.event_list, name="event_list"),
    path("community/events/new/", views.event_create, name="event_create"),
    path("community/events/<int:event_id>/", views.event_detail, name="event_detail"),
    path("community/events/<int:event_id>/participants/", views.participants, name="participants"),
    path("community/events/<int:event_id>/call/", views.call_open, name="call_open"),
    path("community/events/<int:event_id>/nominate/", views.nominate, name="nominate"),
    path(
        "community/events/<int:event_id>/evaluation/",
        views.event_evaluation_send,
        name="event_evaluation_send",
    ),
    path(
        "community/events/<int:event_id>/nominations/bulk/", views.nominations_bulk, name="nominations_bulk"
    ),
    path("community/bulk/done/", views.bulk_result, name="bulk_result"),
    path(
        "community/nominations/<int:nomination_id>/select/", views.nomination_select, name="nomination_select"
    ),
    path(
        "community/nominations/<int:nomination_id>/waitlist/",
        views.nomination_waitlist,
        name="nomination_waitlist",
    ),
    path(
        "community/nominations/<int:nomination_id>/decline/",
        views.nomination_decline,
        name="nomination_decline",
    ),
    path(
        "community/nominations/<int:nomination_id>/withdraw/",
        views.nomination_withdraw,
        name="nomination_withdraw",
    ),
    path(
        "community/nominations/<int:nomination_id>/attended/",
        views.nomination_attended,
        name="nomination_attended",
    ),
    path("community/nominations/<int:nomination_id>/certificate/", views.certificate, name="certificate"),
    path("community/experts/", views.expert_list, name="expert_list"),
    path("community/supply-demand/", views.supply_demand, name="supply_demand"),
    path(
        "community/supply-demand/<int:administration_id>/",
        views.supply_demand_administration,
        name="supply_demand_administration",
    ),
    path("community/experts/<int:expert_id>/", views.expert_detail, name="expert_detail"),
    path("community/missions/<int:mission_id>/decide/", views.mission_decide, name="mission_decide"),
]
