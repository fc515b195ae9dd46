"""Background processing of the LRS outbox (django-tasks), enqueued after commit."""

from __future__ import annotations

from django_tasks import task

from cadre.lrs.evidence import outbox_process


@task()
def process_outbox() -> int:
    done = outbox_process(limit=500)
    if done == 500:  # more is waiting: keep draining in a fresh task
        process_outbox.enqueue()
    return done
