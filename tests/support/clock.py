"""Finding the tests that read the clock, so CI can rerun them at awkward instants."""

from __future__ import annotations

import ast
import re
from pathlib import Path

CLOCK_CALL = re.compile(r"timezone\.now\(|timezone\.localdate\(|date\.today\(|datetime\.now\(|localtime\(")


class ClockReaders:
    """Which tests read the clock: found in the source, per function, not per file.

    A test is date-sensitive when its own function, a fixture it uses (from its module or any
    conftest above it), or a helper function those call (in the module, or in a sibling helper
    module it imports, e.g. ``pages_support``) reads the clock; or when such a file reads the
    clock at import time. Marking whole files made 942 tests "calendar" (every test next to a
    helper that read the clock), and the three reruns took a third of CI.
    """

    def __init__(self) -> None:
        self._cache: dict[Path, tuple[bool, frozenset[str]]] = {}

    def of(self, path: Path, extra: frozenset[str] = frozenset()) -> tuple[bool, frozenset[str]]:
        """(reads at import time, names of the functions that read the clock, transitively)."""
        key = path
        if key not in self._cache or extra:
            try:
                tree = ast.parse(path.read_text(encoding="utf-8"))
            except (OSError, SyntaxError):
                return False, frozenset()
            at_import = False
            calls: dict[str, set[str]] = {}
            readers: set[str] = set(extra)
            for node in tree.body:
                functions = [node] if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) else []
                if isinstance(node, ast.ClassDef):
                    functions = [
                        n for n in node.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
                    ]
                if (
                    not functions
                    and not isinstance(node, ast.Import | ast.ImportFrom | ast.ClassDef)
                    and CLOCK_CALL.search(ast.unparse(node))
                ):
                    at_import = True
                for function in functions:
                    source = ast.unparse(function)
                    if CLOCK_CALL.search(source):
                        readers.add(function.name)
                    calls[function.name] = {n.id for n in ast.walk(function) if isinstance(n, ast.Name)}
            changed = True
            while changed:
                changed = False
                for name, used in calls.items():
                    if name not in readers and used & readers:
                        readers.add(name)
                        changed = True
            result = (at_import, frozenset(readers))
            if extra:
                return result
            self._cache[key] = result
        return self._cache[key]
