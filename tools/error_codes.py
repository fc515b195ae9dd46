"""The catalogue of error codes, read from the code: ``docs/errors.md``.

Every domain error Cadre raises carries a stable dotted code (``nomination.unit_cap_exceeded``).
This reads every construction of ``DomainError``, ``invalid(...)``, ``NotFound`` and their
subclasses and factories (functions annotated ``-> DomainError``), and

- fails when one has no ``code=`` (or a factory's default), or a code that is not ``a.b`` lower_snake;
- fails when a module other than a view, an API router or middleware raises ``Http404``
  (services and selectors raise ``NotFound``; the web layers map it);
- writes ``docs/errors.md`` (``--write``), or fails when it is stale (``--check``, run by CI).

Run: ``python -m tools.error_codes --check`` or ``--write``.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "errors.md"
CODE = re.compile(r"[a-z0-9_]+(\.[a-z0-9_]+)*")
#: Web-layer modules, which may answer a bad URL with Django's Http404 themselves.
WEB_MODULES = re.compile(r"(^|/)(views?|api|urls|middleware|http|picker_views)(/|\.py$)")


@dataclass
class Catalogue:
    codes: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # code -> places
    messages: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # code -> msgids
    problems: list[str] = field(default_factory=list)


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _message(call: ast.Call) -> str | None:
    """The call's human text: its first translated literal (``_("...")``), else its last plain one.

    (``invalid(field, reason)`` names the field first: a plain literal, never translated.)
    """
    candidates = list(call.args) + [k.value for k in call.keywords if k.arg in ("detail", "reason")]
    plain = None
    for arg in candidates:
        translated = isinstance(arg, ast.Call) and _name(arg.func) in ("_", "gettext", "gettext_lazy")
        if (
            translated
            and arg.args
            and isinstance(arg.args[0], ast.Constant)
            and isinstance(arg.args[0].value, str)
        ):
            return arg.args[0].value
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            plain = arg.value
    return plain


_INHERIT = "<inherit>"  # a factory without a ``code`` parameter: its own construction is checked


def _class_default(node: ast.ClassDef) -> str | None:
    for item in node.body:
        if isinstance(item, ast.Assign | ast.AnnAssign):
            targets = item.targets if isinstance(item, ast.Assign) else [item.target]
            if any(_name(t) == "code" for t in targets) and isinstance(item.value, ast.Constant):
                return str(item.value.value)
    return None


def _factory_default(node: ast.FunctionDef) -> str | None:
    args = node.args.args + node.args.kwonlyargs
    defaults = [None] * (len(node.args.args) - len(node.args.defaults)) + list(node.args.defaults)
    defaults += list(node.args.kw_defaults)
    for arg, value in zip(args, defaults, strict=True):
        if arg.arg == "code":
            return str(value.value) if isinstance(value, ast.Constant) else None
    return _INHERIT


def _returns_error(node: ast.FunctionDef) -> bool:
    returns = node.returns
    if isinstance(returns, ast.Constant):
        return returns.value in ("DomainError", "NotFound")
    return returns is not None and _name(returns) in ("DomainError", "NotFound")


def _constructors(trees: dict[str, ast.Module]) -> dict[str, str | None]:
    """Error constructors -> their default code (None when the caller must give one)."""
    found: dict[str, str | None] = {"DomainError": None, "invalid": None, "NotFound": None}
    changed = True
    while changed:
        changed = False
        for tree in trees.values():
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and any(_name(b) in found for b in node.bases):
                    name, default = node.name, _class_default(node)
                elif isinstance(node, ast.FunctionDef) and _returns_error(node):
                    name, default = node.name, _factory_default(node)
                else:
                    continue
                if name not in found:
                    found[name] = default
                    changed = True
    return found


def read(root: Path = ROOT) -> Catalogue:
    trees = {
        p.relative_to(root).as_posix(): ast.parse(p.read_text(encoding="utf-8"))
        for p in sorted((root / "cadre").rglob("*.py"))
        if "migrations" not in p.parts
    }
    constructors = _constructors(trees)
    catalogue = Catalogue()
    for rel, tree in trees.items():
        factories = {n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name in constructors}
        inside_factory = {id(c) for f in factories for c in ast.walk(f)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node.func) == "Http404" and not WEB_MODULES.search(rel):
                catalogue.problems.append(
                    f"{rel}:{node.lineno}: Http404 outside the web layer (raise NotFound)"
                )
            if not (isinstance(node, ast.Call) and _name(node.func) in constructors):
                continue
            if rel == "cadre/core/errors.py":
                continue
            keyword = next((k for k in node.keywords if k.arg == "code"), None)
            place = f"{rel}:{node.lineno}"
            if keyword is None:
                code = constructors[_name(node.func) or ""]
                if code == _INHERIT:
                    continue
                if code is None:
                    catalogue.problems.append(f"{place}: {_name(node.func)}(...) without code=")
                    continue
            elif isinstance(keyword.value, ast.Constant) and isinstance(keyword.value.value, str):
                code = keyword.value.value
            elif id(node) in inside_factory:
                continue  # a factory passing its own ``code`` parameter on
            else:
                catalogue.problems.append(f"{place}: code= is not a literal string")
                continue
            if not CODE.fullmatch(code):
                catalogue.problems.append(f"{place}: code {code!r} is not dotted lower_snake")
                continue
            catalogue.codes[code].add(place.rsplit(":", 1)[0])
            message = _message(node)
            if message:
                catalogue.messages[code].add(message)
    return catalogue


def render(catalogue: Catalogue) -> str:
    lines = [
        "# Error codes",
        "",
        "Every refusal Cadre answers carries a stable `code` a client can branch on; the API answers",
        '`{"code", "detail", "field", "errors": [{"field", "reason"}]}` for every 4xx, and pages show',
        "the `detail` and `reason` texts (translated). Codes are never translated nor reused for another",
        "meaning. This file is written by `python -m tools.error_codes --write` from the code; CI fails",
        "when it is stale.",
        "",
        "Codes the API itself answers: `request.invalid` (422, a malformed body or parameter),",
        "`auth.required` (401), `permission.denied` (403), `not_found` (404), `rate_limited` (429),",
        "`server.error` (500).",
        "",
        "| code | message | raised in |",
        "|---|---|---|",
    ]
    for code in sorted(catalogue.codes):
        messages = "; ".join(sorted(catalogue.messages.get(code, ())))[:160].replace("|", "\\|")
        places = ", ".join(f"`{p}`" for p in sorted(catalogue.codes[code]))
        lines.append(f"| `{code}` | {messages} | {places} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write docs/errors.md")
    parser.add_argument("--check", action="store_true", help="fail when docs/errors.md is stale")
    parser.add_argument(
        "--stale-only",
        action="store_true",
        help="with --check: fail only when docs/errors.md is stale (tools.ratchet counts the problems)",
    )
    args = parser.parse_args(argv)
    catalogue = read()
    for problem in catalogue.problems:
        print(problem)
    text = render(catalogue)
    stale = not DOC.exists() or DOC.read_text(encoding="utf-8") != text
    if args.write:
        DOC.write_text(text, encoding="utf-8")
        stale = False
    elif stale:
        print("docs/errors.md is stale: run python -m tools.error_codes --write")
    print(f"{len(catalogue.codes)} codes, {len(catalogue.problems)} problems")
    if args.stale_only:
        return 1 if args.check and stale else 0
    return 1 if catalogue.problems or (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
