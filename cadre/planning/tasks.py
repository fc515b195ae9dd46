"""Background plan runs (django-tasks), enqueued after commit by ``runs.plan_run_request``."""

from __future__ import annotations

from django_tasks import task

from cadre.planning.execution import plan_run_execute


@task()
def run_plan(*, run_id: int) -> str:
    """Execute a queued run; one already finished, running elsewhere or cancelled is left alone."""
    return str(plan_run_execute(run_id=run_id).status)
