"""Draw the apps and the imports between them into docs/architecture.md, from the code.

The drawing is a Mermaid graph between two markers in docs/architecture.md: one node per app
(lowest layer at the bottom), one arrow per pair of apps with at least one direct import (the
count on the arrow), type-checking imports excluded; every app imports ``core``, so those arrows
are left out. ``--check`` (CI) fails when the drawing no longer matches the code.

Run: ``python -m tools.architecture --write`` or ``--check``.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "architecture.md"
START, END = "<!-- app-graph:start -->", "<!-- app-graph:end -->"


def app_edges(package: str = "cadre") -> tuple[list[str], Counter[tuple[str, str]]]:
    """The apps and, per (importer app, imported app), how many modules import across."""
    graph = grimp.build_graph(package, exclude_type_checking_imports=True)
    apps = sorted({m.split(".")[1] for m in graph.modules if m.count(".") >= 2})
    edges: Counter[tuple[str, str]] = Counter()
    for importer in graph.modules:
        if importer.count(".") < 2:
            continue
        source = importer.split(".")[1]
        for imported in graph.find_modules_directly_imported_by(importer):
            if imported.count(".") < 2 or not imported.startswith(package + "."):
                continue
            target = imported.split(".")[1]
            if target != source and target != "core":
                edges[(source, target)] += 1
    return apps, edges


def render(apps: list[str], edges: Counter[tuple[str, str]]) -> str:
    lines = [START, "", "```mermaid", "graph BT"]
    lines += [f"  {app}[{app}]" for app in apps]
    lines += [f"  {a} -->|{n}| {b}" for (a, b), n in sorted(edges.items())]
    lines += [
        "```",
        "",
        f"{len(apps)} apps, {len(edges)} app-to-app dependencies (imports of `core` not drawn).",
        "",
        END,
    ]
    return "\n".join(lines)


def updated(text: str, drawing: str) -> str:
    if START not in text:
        return text.rstrip("\n") + "\n\n## The app graph (generated from the imports)\n\n" + drawing + "\n"
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return head + drawing + tail


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    text = DOC.read_text(encoding="utf-8")
    new = updated(text, render(*app_edges()))
    if args.write:
        DOC.write_text(new, encoding="utf-8")
        return 0
    if new != text:
        print("docs/architecture.md: the app graph is stale; run python -m tools.architecture --write")
        return 1
    print("docs/architecture.md: the app graph matches the imports")
    return 0


if __name__ == "__main__":
    sys.exit(main())
