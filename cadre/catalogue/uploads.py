"""Check an uploaded module file before anything is stored: its name, size, type and safety.

The type comes from the content (magic bytes, and for ZIP-based formats the archive's members),
and the name's extension must agree with it. Archives are inspected from their central directory
without extracting anything: member paths, member count, declared uncompressed size, compression
ratio and nested archives. Anything that could carry script a browser would run (SVG, HTML, a PDF
with JavaScript, an Office file with macros) is refused. Every refusal is a ``DomainError`` naming
the form field and the reason.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

from cadre.core.errors import DomainError, FieldError

MB = 1024 * 1024


@dataclass(frozen=True)
class FileType:
    key: str
    content_type: str
    extensions: frozenset[str]


TYPES = {
    t.key: t
    for t in (
        FileType("pdf", "application/pdf", frozenset({".pdf"})),
        FileType("mp4", "video/mp4", frozenset({".mp4", ".m4v"})),
        FileType("mp3", "audio/mpeg", frozenset({".mp3"})),
        FileType("png", "image/png", frozenset({".png"})),
        FileType("jpeg", "image/jpeg", frozenset({".jpg", ".jpeg"})),
        FileType("webp", "image/webp", frozenset({".webp"})),
        FileType("zip", "application/zip", frozenset({".zip"})),
        FileType(
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            frozenset({".pptx"}),
        ),
        FileType(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            frozenset({".docx"}),
        ),
    )
}
ALLOWED_EXTENSIONS = sorted(ext for t in TYPES.values() for ext in t.extensions)
_NESTED_ARCHIVES = (".zip", ".jar", ".7z", ".rar", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".zst", ".cab")
_SCRIPT_MARKERS = (b"<script", b"<svg", b"javascript:")
_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch)\b")
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


@dataclass(frozen=True)
class UploadLimits:
    max_bytes: int
    zip_max_members: int
    zip_max_uncompressed: int
    zip_max_ratio: int

    @classmethod
    def from_settings(cls) -> UploadLimits:
        return cls(
            max_bytes=int(getattr(settings, "CADRE_UPLOAD_MAX_BYTES", 100 * MB)),
            zip_max_members=int(getattr(settings, "CADRE_UPLOAD_ZIP_MAX_MEMBERS", 5000)),
            zip_max_uncompressed=int(getattr(settings, "CADRE_UPLOAD_ZIP_MAX_UNCOMPRESSED", 500 * MB)),
            zip_max_ratio=int(getattr(settings, "CADRE_UPLOAD_ZIP_MAX_RATIO", 100)),
        )


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed every check: the name to show and the type found in the content."""

    display_name: str
    extension: str
    content_type: str
    size: int


class _RefusedError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def upload_check(*, data: IO[bytes], name: str, size: int, field: str = "file") -> CheckedUpload:
    """Check a file the client sent as ``name``; raise a DomainError naming ``field`` if refused."""
    try:
        return _check(data, name, size, UploadLimits.from_settings())
    except _RefusedError as exc:
        raise DomainError(_("File refused"), [FieldError(field, exc.reason)]) from None
    finally:
        data.seek(0)


