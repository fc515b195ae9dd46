"""The ``demo`` management command."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cadre.demo.data import DEMO_PASSWORD
from cadre.demo.management.commands import demo as demo_command
from cadre.people.models import Officer
from cadre.tenancy.models import Administration


@pytest.fixture
def served(monkeypatch):
    """Record runserver calls instead of serving; let every other command run."""
    calls = []
    real = demo_command.call_command

    def fake(name, *args, **kwargs):
        if name == "runserver":
            calls.append((args, kwargs))
            return None
        return real(name, *args, **kwargs)

    monkeypatch.setattr(demo_command, "call_command", fake)
    return calls


@pytest.mark.django_db
def test_demo_loads_prints_logins_and_serves(settings, served):
    # given a development setup and an empty database
    settings.DEBUG = True
    out = StringIO()
    # when the demo runs
    call_command("demo", "--officers", "300", "--addr", "127.0.0.1:8123", stdout=out)
    # then the data is loaded, every persona is printed with the password, and the server starts
    text = out.getvalue()
    assert Administration.objects.count() == 24
    assert Officer.objects.filter(administration__code="kasumi").count() == 300
    for username in (
        "tm.kasumi",
        "admin.kasumi",
        "sup.kasumi",
        "officer.kasumi",
        "coordinator",
        "regional.admin",
    ):
        assert username in text
    assert DEMO_PASSWORD in text
    assert served == [(("127.0.0.1:8123",), {"use_reloader": False, "skip_checks": True})]
    # when it runs again without serving
    again = StringIO()
    call_command("demo", "--no-serve", stdout=again)
    # then it adds nothing and does not serve
    assert "already loaded" in again.getvalue()
    assert Officer.objects.filter(administration__code="kasumi").count() == 300
    assert len(served) == 1


@pytest.mark.django_db
def test_demo_refuses_without_debug_and_loads_nothing(settings, served):
    # given production settings
    settings.DEBUG = False
    # when the demo runs
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo", "--no-serve")
    # then nothing was loaded and nothing served
    assert not Administration.objects.exists()
    assert served == []


@pytest.mark.django_db
def test_demo_rejects_a_tiny_officer_count(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="--officers"):
        call_command("demo", "--no-serve", "--officers", "299")
    assert not Administration.objects.exists()
