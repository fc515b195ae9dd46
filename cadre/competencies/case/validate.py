"""Check a whole CFPackage without touching the database, collecting every problem found."""

from __future__ import annotations

import copy
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from cadre.competencies.case.associations import plan_associations
from cadre.competencies.case.documents import plan_document, plan_items
from cadre.competencies.case.fields import opt_list
from cadre.competencies.case.plan import PackagePlan, Problems
from cadre.competencies.case.rubrics import plan_definitions, plan_rubrics

PACKAGE_FIELDS = frozenset({"CFDocument", "CFItems", "CFAssociations", "CFDefinitions", "CFRubrics"})


def max_items() -> int:
    return int(getattr(settings, "CADRE_CASE_MAX_ITEMS", 20_000))


def max_associations() -> int:
    return int(getattr(settings, "CADRE_CASE_MAX_ASSOCIATIONS", 100_000))


def plan_package(*, package: dict[str, Any]) -> tuple[PackagePlan, Problems]:
    """Return the plan and the problems; the plan is only usable when there are none."""
    plan = PackagePlan()
    problems = Problems()
    plan_document(doc=package.get("CFDocument"), plan=plan, problems=problems)
    items = opt_list(package, "CFItems", "", problems)
    associations = opt_list(package, "CFAssociations", "", problems)
    if len(items) > max_items():
        problems.add(
            "CFItems", _("%(count)s items; the limit is %(max)s") % {"count": len(items), "max": max_items()}
        )
    if len(associations) > max_associations():
        problems.add(
            "CFAssociations",
            _("%(count)s associations; the limit is %(max)s")
            % {"count": len(associations), "max": max_associations()},
        )
    if problems and (len(items) > max_items() or len(associations) > max_associations()):
        return plan, problems

    others = {k: copy.deepcopy(v) for k, v in package.items() if k not in PACKAGE_FIELDS}
    if others:
        plan.case_extra["CFPackage"] = others
    cadre_types = plan_definitions(raw=package.get("CFDefinitions"), plan=plan, problems=problems)
    plan_items(raw_items=items, plan=plan, problems=problems, cadre_types=cadre_types)
    plan_rubrics(raw=package.get("CFRubrics"), plan=plan, problems=problems)
    plan_associations(raw_associations=associations, plan=plan, problems=problems)
    return plan, problems
