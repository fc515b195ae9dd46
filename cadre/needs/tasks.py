"""Background runs of the gap engine (django-tasks), enqueued after commit."""

from __future__ import annotations

from django_tasks import task

from cadre.needs.models import GapSnapshot


@task()
def run_gap_snapshot(*, snapshot_id: int) -> str:
    """Compute a queued snapshot; a snapshot already done or gone is left alone."""
    from cadre.needs.services import gap_snapshot_run

    row = GapSnapshot.objects.select_related("administration").filter(pk=snapshot_id).first()
    if row is None or row.status == GapSnapshot.Status.DONE:
        return "skipped"
    return gap_snapshot_run(snapshot_row=row).status
