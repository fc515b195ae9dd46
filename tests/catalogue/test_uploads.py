"""Upload checks: allowed types by content, and every hostile file refused with its field and reason."""

from __future__ import annotations

import io
import zipfile

import pytest

from cadre.catalogue.uploads import upload_check
from cadre.core.errors import DomainError
from tests.catalogue.conftest import PDF, PNG, zip_bytes


def check(data: bytes, name: str):
    return upload_check(data=io.BytesIO(data), name=name, size=len(data))


def refusal(data: bytes, name: str) -> str:
    with pytest.raises(DomainError) as exc:
        check(data, name)
    assert [e.field for e in exc.value.errors] == ["file"]
    return exc.value.errors[0].reason


OOXML = {"[Content_Types].xml": b"<Types/>"}


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [
        (PDF, "guide.pdf", "application/pdf"),
        (PNG, "chart.png", "image/png"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 20, "photo.JPG", "image/jpeg"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 20, "pic.webp", "image/webp"),
        (b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 20, "clip.mp4", "video/mp4"),
        (b"ID3\x03\x00" + b"\x00" * 20, "talk.mp3", "audio/mpeg"),
        (
            zip_bytes({"index.html": b"<html></html>", "tincan.xml": b"<tincan/>"}),
            "package.zip",
            "application/zip",
        ),
        (
            zip_bytes({**OOXML, "ppt/presentation.xml": b"<p/>"}),
            "slides.pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        (
            zip_bytes({**OOXML, "word/document.xml": b"<w/>"}),
            "notes.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_allowed_types_are_found_by_content(data, name, content_type):
    # given an allowed file / when it is checked / then its type comes from its bytes
    assert check(data, name).content_type == content_type


def test_the_shown_name_is_sanitized():
    assert check(PDF, 'Règlement "final" <v2>.pdf').display_name == "Règlement _final_ _v2_.pdf"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("../../etc/passwd", "without a path"),
        ("/etc/passwd.pdf", "without a path"),
        ("..\\..\\boot.ini.pdf", "without a path"),
        ("C:guide.pdf", "without a path"),
        ("guide\x00.pdf", "NUL byte"),
        ("guide\n.pdf", "control characters"),
        ("..", "no name"),
    ],
)
def test_path_traversal_names_are_refused(name, reason):
    assert reason in refusal(PDF, name)


def test_svg_is_refused_whatever_its_name():
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    assert "SVG" in refusal(svg, "logo.svg")
    assert "SVG" in refusal(svg, "logo.png")


def test_html_and_unknown_types_are_refused():
    assert "type not allowed" in refusal(b"<html><body>hi</body></html>", "page.html")
    assert "type not allowed" in refusal(b"MZ\x90\x00", "setup.exe")


def test_script_hidden_in_an_allowed_type_is_refused():
    # given a PNG polyglot carrying HTML script
    assert "script" in refusal(PNG + b"<script>alert(1)</script>", "chart.png")


def test_pdf_with_javascript_is_refused_even_when_the_name_is_escaped():
    assert "JavaScript" in refusal(
        PDF + b"<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>", "x.pdf"
    )
    assert "JavaScript" in refusal(PDF + b"<< /S /J#61vaScript >>", "x.pdf")


def test_extension_must_match_content():
    assert "does not match" in refusal(PNG, "guide.pdf")
    assert "does not match" in refusal(PDF, "guide")


def test_oversize_and_empty_files_are_refused(settings):
    settings.CADRE_UPLOAD_MAX_BYTES = 1024 * 1024
    assert "limit of 1 MB" in refusal(PDF + b"0" * (1024 * 1024), "big.pdf")
    assert "empty" in refusal(b"", "empty.pdf")


def test_zip_bomb_by_ratio_is_refused():
    bomb = zip_bytes({"zeros.bin": b"\x00" * (20 * 1024 * 1024)})
    assert "ratio" in refusal(bomb, "package.zip")


def test_zip_declaring_a_huge_expansion_is_refused(settings):
    settings.CADRE_UPLOAD_ZIP_MAX_UNCOMPRESSED = 1024 * 1024
    data = zip_bytes({"a.bin": bytes(range(256)) * 8192}, compression=zipfile.ZIP_STORED)
    assert "expand to more than 1 MB" in refusal(data, "package.zip")


def test_zip_with_too_many_members_is_refused(settings):
    settings.CADRE_UPLOAD_ZIP_MAX_MEMBERS = 10
    assert "more than 10 members" in refusal(zip_bytes({f"f{i}.txt": b"x" for i in range(11)}), "package.zip")


def test_nested_zip_is_refused_by_name_and_by_content():
    inner = zip_bytes({"a.txt": b"hello"})
    assert "nested" in refusal(zip_bytes({"inner.zip": inner}), "package.zip")
    assert "nested" in refusal(zip_bytes({"inner.dat": inner}), "package.zip")


def test_zip_slip_members_are_refused():
    assert "unsafe path" in refusal(zip_bytes({"../../evil.sh": b"x"}), "package.zip")
    assert "unsafe path" in refusal(zip_bytes({"/etc/cron.d/x": b"x"}), "package.zip")


def test_office_files_with_macros_are_refused():
    data = zip_bytes({**OOXML, "ppt/presentation.xml": b"<p/>", "ppt/vbaProject.bin": b"x"})
    assert "macros" in refusal(data, "slides.pptx")


def test_a_broken_zip_is_refused():
    assert "ZIP" in refusal(b"PK\x03\x04" + b"garbage" * 10, "package.zip")
