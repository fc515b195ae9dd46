"""The learner's home, phone first: my gaps, short modules, upcoming sessions, my requests."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cadre.catalogue.selectors import modules_launchable_for
from cadre.delivery.recommendations import learner_home
from cadre.people.selectors import officer_for_user


@require_GET
@login_required
def my_learning(request: HttpRequest) -> HttpResponse:
    officer = officer_for_user(user=request.user)
    if officer is None:
        return render(request, "people/no_officer.html")
    launchable = modules_launchable_for(
        administration_id=officer.administration_id, region_id=officer.administration.region_id
    )
    return render(
        request,
        "delivery/my_learning.html",
        {"home": learner_home(officer=officer), "launchable": launchable[:50]},
    )
