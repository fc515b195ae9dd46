"""The Japanese catalog covers every marked text of Cadre, is complete for what it holds, and is compiled."""

from __future__ import annotations

import ast
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation.template import templatize

CADRE = Path(settings.BASE_DIR) / "cadre"
PO = CADRE / "locale" / "ja" / "LC_MESSAGES" / "django.po"
#: xAPI and cmi5 protocol errors stay English; tests and fixtures are not shipped text.
NOT_TRANSLATED = re.compile(r"^(lrs|cmi5|e2e|testing)/|/(tests|migrations)/")
#: Calls whose text arguments become a DomainError's detail or a FieldError's reason.
ERROR_BUILDERS = frozenset({"FieldError", "DomainError", "invalid", "reject", "file_error", "_RefusedError"})
#: Modules that hand reasons to a service as (field, reason) pairs, or render the API's error shape.
REASON_SOURCES = ("community/selectors.py", "delivery/selectors.py", "api/root.py")
GETTEXT = frozenset({"_", "gettext", "gettext_lazy", "gettext_noop", "pgettext", "pgettext_lazy"})
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdr]")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    context: str = ""


def parse_po(path: Path) -> list[Entry]:
    """The entries of a .po file (a small reader: Cadre has no polib; Django ships no parser)."""
    entries: list[Entry] = []
    current = Entry()
    target: tuple[str, int] = ("msgid", 0)

    def finish() -> None:
        nonlocal current
        if current.msgid or current.msgstr:
            entries.append(current)
        current = Entry()

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            finish()
        elif line.startswith("#~"):
            raise AssertionError(f"obsolete entry left in {path.name}: {line}")
        elif line.startswith("#,"):
            current.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            _append(current, target, ast.literal_eval(line))
        else:
            keyword, _, value = line.partition(" ")
            index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
            target = ("msgstr" if keyword.startswith("msgstr") else keyword, index)
            _append(current, target, ast.literal_eval(value), start=True)
    finish()
    return entries


def _append(entry: Entry, target: tuple[str, int], text: str, *, start: bool = False) -> None:
    name, index = target
    if name == "msgstr":
        entry.msgstr[index] = ("" if start else entry.msgstr.get(index, "")) + text
    elif name == "msgctxt":
        entry.context = ("" if start else entry.context) + text
    else:
        setattr(entry, name, ("" if start else getattr(entry, name)) + text)


def marked_texts(source: str) -> set[str]:
    """The literal texts a module marks for translation."""
    texts = set()
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in GETTEXT
            and node.args
            and isinstance(node.args[-1 if node.func.id.startswith("pgettext") else 0], ast.Constant)
        ):
            texts.add(node.args[-1 if node.func.id.startswith("pgettext") else 0].value)
    return texts


def builds_domain_errors(source: str) -> bool:
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in ERROR_BUILDERS:
            return True
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "add"
            and isinstance(func.value, ast.Name)
            and func.value.id == "problems"
        ):
            return True
    return False


@functools.cache
def error_modules() -> dict[str, str]:
    modules = {}
    for path in sorted(CADRE.rglob("*.py")):
        name = path.relative_to(CADRE).as_posix()
        if NOT_TRANSLATED.search(name):
            continue
        source = path.read_text(encoding="utf-8")
        if name in REASON_SOURCES or builds_domain_errors(source):
            modules[name] = source
    return modules


ENTRIES = [e for e in parse_po(PO) if e.msgid]


def test_the_catalog_reader_reads_the_header_and_entries():
    # a guard against a reader that silently finds nothing
    assert len(ENTRIES) > 400
    assert any(e.msgid == "required" and e.msgstr == {0: "必須です"} for e in ENTRIES)


def test_every_entry_is_translated_and_none_is_fuzzy():
    untranslated = [e.msgid for e in ENTRIES if not all(e.msgstr.values()) or not e.msgstr]
    fuzzy = [e.msgid for e in ENTRIES if "fuzzy" in e.flags]
    assert untranslated == []
    assert fuzzy == []


def test_every_translation_keeps_the_placeholders_of_its_text():
    wrong = [
        e.msgid
        for e in ENTRIES
        for text in e.msgstr.values()
        if set(PLACEHOLDER.findall(e.msgid)) | set(PLACEHOLDER.findall(e.msgid_plural))
        != set(PLACEHOLDER.findall(text))
    ]
    assert wrong == []


def test_the_compiled_catalog_matches_the_po_file():
    # the .mo is committed: a .po edited without compilemessages would ship stale Japanese
    stale = []
    with translation.override("ja"):
        for e in ENTRIES:
            if e.msgid_plural or e.context:
                continue
            if gettext(e.msgid) != e.msgstr[0]:
                stale.append(e.msgid)
    assert stale == []


@pytest.mark.parametrize("module", sorted(error_modules()))
def test_every_domain_error_text_has_a_japanese_translation(module):
    # every detail and reason a service can raise must reach a Japanese user in Japanese
    catalog = {e.msgid for e in ENTRIES}
    missing = sorted(marked_texts(error_modules()[module]) - catalog)
    assert missing == []


def test_the_error_modules_are_found():
    modules = error_modules()
    assert {
        "core/errors.py",
        "tenancy/services.py",
        "catalogue/uploads.py",
        "competencies/case/reading.py",
    } <= set(modules)
    assert not any(name.startswith(("lrs/", "cmi5/")) for name in modules)


