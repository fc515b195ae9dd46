"""The public-faces rule (tools/contracts.py) on the cases it must tell apart."""

import pytest

from tools.contracts import allowed


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("cadre.delivery.services", "cadre.catalogue.selectors"),
        ("cadre.delivery.views.sessions", "cadre.catalogue.services.courses"),
        ("cadre.delivery.services", "cadre.tenancy.types"),
        ("cadre.evaluation.apps", "cadre.delivery.hooks"),
        ("cadre.delivery.models", "cadre.catalogue.models"),  # a foreign key
        ("cadre.delivery.migrations.0001_initial", "cadre.people.models"),
        ("cadre.delivery.services", "cadre.core.listing"),  # shared kernel
        ("cadre.delivery.services", "cadre.tenancy.access"),
        ("cadre.delivery.services", "cadre.delivery.models"),  # its own app
        ("cadre.api.root", "cadre.delivery.api"),  # the API mounts routers
        ("cadre.demo.management.commands.demo", "cadre.catalogue.demo"),
        ("cadre.urls", "cadre.delivery.urls"),  # the project's composition root
    ],
)
def test_allowed(importer, imported):
    assert allowed(importer, imported)


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("cadre.delivery.services", "cadre.catalogue.models"),  # a query on another app's table
        ("cadre.delivery.views.sessions", "cadre.catalogue.forms"),  # another app's private helper
        ("cadre.home.panels", "cadre.delivery.queues"),
        ("cadre.delivery.services", "cadre.api.root"),
        ("cadre.planning.services", "cadre.delivery.api"),  # only cadre.api mounts routers
        ("cadre.catalogue.services", "cadre.delivery.demo"),  # only cadre.demo loads demo data
    ],
)
def test_refused(importer, imported):
    assert not allowed(importer, imported)
