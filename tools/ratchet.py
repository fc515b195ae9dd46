"""The structure figures of issue 15, held to a recorded baseline that may only go down.

Each rule of the structure (layers, public faces, size limits, error codes, typed actors) has a
contract or check that CI enforces once the code obeys it. Until then the figure of what still
breaks it is recorded in ``tools/baseline.json``; ``--check`` (CI) fails when a figure rises above
its baseline (new debt) and also when it falls below (the baseline must be lowered in the same
commit, so the recorded figure is always the true one). ``--write`` records the current figures.

Run: ``python -m tools.ratchet`` (print), ``--check`` or ``--write``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import grimp

from tools import contracts, error_codes, shape

ROOT = Path(__file__).resolve().parent.parent
BASELINE = Path(__file__).with_name("baseline.json")

#: Lowest first. A module imports only its own app and the apps before it here (docs/architecture.md
#: says why the order is this one); pyproject.toml's layers contract lists the same order, top first.
LAYERS = (
    "core",
    "tenancy",
    "calendars",
    "accounts",
    "people",
    "translations",
    "competencies",
    "strategy",
    "needs",
    "catalogue",
    "delivery",
    "lrs",
    "evaluation",
    "cmi5",
    "planning",
    "practices",
    "community",
    "home",
    "api",
    "demo",
)
ANY_ACTOR = re.compile(r"\b(actor|user|viewer|by): Any\b")


def _graph() -> grimp.ImportGraph:
    sys.path.insert(0, str(ROOT))
    return grimp.build_graph("cadre", exclude_type_checking_imports=True)


def _app(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "cadre" and len(parts) > 2 else None


def import_findings(graph: grimp.ImportGraph) -> tuple[list[str], list[str]]:
    """(imports that climb a layer, imports past another app's public faces), one line each."""
    rank = {app: i for i, app in enumerate(LAYERS)}
    upward, faces = [], []
    for importer in sorted(graph.modules):
        source = _app(importer)
        if source is None:
            continue
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            target = _app(imported)
            if target is None or target == source:
                continue
            if rank.get(target, -1) > rank.get(source, len(LAYERS)):
                upward.append(f"{importer} -> {imported}")
            if not contracts.allowed(importer, imported):
                faces.append(f"{importer} -> {imported}")
    return upward, faces


def any_actors() -> list[str]:
    found = []
    for path in sorted((ROOT / "cadre").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if ANY_ACTOR.search(line):
                found.append(f"{path.relative_to(ROOT).as_posix()}:{number}")
    return found


def findings() -> dict[str, list[str]]:
    upward, faces = import_findings(_graph())
    return {
        "imports climbing a layer": upward,
        "imports past a public face": faces,
        "size limits and unexplained deferred imports": [str(f) for f in shape.check_tree(ROOT)],
        "error-code problems": list(error_codes.read(ROOT).problems),
        "actors typed Any": any_actors(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail unless the figures equal the baseline")
    parser.add_argument("--write", action="store_true", help="record the current figures")
    parser.add_argument("--list", action="store_true", help="print every finding")
    args = parser.parse_args(argv)
    found = findings()
    figures = {name: len(items) for name, items in found.items()}
    if args.list:
        for name, items in found.items():
            print(f"## {name}")
            print("\n".join(items) or "(none)")
    if args.write:
        BASELINE.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    baseline = json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else {}
    failed = False
    for name, figure in figures.items():
        recorded = baseline.get(name)
        verdict = "ok"
        if recorded is None or figure > recorded:
            verdict, failed = f"ABOVE the baseline ({recorded}): new debt", True
        elif figure < recorded:
            verdict, failed = f"below the baseline ({recorded}): run python -m tools.ratchet --write", True
        print(f"{name}: {figure} {verdict}")
    return 1 if failed and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
