"""Size limits and hidden imports: no function over 80 lines, no file over 500, no cadre import
inside a function without a stated reason.

Migrations and translation catalogues are exempt (generated, or text rather than logic). A
function-level ``cadre`` import is allowed only with a comment ``# deferred: <reason>`` on its line
or the line above (a measured start-up cost or a cycle that cannot break another way).

Run: ``python -m tools.shape`` (exit 1 and a list when a limit is broken).
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

MAX_FUNCTION_LINES = 80
MAX_FILE_LINES = 500
EXEMPT_PARTS = frozenset({"migrations", "locale"})


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def _exempt(path: Path) -> bool:
    return bool(EXEMPT_PARTS & set(path.parts))


def check_file(path: Path, root: Path) -> list[Finding]:
    """The limits one source file breaks."""
    rel = path.relative_to(root).as_posix()
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    findings = []
    if len(lines) > MAX_FILE_LINES:
        findings.append(Finding(rel, 1, f"file has {len(lines)} lines (limit {MAX_FILE_LINES})"))
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        length = (node.end_lineno or node.lineno) - node.lineno + 1
        if length > MAX_FUNCTION_LINES:
            findings.append(
                Finding(rel, node.lineno, f"{node.name}() has {length} lines (limit {MAX_FUNCTION_LINES})")
            )
        for inner in ast.walk(node):
            if isinstance(inner, ast.Import | ast.ImportFrom):
                module = inner.module if isinstance(inner, ast.ImportFrom) else inner.names[0].name
                if not module or not module.startswith("cadre"):
                    continue
                around = " ".join(lines[max(inner.lineno - 2, 0) : inner.lineno])
                if "# deferred:" not in around:
                    findings.append(
                        Finding(
                            rel,
                            inner.lineno,
                            f"import of {module} inside {node.name}() without '# deferred: <reason>'",
                        )
                    )
    return findings


def check_tree(root: Path, package: str = "cadre") -> list[Finding]:
    findings: list[Finding] = []
    for path in sorted((root / package).rglob("*.py")):
        if not _exempt(path):
            findings.extend(check_file(path, root))
    return findings


def main() -> int:
    root = Path(__file__).resolve().parent.parent
    findings = check_tree(root)
    for finding in findings:
        print(finding)
    if findings:
        print(f"{len(findings)} shape limits broken (see tools/shape.py)")
        return 1
    print("shape: every function <= 80 lines, every file <= 500 lines, no unexplained deferred import")
    return 0


if __name__ == "__main__":
    sys.exit(main())