# The marked texts, found the way `makemessages` finds them, without GNU gettext: the CI machine does
# not install it. Python modules are read with ast (xgettext's Python keywords plus Django's), templates
# through Django's own templatize(), which is what makemessages hands to xgettext.
ROOT = Path(settings.BASE_DIR)
#: makemessages' --ignore list in decision 0006, plus its default of hidden directories.
IGNORED_DIRS = frozenset({"bench", "var", "docs", ".venv"})
#: keyword -> (index of the context argument or None, index of the text, index of the plural or None)
KEYWORDS: dict[str, tuple[int | None, int, int | None]] = {
    **dict.fromkeys(("_", "gettext", "gettext_lazy", "gettext_noop", "ugettext"), (None, 0, None)),
    **dict.fromkeys(("ngettext", "ngettext_lazy", "ungettext"), (None, 0, 1)),
    **dict.fromkeys(("pgettext", "pgettext_lazy"), (0, 1, None)),
    **dict.fromkeys(("npgettext", "npgettext_lazy"), (0, 1, 2)),
}
TEMPLATE_CALL = re.compile(r"(?<!\w)(_|n?p?gettext)\(")  # _() is a translated filter argument
TEMPLATE_ARG = re.compile(r"""\s*(u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|\w+)\s*([,)])""")

#: (context, text, plural) of one marked text
Marked = tuple[str | None, str, str | None]


def _scanned_files(*suffixes: str) -> list[Path]:
    files = []
    for path in sorted(ROOT.rglob("*")):
        parts = path.relative_to(ROOT).parts
        hidden_or_ignored = any(p.startswith(".") or p in IGNORED_DIRS for p in parts[:-1])
        if path.suffix in suffixes and path.is_file() and not hidden_or_ignored:
            files.append(path)
    return files


def _python_marked(source: str) -> set[Marked]:
    return _python_marked_in(ast.parse(source))


def _python_marked_in(tree: ast.AST) -> set[Marked]:
    found: set[Marked] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name not in KEYWORDS:
            continue
        literal = [
            a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in node.args
        ]
        context, text, plural = KEYWORDS[name]
        wanted = [i for i in (context, text, plural) if i is not None]
        if len(literal) <= max(wanted) or any(literal[i] is None for i in wanted):
            continue
        found.add(
            (
                None if context is None else literal[context],
                str(literal[text]),
                None if plural is None else literal[plural],
            )
        )
    return found


def _template_marked(source: str, origin: str) -> set[Marked]:
    found: set[Marked] = set()
    text = templatize(source, origin=origin)
    for call in TEMPLATE_CALL.finditer(text):
        args: list[str | None] = []
        position = call.end()
        while True:
            match = TEMPLATE_ARG.match(text, position)
            assert match, (
                f"unreadable {call.group(1)} call in {origin}: {text[call.start() : call.start() + 80]}"
            )
            token = match.group(1)
            args.append(ast.literal_eval(token.removeprefix("u")) if token[0] in "u'\"" else None)
            position = match.end()
            if match.group(2) == ")":
                break
        name = call.group(1)
        context, index, plural = KEYWORDS[name]
        found.add(
            (
                None if context is None else args[context],
                str(args[index]),
                None if plural is None else args[plural],
            )
        )
    return found


@functools.cache
def marked_everywhere() -> dict[Marked, str]:
    """Every text makemessages would extract, with one file that marks it."""
    found: dict[Marked, str] = {}
    for path in _scanned_files(".py"):
        for item in _python_marked(path.read_text(encoding="utf-8")):
            found.setdefault(item, path.relative_to(ROOT).as_posix())
    for path in _scanned_files(".html", ".txt"):
        name = path.relative_to(ROOT).as_posix()
        for item in _template_marked(path.read_text(encoding="utf-8"), name):
            found.setdefault(item, name)
    return found


def test_the_scan_finds_texts_of_modules_and_templates():
    # a guard against a scan that silently finds little: the catalog held 1,840 texts on 2026-11-28
    found = marked_everywhere()
    assert len(found) > 1500
    assert (None, "Sign in", None) in found  # {% translate %}
    assert (
        None,
        "%(counter)s officer to create",
        "%(counter)s officers to create",
    ) in found  # {% blocktranslate count %}
    assert (None, "Needs analysis", None) in found  # gettext_lazy in a module


def test_every_marked_text_has_a_japanese_translation():
    # a text marked in a template, form, model or view but missing here reaches a Japanese user in English
    catalog = {(e.context or None, e.msgid, e.msgid_plural or None) for e in ENTRIES}
    missing = sorted(
        f"{where}: {text!r}"
        for (ctx, text, plural), where in marked_everywhere().items()
        if (ctx, text, plural) not in catalog
    )
    assert missing == [], "run makemessages and translate (decision 0006)"


def test_the_catalog_holds_no_text_that_is_no_longer_marked():
    # the catalog is regenerated by makemessages; an entry the scan does not find is stale, or the scan
    # has drifted from makemessages and would no longer catch a missing text
    found = set(marked_everywhere())
    stale = sorted(
        e.msgid for e in ENTRIES if (e.context or None, e.msgid, e.msgid_plural or None) not in found
    )
    assert stale == []


def test_no_text_is_marked_inside_an_f_string():
    # xgettext (0.21) does not look inside f-strings: such a text never reaches the catalog
    inside = []
    for path in _scanned_files(".py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                inside += [
                    f"{path.relative_to(ROOT)}:{node.lineno}: {text!r}"
                    for _c, text, _p in _python_marked_in(node)
                ]
    assert inside == []
