"""Background processing of the LRS outbox (django-tasks), enqueued after commit."""

from __future__ import annotations

from django_tasks import task


@task()
def process_outbox() -> int:
    from cadre.lrs.evidence import outbox_process

    return outbox_process(limit=500)
