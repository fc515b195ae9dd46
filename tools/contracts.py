"""An import-linter contract: apps reach each other only through their public faces.

The layers contract in pyproject.toml says which app may import which. This one says *what* it may
import: another app's ``services``, ``selectors``, ``types``, ``errors`` and ``hooks`` (the typed
registries a lower app offers to higher ones), and ``cadre.tenancy.access`` (the scoping mechanism
and the ``Actor``). Everything of ``cadre.core`` is shared kernel. A ``models`` module (or a
migration) may name another app's models for foreign keys; the composition roots may import what
they compose: ``cadre.api`` the apps' ``api`` routers, ``cadre.demo`` their ``demo`` loaders, and the
project modules (``cadre.urls``, ``cadre.settings``...) anything.
"""

from __future__ import annotations

from typing import Any

from grimp import ImportGraph
from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck

FACES = frozenset({"services", "selectors", "types", "errors", "hooks"})
SHARED = frozenset({"core"})
#: importer app -> the module name it may import from every other app.
COMPOSERS = {"api": "api", "demo": "demo"}
EXTRA_FACES = frozenset({"cadre.tenancy.access"})


def _app(module: str, root: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == root and len(parts) > 2 else None


def allowed(importer: str, imported: str, root: str = "cadre") -> bool:
    """Whether ``importer`` may import ``imported`` under the public-faces rule."""
    source, target = _app(importer, root), _app(imported, root)
    if target is None:  # the project package, its root modules, or an app package's __init__
        return True
    if source is None or source == target or target in SHARED or imported in EXTRA_FACES:
        return True
    face = imported.split(".")[2]
    if face in FACES:
        return True
    importer_parts = importer.split(".")
    if face == "models" and (importer_parts[-1] == "models" or "migrations" in importer_parts):
        return True
    return COMPOSERS.get(source) == face


class PublicFacesContract(Contract):
    """Every import across apps lands on a public face of the imported app."""

    root = fields.StringField(required=False, default="cadre")

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        root = self.root or "cadre"
        broken: list[dict[str, Any]] = []
        for importer in sorted(graph.modules):
            if not importer.startswith(root + "."):
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                if imported.startswith(root + ".") and not allowed(importer, imported, root):
                    lines = sorted(
                        d["line_number"]
                        for d in graph.get_import_details(importer=importer, imported=imported)
                    )
                    broken.append({"importer": importer, "imported": imported, "lines": lines})
        return ContractCheck(kept=not broken, metadata={"broken": broken})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for item in check.metadata["broken"]:
            lines = ", ".join(f"l.{n}" for n in item["lines"])
            output.print_error(f"- {item['importer']} -> {item['imported']} ({lines})", bold=False)
        output.new_line()
        output.print_error(
            f"{len(check.metadata['broken'])} imports reach past another app's public faces "
            "(services, selectors, types, errors, hooks; see tools/contracts.py)",
            bold=False,
        )
