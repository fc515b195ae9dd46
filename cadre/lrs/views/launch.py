"""The officer starts an xAPI module: a POST (CSRF-checked) that issues a launch and redirects to it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from cadre.catalogue.selectors import module_get_launchable
from cadre.lrs.module_launch import module_launch_start
from cadre.people.selectors import officer_for_user


@login_required
@require_POST
def module_launch(request: HttpRequest, module_id: int) -> HttpResponse:
    officer = officer_for_user(user=request.user)
    if officer is None:
        raise Http404("Not found")
    module = module_get_launchable(
        administration_id=officer.administration_id,
        region_id=officer.administration.region_id,
        module_id=module_id,
    )
    launch = module_launch_start(
        officer=officer,
        module=module,
        endpoint=request.build_absolute_uri(reverse("lrs:about").removesuffix("about")),
        home_page=request.build_absolute_uri("/"),
        return_url=request.build_absolute_uri(reverse("people:me")),
    )
    return HttpResponseRedirect(launch.url)
