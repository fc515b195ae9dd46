"""The structure ratchet (tools/ratchet.py): what it counts, and that it fails both ways."""

import json
import tomllib
from pathlib import Path

import grimp
import pytest

from tools import ratchet


def _graph(*imports: tuple[str, str]) -> grimp.ImportGraph:
    graph = grimp.ImportGraph()
    for importer, imported in imports:
        graph.add_import(importer=importer, imported=imported)
    return graph


def test_an_import_of_a_higher_app_climbs_a_layer_and_a_lower_face_does_not():
    # Given people importing a delivery selector, and delivery importing a people selector
    graph = _graph(
        ("cadre.people.views", "cadre.delivery.selectors"),
        ("cadre.delivery.services", "cadre.people.selectors"),
    )
    # When the imports are measured
    upward, faces = ratchet.import_findings(graph)
    # Then only the first climbs, and both land on public faces
    assert upward == ["cadre.people.views -> cadre.delivery.selectors"]
    assert faces == []


def test_a_foreign_models_import_is_past_the_face_but_its_own_is_not():
    graph = _graph(
        ("cadre.delivery.services", "cadre.people.models"),
        ("cadre.delivery.services", "cadre.delivery.models"),
        ("cadre.delivery.models", "cadre.people.models"),  # a foreign key
    )
    upward, faces = ratchet.import_findings(graph)
    assert upward == []
    assert faces == ["cadre.delivery.services -> cadre.people.models"]


def test_every_app_has_a_layer():
    apps = {
        p.name
        for p in (ratchet.ROOT / "cadre").iterdir()
        if (p / "__init__.py").exists() and p.name != "locale"
    }
    assert apps == set(ratchet.LAYERS)


@pytest.mark.parametrize(("figure", "expected"), [(5, 0), (6, 1), (4, 1)])
def test_check_fails_above_and_below_the_baseline(tmp_path: Path, monkeypatch, figure, expected):
    # Given a baseline of 5 for one figure
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps({"f": 5}))
    monkeypatch.setattr(ratchet, "BASELINE", baseline)
    monkeypatch.setattr(ratchet, "findings", lambda: {"f": ["x"] * figure})
    # When the check runs / then only the recorded figure passes
    assert ratchet.main(["--check"]) == expected


def test_pyproject_layers_contract_lists_the_same_order_when_present():
    config = tomllib.loads((ratchet.ROOT / "pyproject.toml").read_text())
    for contract in config["tool"]["importlinter"]["contracts"]:
        if contract["type"] == "layers":
            assert contract["layers"] == list(reversed(ratchet.LAYERS))
