"""The proficiency scale as a CASE 1.1 CFRubric, and CFDefinitions, in both directions.

Encoding: one CFRubric per framework scale (identifier = the Scale's UUID, title = its name,
``extensions.cadre.role = "proficiencyScale"``) holding one CFRubricCriterion (category
"Proficiency", not tied to an item) whose CFRubricCriterionLevels are the scale levels:
``score`` and ``position`` = the level value, ``quality`` = the label, ``description`` = the
descriptor. Any other rubric is kept verbatim in ``Framework.case_extra["CFRubrics"]``.
"""

from __future__ import annotations

import copy
import uuid
from typing import Any

from django.utils.translation import gettext as _

from cadre.competencies.case.fields import as_uuid, opt_list
from cadre.competencies.case.plan import PackagePlan, Problems, ScalePlan
from cadre.competencies.case.reading import json_type
from cadre.competencies.case.vocab import EXT, case_uri, derived_id, parse_item_type_code
from cadre.competencies.models import Scale, ScaleLevel

SCALE_ROLE = "proficiencyScale"
_NAME_MAX = Scale._meta.get_field("name").max_length or 120
_LABEL_MAX = ScaleLevel._meta.get_field("label").max_length or 60
_VALUE_MAX = 32767


def scale_to_rubric(*, scale: Scale, stamp: str) -> dict[str, Any]:
    criterion_id = derived_id(scale.identifier, "criterion")
    levels = [
        {
            "identifier": (level_id := derived_id(scale.identifier, "level", level.value)),
            "uri": case_uri("CFRubricCriterionLevels", level_id),
            "quality": level.label,
            "description": level.descriptor,
            "score": level.value,
            "position": level.value,
            "rubricCriterionId": criterion_id,
            "lastChangeDateTime": stamp,
        }
        for level in scale.levels.all()
    ]
    criterion = {
        "identifier": criterion_id,
        "uri": case_uri("CFRubricCriteria", criterion_id),
        "category": "Proficiency",
        "description": f"Proficiency levels of the scale {scale.name}",
        "position": 1,
        "rubricId": str(scale.identifier),
        "lastChangeDateTime": stamp,
        "CFRubricCriterionLevels": levels,
    }
    return {
        "identifier": str(scale.identifier),
        "uri": case_uri("CFRubrics", scale.identifier),
        "title": scale.name,
        "description": "Proficiency scale",
        "lastChangeDateTime": stamp,
        "CFRubricCriteria": [criterion],
        "extensions": {EXT: {"role": SCALE_ROLE}},
    }


def plan_rubrics(*, raw: Any, plan: PackagePlan, problems: Problems) -> None:
    if raw is None:
        return
    if not isinstance(raw, list):
        problems.add("CFRubrics", _("expected a list, got %(type)s") % {"type": json_type(raw)})
        return
    kept: list[Any] = []
    for index, rubric in enumerate(raw):
        path = f"CFRubrics[{index}]"
        if not isinstance(rubric, dict):
            problems.add(path, _("expected an object, got %(type)s") % {"type": json_type(rubric)})
            continue
        ext = rubric.get("extensions")
        cadre = ext.get(EXT) if isinstance(ext, dict) else None
        if plan.scale is None and isinstance(cadre, dict) and cadre.get("role") == SCALE_ROLE:
            plan.scale = _plan_scale(rubric, path, problems)
        else:
            kept.append(copy.deepcopy(rubric))
    if kept:
        plan.case_extra["CFRubrics"] = kept


def _plan_scale(rubric: dict[str, Any], path: str, problems: Problems) -> ScalePlan | None:
    name = rubric.get("title")
    if not isinstance(name, str) or not name.strip() or len(name) > _NAME_MAX:
        problems.add(
            f"{path}.title", _("a scale needs a name of 1 to %(max)s characters") % {"max": _NAME_MAX}
        )
        return None
    criteria = opt_list(rubric, "CFRubricCriteria", path, problems)
    if not criteria or not isinstance(criteria[0], dict):
        problems.add(f"{path}.CFRubricCriteria", _("a scale needs one criterion holding its levels"))
        return None
    crit_path = f"{path}.CFRubricCriteria[0]"
    levels: list[tuple[int, str, str]] = []
    seen: set[int] = set()
    for index, level in enumerate(opt_list(criteria[0], "CFRubricCriterionLevels", crit_path, problems)):
        level_path = f"{crit_path}.CFRubricCriterionLevels[{index}]"
        if not isinstance(level, dict):
            problems.add(level_path, _("expected an object, got %(type)s") % {"type": json_type(level)})
            continue
        score = level.get("score")
        if isinstance(score, float) and score.is_integer():
            score = int(score)
        if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= _VALUE_MAX:
            problems.add(
                f"{level_path}.score", _("expected a whole number from 0 to %(max)s") % {"max": _VALUE_MAX}
            )
            continue
        if score in seen:
            problems.add(f"{level_path}.score", _("level %(score)s appears twice") % {"score": score})
            continue
        label = level.get("quality")
        if not isinstance(label, str) or not label.strip() or len(label) > _LABEL_MAX:
            problems.add(
                f"{level_path}.quality",
                _("expected a label of 1 to %(max)s characters") % {"max": _LABEL_MAX},
            )
            continue
        descriptor = level.get("description", "")
        if not isinstance(descriptor, str):
            problems.add(
                f"{level_path}.description",
                _("expected a string, got %(type)s") % {"type": json_type(descriptor)},
            )
            continue
        seen.add(score)
        levels.append((score, label, descriptor))
    if not levels:
        problems.add(f"{crit_path}.CFRubricCriterionLevels", _("a scale needs at least one level"))
        return None
    return ScalePlan(identifier=as_uuid(rubric.get("identifier")), name=name, levels=sorted(levels))


def plan_definitions(*, raw: Any, plan: PackagePlan, problems: Problems) -> dict[uuid.UUID, tuple[str, str]]:
    """Keep foreign definitions verbatim; return Cadre's own item types found, by identifier."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.add("CFDefinitions", _("expected an object, got %(type)s") % {"type": json_type(raw)})
        return {}
    cadre_types: dict[uuid.UUID, tuple[str, str]] = {}
    kept: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "extensions" or not key.startswith("CF"):
            kept[key] = copy.deepcopy(value)
            continue
        if not isinstance(value, list):
            problems.add(
                f"CFDefinitions.{key}", _("expected a list, got %(type)s") % {"type": json_type(value)}
            )
            continue
        entries = []
        for index, entry in enumerate(value):
            if not isinstance(entry, dict):
                problems.add(
                    f"CFDefinitions.{key}[{index}]",
                    _("expected an object, got %(type)s") % {"type": json_type(entry)},
                )
                continue
            pair = parse_item_type_code(str(entry.get("typeCode", ""))) if key == "CFItemTypes" else None
            identifier = as_uuid(entry.get("identifier"))
            if pair is not None and identifier is not None:
                cadre_types[identifier] = pair
            else:
                entries.append(copy.deepcopy(entry))
        if entries:
            kept[key] = entries
    if kept:
        plan.case_extra["CFDefinitions"] = kept
    return cadre_types
