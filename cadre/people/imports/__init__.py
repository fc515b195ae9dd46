"""Import officers from the CSV and XLSX files HR systems export (column reference: docs/officer-import.md).

``officer_import_preview`` says what a file would change; ``officer_import_apply`` applies it all or
nothing. Both refuse (404) an actor who does not manage the administration.
"""

from cadre.people.imports.officers import officer_import_apply, officer_import_preview
from cadre.people.imports.plan import ImportPlan, RowChange, RowError

__all__ = ["ImportPlan", "RowChange", "RowError", "officer_import_apply", "officer_import_preview"]
