"""Completion certificates: a PDF from typst, Japanese names rendered with packaged CJK fonts."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from cadre.delivery.certificates import certificate_pdf
from cadre.delivery.models import Completion, Enrolment
from tests.delivery.conftest import make_enrolment
from tests.support.fonts import require_noto_fonts

pytestmark = pytest.mark.django_db


@pytest.fixture
def completion(world, delivery):
    officer = world.a.learner_officer
    officer.given_name, officer.family_name = "花子", "佐藤 #exit() *bold*"
    officer.save()
    enrolment = make_enrolment(delivery.session, officer, Enrolment.State.CONFIRMED)
    return Completion.objects.create(
        enrolment=enrolment, passed=True, score=88, completed_on=dt.date(2026, 5, 12)
    )


def _fonts(pdf: bytes) -> set[str]:
    return {m.decode() for m in re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([A-Za-z0-9\-]+)", pdf)}


def test_certificate_is_a_pdf_with_the_japanese_name_in_a_cjk_font(completion):
    require_noto_fonts()
    pdf = certificate_pdf(completion=completion, language="ja")
    assert pdf.startswith(b"%PDF-")
    assert any("CJK" in name for name in _fonts(pdf)), _fonts(pdf)


def test_failed_completion_has_no_certificate(completion):
    completion.passed = False
    with pytest.raises(ValueError):
        certificate_pdf(completion=completion)


def test_download_by_the_officer_and_not_by_others(world, completion, client_for):
    url = reverse("delivery:certificate", args=[completion.enrolment_id])
    response = client_for(world.a.learner).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert client_for(world.b.tm).get(url).status_code == 404
    assert client_for(world.a.officers and world.b.learner).get(url).status_code == 404
