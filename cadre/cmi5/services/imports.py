"""Import a cmi5 course package into an administration (and link it to a catalogue course)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from cadre.catalogue.selectors import course_get_editable
from cadre.catalogue.services.modules import module_create
from cadre.cmi5.models import AssignableUnit, Block, CoursePackage
from cadre.cmi5.packages import Limits, content_remove, content_store, package_read
from cadre.cmi5.vocabulary import au_iri
from cadre.core.audit import audit_record
from cadre.core.errors import invalid
from cadre.tenancy.access import MANAGERS, Actor, require_role

if TYPE_CHECKING:
    from cadre.catalogue.models import Course
    from cadre.cmi5.structure import CourseSpec
    from cadre.tenancy.models import Administration


def _structure_create(course: CoursePackage, spec: CourseSpec) -> list[AssignableUnit]:
    """Store the package's blocks (parents first) and AUs, in their course-structure order."""
    blocks: list[Block] = []
    for index, block_spec in enumerate(spec.blocks):
        parent = blocks[block_spec.parent_index] if block_spec.parent_index is not None else None
        blocks.append(
            Block.objects.create(
                package=course,
                parent=parent,
                sequence=index,
                publisher_id=block_spec.publisher_id,
                title=block_spec.title[:300],
                description=block_spec.description,
                objectives=block_spec.objectives,
            )
        )
    return AssignableUnit.objects.bulk_create(
        AssignableUnit(
            package=course,
            block=blocks[au.block_index] if au.block_index is not None else None,
            sequence=index,
            publisher_id=au.publisher_id,
            title=au.title[:300],
            description=au.description,
            url=au.url,
            launch_method=au.launch_method,
            move_on=au.move_on,
            mastery_score=au.mastery_score,
            launch_parameters=au.launch_parameters,
            entitlement_key=au.entitlement_key,
            activity_type=au.activity_type,
            objectives=au.objectives,
        )
        for index, au in enumerate(spec.aus)
    )


def _modules_link(
    actor: Actor, catalogue_course: Course, course: CoursePackage, aus: list[AssignableUnit]
) -> None:
    """Each AU becomes an xAPI module of the catalogue course, reporting under the AU's activity IRI."""
    for au_row in aus:
        au_row.package = course
        module_create(
            actor=actor.user,  # catalogue's services still take the user
            course=catalogue_course,
            code=f"CMI5-{au_row.sequence + 1}"[:40],
            title=au_row.title,
            description=au_row.description[:2000],
            kind="xapi",
            activity_iri=au_iri(au_row),
        )


def course_package_import(
    *,
    actor: Actor,
    administration: Administration,
    data: bytes,
    content_type: str,
    catalogue_course_id: int | None = None,
) -> CoursePackage:
    """Validate a package, store its structure and content; nothing is kept when it is refused.

    With a catalogue course, each AU also becomes an xAPI module of that course (its activity IRI
    is the AU's launch activity id), so AU results feed module progress through the LRS outbox.
    """
    require_role(user=actor, administration_id=administration.pk, roles=MANAGERS)
    catalogue_course = None
    if catalogue_course_id is not None:
        catalogue_course = course_get_editable(user=actor.user, course_id=catalogue_course_id)
        if catalogue_course.administration_id != administration.pk:
            raise invalid(
                "catalogue_course",
                "must be a course of the same administration",
                code="cmi5_package.course_foreign",
            )
    limits = Limits.from_settings()
    package = package_read(data=data, content_type=content_type, limits=limits)
    spec = package.course
    course = CoursePackage(
        administration=administration,
        publisher_id=spec.publisher_id,
        title=spec.title[:300],
        description=spec.description,
        titles=spec.titles,
        structure_xml=package.xml.decode("utf-8", "replace"),
        has_content=package.archive is not None,
        catalogue_course=catalogue_course,
        imported_by_id=actor.user_id,
    )
    course.content_bytes = content_store(package=package, identifier=course.identifier, limits=limits)
    try:
        with transaction.atomic():
            course.save()
            aus = _structure_create(course, spec)
            if catalogue_course is not None:
                _modules_link(actor, catalogue_course, course, aus)
            audit_record(
                actor=actor.user,
                action="create",
                instance=course,
                after={"publisher_id": course.publisher_id, "title": course.title, "aus": len(aus)},
                administration_id=administration.pk,
            )
    except BaseException:
        content_remove(identifier=course.identifier)
        raise
    return course


@transaction.atomic
def course_package_delete(*, actor: Actor, course: CoursePackage) -> None:
    """Remove an imported course, its registrations and content (statements stay in the LRS)."""
    require_role(user=actor, administration_id=course.administration_id, roles=MANAGERS)
    audit_record(
        actor=actor.user,
        action="delete",
        instance=course,
        before={"publisher_id": course.publisher_id, "title": course.title},
        administration_id=course.administration_id,
    )
    identifier = course.identifier
    course.delete()
    transaction.on_commit(lambda: content_remove(identifier=identifier))
