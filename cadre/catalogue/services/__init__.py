"""Catalogue services (every write is audited), split by concept; import them from here."""

from cadre.catalogue.services.courses import (
    LevelPrerequisite,
    ObjectiveInput,
    course_adopt,
    course_adoption_review,
    course_create,
    course_objectives_set,
    course_prerequisites_set,
    course_update,
)
from cadre.catalogue.services.lifecycle import (
    ReminderRun,
    Supersession,
    citation_add,
    citation_remove,
    content_mark_reviewed,
    edition_supersede,
    next_version,
    notice_mark_read,
    review_reminders_send,
)
from cadre.catalogue.services.modules import Upload, module_create, module_move, module_update

__all__ = [
    "LevelPrerequisite",
    "ObjectiveInput",
    "ReminderRun",
    "Supersession",
    "Upload",
    "citation_add",
    "citation_remove",
    "content_mark_reviewed",
    "course_adopt",
    "course_adoption_review",
    "course_create",
    "course_objectives_set",
    "course_prerequisites_set",
    "course_update",
    "edition_supersede",
    "module_create",
    "module_move",
    "module_update",
    "next_version",
    "notice_mark_read",
    "review_reminders_send",
]
