"""Certificates of participation in a regional event, compiled with typst (fonts from disk only)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typst
from django.utils import translation
from django.utils.translation import gettext as _

from cadre.community.models import Nomination
from cadre.core.typst import font_paths

TEMPLATE = Path(__file__).with_name("typst") / "participation.typ"


def participation_inputs(*, nomination: Nomination, language: str) -> dict[str, str]:
    event = nomination.event
    with translation.override(language):
        return {
            "lang": language.split("-")[0],
            "heading": _("Certificate of participation"),
            "organisers": event.organisers or event.title,
            "certifies": _("This certifies that"),
            "participant": nomination.officer.full_name,
            "administration": nomination.administration.name,
            "took_part": _("took part in"),
            "event": event.title,
            "where": f"{event.venue} · {event.starts_on.isoformat()} – {event.ends_on.isoformat()}",
            "number": str(nomination.certificate_number or ""),
        }


def participation_pdf(*, nomination: Nomination, language: str = "en") -> bytes:
    """Only a selected participant marked as attended has a certificate."""
    if nomination.state != Nomination.State.SELECTED or not nomination.attended:
        raise ValueError("only an attending participant has a certificate")
    stamp = dt.datetime.combine(nomination.event.ends_on, dt.time(12), tzinfo=dt.UTC)
    pdf = typst.compile(
        TEMPLATE,
        font_paths=[Path(p) for p in font_paths()],
        ignore_system_fonts=True,
        sys_inputs=participation_inputs(nomination=nomination, language=language),
        timestamp=stamp,
    )
    assert isinstance(pdf, bytes)
    return pdf