def _check(data: IO[bytes], name: str, size: int, limits: UploadLimits) -> CheckedUpload:
    clean = safe_file_name(name)
    extension = PurePosixPath(clean).suffix.lower()
    if size <= 0:
        raise _RefusedError(_("the file is empty"))
    if size > limits.max_bytes:
        raise _RefusedError(_("larger than the limit of %(max)s MB") % {"max": limits.max_bytes // MB})
    data.seek(0)
    head = data.read(4096)
    if extension == ".svg" or b"<svg" in head.lower():
        raise _RefusedError(_("SVG images are refused: they can carry script"))
    kind = _sniff(head)
    if kind is None:
        raise _RefusedError(
            _("file type not allowed; allowed: %(items)s") % {"items": ", ".join(ALLOWED_EXTENSIONS)}
        )
    if kind == "zip":
        kind = _check_archive(data, limits)
    else:
        _check_no_script(data, kind)
    file_type = TYPES[kind]
    if extension not in file_type.extensions:
        raise _RefusedError(
            _("the name's extension (%(extension)s) does not match its content (%(kind)s)")
            % {"extension": extension or _("none"), "kind": kind.upper()}
        )
    return CheckedUpload(clean, extension, file_type.content_type, size)


def safe_file_name(name: str) -> str:
    """The name to store and show; refuse names that carry a path or control characters."""
    if "\x00" in name:
        raise _RefusedError(_("the name contains a NUL byte"))
    if any(unicodedata.category(ch) == "Cc" for ch in name):
        raise _RefusedError(_("the name contains control characters"))
    if "/" in name or "\\" in name or PureWindowsPath(name).drive:
        raise _RefusedError(_("the name must be a plain file name, without a path"))
    name = unicodedata.normalize("NFKC", name).strip()
    if name in {"", ".", ".."}:
        raise _RefusedError(_("the file has no name"))
    if len(name) > 200:
        raise _RefusedError(_("the name is longer than 200 characters"))
    # Keep letters of any script, digits and a few separators; quotes and the rest become "_".
    clean = re.sub(r"[^\w.\- ()]", "_", name).lstrip(". ")
    return clean or "download"


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp":
        return "mp4"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    return None


def _chunks(data: IO[bytes], size: int = MB) -> Any:
    """The content in overlapping chunks, so a marker split across a boundary is still seen."""
    data.seek(0)
    tail = b""
    while chunk := data.read(size):
        yield tail + chunk
        tail = chunk[-32:]


def _check_no_script(data: IO[bytes], kind: str) -> None:
    for chunk in _chunks(data):
        lowered = chunk.lower()
        if any(marker in lowered for marker in _SCRIPT_MARKERS):
            raise _RefusedError(_("the file contains script or markup a browser could run"))
        if kind == "pdf" and _PDF_ACTIVE.search(
            _PDF_NAME_ESCAPE.sub(lambda m: bytes.fromhex(m[1].decode()), chunk)
        ):
            raise _RefusedError(_("the PDF contains JavaScript or a launch action"))


def _unsafe_member(name: str) -> bool:
    parts = re.split(r"[/\\]", name)
    return (
        "\x00" in name or name.startswith(("/", "\\")) or bool(PureWindowsPath(name).drive) or ".." in parts
    )


def _check_archive(data: IO[bytes], limits: UploadLimits) -> str:
    """Inspect a ZIP (or an Office file, which is one) without extracting it; return its type."""
    data.seek(0)
    try:
        archive = zipfile.ZipFile(data)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _RefusedError(_("not a readable ZIP archive")) from None
    with archive:
        members = archive.infolist()
        if len(members) > limits.zip_max_members:
            raise _RefusedError(
                _("the archive has more than %(max)s members") % {"max": limits.zip_max_members}
            )
        total = sum(m.file_size for m in members)
        packed = sum(m.compress_size for m in members)
        if total > limits.zip_max_uncompressed:
            raise _RefusedError(
                _("the archive would expand to more than %(max)s MB")
                % {"max": limits.zip_max_uncompressed // MB}
            )
        if total > MB and total > limits.zip_max_ratio * max(packed, 1):
            raise _RefusedError(
                _("the archive's compression ratio exceeds %(ratio)s:1 (zip bomb)")
                % {"ratio": limits.zip_max_ratio}
            )
        names = {m.filename for m in members}
        for member in members:
            lowered = member.filename.lower()
            if _unsafe_member(member.filename):
                raise _RefusedError(
                    _("the archive member %(filename)r has an unsafe path") % {"filename": member.filename}
                )
            if lowered.endswith(_NESTED_ARCHIVES):
                raise _RefusedError(
                    _("nested archives are refused (%(filename)s)") % {"filename": member.filename}
                )
            if lowered.endswith("vbaproject.bin"):
                raise _RefusedError(_("Office files with macros are refused"))
            if not member.is_dir() and member.file_size >= 4:
                try:
                    with archive.open(member) as handle:
                        if handle.read(4) == b"PK\x03\x04":
                            raise _RefusedError(
                                _("nested archives are refused (%(filename)s)")
                                % {"filename": member.filename}
                            )
                except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError):
                    raise _RefusedError(
                        _("the archive member %(filename)r cannot be read") % {"filename": member.filename}
                    ) from None
    if "[Content_Types].xml" in names:
        if "ppt/presentation.xml" in names:
            return "pptx"
        if "word/document.xml" in names:
            return "docx"
        raise _RefusedError(_("only PowerPoint (PPTX) and Word (DOCX) Office files are allowed"))
    return "zip"
