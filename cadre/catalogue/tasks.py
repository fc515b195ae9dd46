"""Background work of the catalogue (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def catalogue_reminders() -> dict[str, int]:
    """Remind content owners of reviews due and of citations of superseded editions."""
    from cadre.catalogue.services import review_reminders_send

    run = review_reminders_send()
    return {"notices": run.notices, "emails": run.emails}
