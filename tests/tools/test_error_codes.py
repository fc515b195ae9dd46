"""The error-code catalogue (tools/error_codes.py): what it refuses and what it lists."""

from pathlib import Path

from tools.error_codes import read, render


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / "cadre" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def test_codes_are_collected_with_their_messages(tmp_path):
    root = _tree(
        tmp_path,
        {
            "plan/services.py": (
                "def f():\n"
                "    raise DomainError(detail=_('Over budget'), code='plan.budget_exceeded')\n"
                "def g():\n"
                "    raise invalid('budget', _('must be positive'), code='plan.budget_negative')\n"
            )
        },
    )
    catalogue = read(root)
    assert catalogue.problems == []
    assert set(catalogue.codes) == {"plan.budget_exceeded", "plan.budget_negative"}
    assert catalogue.messages["plan.budget_exceeded"] == {"Over budget"}
    assert "| `plan.budget_negative` | must be positive | `cadre/plan/services.py` |" in render(catalogue)


def test_a_missing_or_malformed_code_and_a_service_http404_are_problems(tmp_path):
    root = _tree(
        tmp_path,
        {
            "plan/services.py": (
                "def f():\n    raise DomainError(detail='x')\n"
                "def g():\n    raise invalid('a', 'b', code='Plan-Budget')\n"
                "def h():\n    raise Http404('Not found')\n"
            ),
            "plan/views.py": "def v():\n    raise Http404('no such page')\n",
        },
    )
    problems = read(root).problems
    assert len(problems) == 3
    assert any("without code=" in p for p in problems)
    assert any("not dotted lower_snake" in p for p in problems)
    assert any("Http404 outside the web layer" in p and "services.py:6" in p for p in problems)


def test_factories_pass_codes_on(tmp_path):
    root = _tree(
        tmp_path,
        {
            "lrs/validation.py": (
                "def fail(path: str, reason: str) -> DomainError:\n"
                "    return invalid(path, reason, code='statement.invalid')\n"
                "def check():\n    raise fail('actor', 'missing')\n"
            ),
            "x/services.py": (
                "def refuse(reason: str, *, code: str) -> DomainError:\n"
                "    return DomainError(detail=reason, code=code)\n"
                "def a():\n    raise refuse('no', code='x.refused')\n"
                "def b():\n    raise refuse('no')\n"
            ),
        },
    )
    catalogue = read(root)
    assert set(catalogue.codes) == {"statement.invalid", "x.refused"}
    assert [p.split(": ", 1)[1] for p in catalogue.problems] == ["refuse(...) without code="]
