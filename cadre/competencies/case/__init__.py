"""1EdTech CASE (1.0 and 1.1) exchange of competency frameworks: export and all-or-nothing import."""

from cadre.competencies.case.export import framework_to_case
from cadre.competencies.case.importer import ImportResult, framework_import_case

__all__ = ["ImportResult", "framework_import_case", "framework_to_case"]
