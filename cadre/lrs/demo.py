"""Demo data for the LRS: one client per administration with known, demo-only credentials."""

from __future__ import annotations

from cadre.lrs.models import LrsClient, Scope
from cadre.lrs.services import lrs_client_install
from cadre.tenancy.models import Administration

DEMO_SECRET = "demo-lrs-secret-not-for-production"  # noqa: S105 - the embedded demo only


def load_lrs_demo(*, administration: Administration) -> LrsClient:
    """Install (idempotently) the demo LRS client ``demo-<code>`` with every scope."""
    return lrs_client_install(
        administration=administration,
        name="Demo e-learning player",
        key=f"demo-{administration.code}",
        secret=DEMO_SECRET,
        scopes=list(Scope.values),
    )
