from __future__ import annotations

import io

import pytest

from cadre.core.errors import DomainError
from cadre.practices.models import PracticeAttachment
from cadre.practices.services import Upload, practice_attachment_add

pytestmark = pytest.mark.django_db


def test_script_upload_is_refused_naming_the_field(world, make_practice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    practice = make_practice("a")
    data = b"<html><script>alert(1)</script></html>"
    with pytest.raises(DomainError) as exc:
        practice_attachment_add(
            actor=world.a.tm, practice=practice, upload=Upload(io.BytesIO(data), "x.pdf", len(data))
        )
    assert exc.value.errors[0].field == "file"
    assert not PracticeAttachment.objects.exists()


def test_pdf_attachment_is_stored(world, make_practice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    practice = make_practice("a")
    data = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    attachment = practice_attachment_add(
        actor=world.a.tm, practice=practice, upload=Upload(io.BytesIO(data), "report.pdf", len(data))
    )
    assert attachment.content_type == "application/pdf"
    assert attachment.name == "report.pdf"
