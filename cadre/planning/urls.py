from django.urls import path

from cadre.planning import views

app_name = "planning"
urlpatterns = [
    path("plans/", views.plan_list, name="list"),
    path("plans/new/", views.plan_create, name="create"),
    path("plans/<int:plan_id>/", views.plan_detail, name="detail"),
    path("plans/<int:plan_id>/solve/", views.plan_solve, name="solve"),
    path("plans/<int:plan_id>/scenarios/", views.plan_scenarios, name="scenarios"),
    path("plans/<int:plan_id>/publish/", views.plan_publish, name="publish"),
    path(
        "plans/<int:plan_id>/assignments/<int:assignment_id>/lock/",
        views.assignment_lock,
        name="assignment_lock",
    ),
    path("plans/<int:plan_id>/assignments/", views.plan_assignments, name="assignments"),
    path("plans/<int:plan_id>/sessions/<int:session_id>/lock/", views.session_lock, name="session_lock"),
    path("plans/<int:plan_id>/officers/<int:officer_id>/", views.officer_explanation, name="explanation"),
    path("plans/<int:plan_id>/runs/<int:run_id>/", views.run_status, name="run"),
    path("plans/<int:plan_id>/runs/<int:run_id>/cancel/", views.run_cancel, name="run_cancel"),
    path("plans/<int:plan_id>/runs/<int:run_id>/reproduce/", views.run_reproduce, name="run_reproduce"),
    path("plans/<int:plan_id>/runs/<int:run_id>/input.json", views.run_input, name="run_input"),
    path("plans/<int:plan_id>/resources/", views.plan_resources, name="resources"),
    path("plans/<int:plan_id>/budgets/<int:budget_id>/remove/", views.budget_remove, name="budget_remove"),
]
