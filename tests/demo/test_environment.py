"""``cadre demo`` prepares DEBUG and a persistent SECRET_KEY before settings load."""

from __future__ import annotations

import stat

import django.core.management

from cadre import cli
from cadre.demo.environment import demo_environment_prepare, var_dir


def test_first_run_generates_a_private_key_that_later_runs_reuse(tmp_path):
    # given an empty var directory and no key in the environment
    environ = {"CADRE_VAR_DIR": str(tmp_path / "var")}
    # when the demo environment is prepared twice
    demo_environment_prepare(environ)
    again = {"CADRE_VAR_DIR": str(tmp_path / "var")}
    demo_environment_prepare(again)
    # then DEBUG is on, the key is long, kept in var/secret_key readable by the owner only, and reused
    key_file = tmp_path / "var" / "secret_key"
    assert environ["DEBUG"] == "1"
    assert len(environ["SECRET_KEY"]) >= 50
    assert key_file.read_text().strip() == environ["SECRET_KEY"] == again["SECRET_KEY"]
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_a_key_from_the_environment_wins_and_nothing_is_written(tmp_path):
    # given a key set by the operator
    environ = {"CADRE_VAR_DIR": str(tmp_path), "SECRET_KEY": "operator-key", "DEBUG": "0"}
    # when the demo environment is prepared
    demo_environment_prepare(environ)
    # then the key is kept, DEBUG is on, and no key file appears
    assert environ["SECRET_KEY"] == "operator-key"
    assert environ["DEBUG"] == "1"
    assert not (tmp_path / "secret_key").exists()


def test_var_dir_follows_the_settings_rule(tmp_path, settings):
    # given the variable that settings read
    # then the demo's var directory is computed the same way
    assert var_dir({"CADRE_VAR_DIR": str(tmp_path)}) == tmp_path
    assert var_dir({}) == settings.BASE_DIR / "var"


def test_the_cli_prepares_the_environment_only_for_demo(tmp_path, monkeypatch):
    # given a captured manage.py entry point and a clean environment
    calls = []
    monkeypatch.setattr(django.core.management, "execute_from_command_line", calls.append)
    monkeypatch.setenv("CADRE_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DEBUG", "0")
    # when another command runs, nothing changes
    cli.main(["check"])
    assert not (tmp_path / "secret_key").exists()
    # when the demo runs, DEBUG and the key are set before Django is called
    cli.main(["demo", "--no-serve"])
    assert calls == [["cadre", "check"], ["cadre", "demo", "--no-serve"]]
    assert (tmp_path / "secret_key").exists()
    import os

    assert os.environ["DEBUG"] == "1"
