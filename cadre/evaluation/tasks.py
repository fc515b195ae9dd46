"""Background work of evaluation (django-tasks): send questionnaires, remind, schedule follow-ups."""

from __future__ import annotations

from django_tasks import task

from cadre.evaluation.services.followups import follow_ups_open_due, follow_ups_schedule
from cadre.evaluation.services.questionnaires import survey_reminders_send, surveys_launch_due


@task()
def evaluation_sweep() -> dict[str, int]:
    """Send questionnaires of sessions that ended, remind, create follow-ups and open those due."""
    return {
        "surveys": surveys_launch_due(),
        "reminders": survey_reminders_send(),
        "follow_ups_scheduled": follow_ups_schedule(),
        "follow_ups_opened": follow_ups_open_due(),
    }
