"""`cadre check --deploy` is clean with production settings taken from the environment."""

import os
import subprocess
import sys


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    # given production settings: no DEBUG, a real secret, a host name, a var dir of its own
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", "PYTEST_CURRENT_TEST"}}
    env.update(
        SECRET_KEY="x" * 20 + "production-secret-with-enough-entropy-1234567890",
        ALLOWED_HOSTS="cadre.example.org",
        CADRE_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="cadre.settings",
    )
    # when the deploy checks run, failing on any warning
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from cadre.cli import main; main(['check', '--deploy', '--fail-level', 'WARNING'])",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    # then nothing is reported
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_settings_refuse_to_start_without_a_secret_key_outside_debug(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    env.update(CADRE_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="cadre.settings")
    result = subprocess.run(
        [sys.executable, "-c", "from cadre.cli import main; main(['check'])"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
