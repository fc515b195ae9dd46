"""Completion certificates as PDF, compiled with typst from ``typst/certificate.typ``.

Fonts come only from disk: typst's embedded fonts (Latin) plus the Noto CJK fonts of Debian's
``fonts-noto-cjk`` package when installed, so Japanese, Chinese and Korean names render. System
fonts are ignored, so the output does not depend on whatever else the machine has.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import typst
from django.utils import translation
from django.utils.translation import gettext as _

from cadre.core.typst import font_paths
from cadre.delivery.models import Completion
from cadre.delivery.selectors import session_days

TEMPLATE = Path(__file__).with_name("typst") / "certificate.typ"


def _dates(first: dt.date, last: dt.date) -> str:
    if first == last:
        return first.isoformat()
    return f"{first.isoformat()} – {last.isoformat()}"


def certificate_inputs(*, completion: Completion, language: str) -> dict[str, str]:
    """The certificate's texts, translated into ``language``; all plain strings."""
    enrolment = completion.enrolment
    session = enrolment.session
    # A self-paced course has no class days: the certificate dates the completion itself.
    days = [completion.completed_on] if session.self_paced else session_days(session=session)
    with translation.override(language):
        score = (
            _("Score: %(score)s / 100") % {"score": f"{Decimal(completion.score).normalize():f}"}
            if completion.score is not None
            else ""
        )
        return {
            "lang": language.split("-")[0],
            "title": _("Certificate of completion"),
            "heading": _("Certificate of completion"),
            "administration": session.administration.name,
            "certifies": _("This certifies that"),
            "officer": enrolment.officer.full_name,
            "completed": _("has successfully completed the course"),
            "course": f"{session.course.code} · {session.course.title}",
            "dates": _dates(days[0], days[-1]),
            "result": score,
            "issued": _("Issued on %(date)s") % {"date": completion.completed_on.isoformat()},
            "number": str(completion.certificate_number),
        }


def certificate_pdf(*, completion: Completion, language: str = "en") -> bytes:
    """Compile the completion's certificate; only a passed completion has one."""
    if not completion.passed:
        raise ValueError("only a passed completion has a certificate")
    inputs = certificate_inputs(completion=completion, language=language)
    stamp = dt.datetime.combine(completion.completed_on, dt.time(12), tzinfo=dt.UTC)
    pdf = typst.compile(
        TEMPLATE,
        font_paths=[Path(p) for p in font_paths()],
        ignore_system_fonts=True,
        sys_inputs=inputs,
        timestamp=stamp,
    )
    assert isinstance(pdf, bytes)
    return pdf
