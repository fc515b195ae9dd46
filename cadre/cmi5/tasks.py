"""Background work of cmi5 (django-tasks): abandon launch sessions that went quiet, claim missed satisfaction."""

from __future__ import annotations

from django_tasks import task

from cadre.cmi5.services.launches import sessions_abandon_idle
from cadre.cmi5.services.satisfaction import satisfaction_sweep


@task()
def cmi5_abandon_idle(administration_id: int | None = None) -> int:
    """Record ``abandoned`` for sessions idle past ``CADRE_CMI5_IDLE_MINUTES``; answer how many."""
    return sessions_abandon_idle(administration_id=administration_id)


@task()
def cmi5_satisfaction_sweep(administration_id: int | None = None) -> int:
    """Claim the satisfaction an AU reached when its evaluation never ran; answer how many registrations."""
    return satisfaction_sweep(administration_id=administration_id)
