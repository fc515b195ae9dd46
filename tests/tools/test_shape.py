"""The size and deferred-import limits (tools/shape.py) on files written for the test."""

from pathlib import Path

from tools.shape import MAX_FILE_LINES, MAX_FUNCTION_LINES, check_file


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cadre" / "x" / "mod.py"
    path.parent.mkdir(parents=True)
    path.write_text(text)
    return path


def test_a_long_function_and_a_long_file_are_named(tmp_path):
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    filler = "\n" * MAX_FILE_LINES
    path = _write(tmp_path, f"def too_long():\n{body}\n{filler}")
    messages = [f.message for f in check_file(path, tmp_path)]
    assert any("too_long() has 81 lines" in m for m in messages)
    assert any(m.startswith("file has") for m in messages)


def test_a_function_at_the_limit_passes(tmp_path):
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES - 1))
    assert check_file(_write(tmp_path, f"def fits():\n{body}\n"), tmp_path) == []


def test_a_deferred_import_needs_its_reason(tmp_path):
    source = (
        "def hidden():\n    from cadre.delivery import services\n\n\n"
        "def explained():\n    # deferred: typst loads 40 MB of fonts; only the PDF pages need it\n"
        "    from cadre.core import typst\n\n\n"
        "def third_party():\n    import numpy\n"
    )
    findings = check_file(_write(tmp_path, source), tmp_path)
    assert [(f.line, "hidden()" in f.message) for f in findings] == [(2, True)]
