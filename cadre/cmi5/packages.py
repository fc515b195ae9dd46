"""Read a course package (cmi5.xml alone, or a ZIP with cmi5.xml at its root) and store its content.

A ZIP is inspected from its central directory before anything is written: member names (no
absolute paths, no ``..``, no backslashes or drive letters, no control characters), member count,
declared and actual uncompressed size, compression ratio. Members are then written one by one as
regular files under the package's own folder (never following a name outside it) into a staging
folder that is renamed into place only when everything succeeded.
"""

from __future__ import annotations

import io
import shutil
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings

from cadre.cmi5.structure import CourseSpec, StructureError, is_absolute_url, parse_course_structure
from cadre.core.errors import FieldError

MB = 1024 * 1024
XML_TYPES = {"text/xml", "application/xml"}
ZIP_TYPES = {"application/zip", "application/x-zip-compressed", "application/x-zip"}


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_members: int
    max_uncompressed: int
    max_ratio: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            max_bytes=int(getattr(settings, "CADRE_CMI5_MAX_BYTES", 200 * MB)),
            max_members=int(getattr(settings, "CADRE_CMI5_ZIP_MAX_MEMBERS", 20000)),
            max_uncompressed=int(getattr(settings, "CADRE_CMI5_ZIP_MAX_UNCOMPRESSED", 1024 * MB)),
            max_ratio=int(getattr(settings, "CADRE_CMI5_ZIP_MAX_RATIO", 200)),
        )


@dataclass
class Package:
    course: CourseSpec
    xml: bytes
    archive: zipfile.ZipFile | None = None
    members: dict[str, zipfile.ZipInfo] = field(default_factory=dict)
    uncompressed: int = 0


def _refuse(where: str, reason: str) -> StructureError:
    return StructureError(
        "Not a valid cmi5 course package", [FieldError(where, reason)], code="cmi5_package.invalid"
    )


def content_root() -> Path:
    return Path(getattr(settings, "CADRE_CMI5_CONTENT_ROOT", "") or Path(settings.MEDIA_ROOT) / "cmi5")


def safe_member_name(name: str) -> str | None:
    """The normalised relative path of a ZIP member, or None when it could escape its folder."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/"):
        return None
    if any(unicodedata.category(ch) == "Cc" for ch in name):
        return None
    path = PurePosixPath(name)
    if any(part in {"..", ""} for part in path.parts) or ":" in path.parts[0]:
        return None
    return path.as_posix()


def _kind(data: bytes, content_type: str) -> str:
    media = content_type.split(";")[0].strip().lower()
    if media in ZIP_TYPES:
        return "zip"
    if media in XML_TYPES:
        return "xml"
    if media in {"", "application/octet-stream"}:
        if data[:4] == b"PK\x03\x04":
            return "zip"
        if data.lstrip()[:1] == b"<":
            return "xml"
    raise _refuse(
        "Content-Type", f"a course package is cmi5.xml (text/xml) or a ZIP, not {media or 'unknown'}"
    )


def package_read(*, data: bytes, content_type: str, limits: Limits | None = None) -> Package:
    """Parse and check a package; ``StructureError`` names the reason when it is not a valid one."""
    limits = limits or Limits.from_settings()
    if len(data) > limits.max_bytes:
        raise _refuse("file", f"is larger than {limits.max_bytes // MB} MB")
    if _kind(data, content_type) == "xml":
        course = parse_course_structure(data)
        for au in course.aus:
            if not is_absolute_url(au.url):
                raise _refuse(
                    f"au {au.publisher_id}/url",
                    "must be a fully qualified URL when cmi5.xml comes without a ZIP",
                )
        return Package(course=course, xml=data)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError) as exc:
        raise _refuse("file", f"is not a readable ZIP file ({exc})") from exc
    if len(infos) > limits.max_members:
        raise _refuse("file", f"has more than {limits.max_members} entries")
    members: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = safe_member_name(info.filename)
        if name is None:
            raise _refuse("file", f"entry {info.filename[:200]!r} has an unsafe path")
        if info.flag_bits & 0x1:
            raise _refuse("file", f"entry {name!r} is encrypted")
        total += info.file_size
        if info.compress_size and info.file_size / info.compress_size > limits.max_ratio:
            raise _refuse("file", f"entry {name!r} expands suspiciously (compression ratio)")
        if not info.is_dir():
            members[name] = info
    if total > limits.max_uncompressed:
        raise _refuse("file", f"expands to more than {limits.max_uncompressed // MB} MB")
    if "cmi5.xml" not in members:
        raise _refuse("file", "has no cmi5.xml at the root of the ZIP")
    try:
        xml = archive.read(members["cmi5.xml"])
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refuse("cmi5.xml", f"cannot be read from the ZIP ({exc})") from exc
    course = parse_course_structure(xml)
    for au in course.aus:
        if is_absolute_url(au.url):
            continue
        path = au.url.split("?")[0].split("#")[0]
        name = safe_member_name(path.removeprefix("./"))
        if name is None or name not in members:
            raise _refuse(f"au {au.publisher_id}/url", f"names {path!r}, which is not in the ZIP")
    return Package(course=course, xml=xml, archive=archive, members=members, uncompressed=total)


def content_store(*, package: Package, identifier: uuid.UUID, limits: Limits | None = None) -> int:
    """Write the ZIP's members under the package folder; answer the bytes written."""
    if package.archive is None:
        return 0
    limits = limits or Limits.from_settings()
    root = content_root()
    root.mkdir(parents=True, exist_ok=True)
    staging = root / f".staging-{identifier}"
    final = root / str(identifier)
    written = 0
    try:
        for name, info in package.members.items():
            target = staging.joinpath(*PurePosixPath(name).parts)
            if not target.resolve().is_relative_to(staging.resolve()):
                raise _refuse("file", f"entry {name!r} has an unsafe path")
            target.parent.mkdir(parents=True, exist_ok=True)
            with package.archive.open(info) as source, target.open("wb") as sink:
                while chunk := source.read(1024 * 1024):
                    written += len(chunk)
                    if written > limits.max_uncompressed:
                        raise _refuse("file", f"expands to more than {limits.max_uncompressed // MB} MB")
                    sink.write(chunk)
        staging.mkdir(parents=True, exist_ok=True)
        staging.rename(final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return written


def content_remove(*, identifier: uuid.UUID) -> None:
    shutil.rmtree(content_root() / str(identifier), ignore_errors=True)


def content_file(*, identifier: uuid.UUID, path: str) -> Path | None:
    """The stored file for a content path, or None (missing, a folder, or outside the package)."""
    name = safe_member_name(path)
    if name is None:
        return None
    base = (content_root() / str(identifier)).resolve()
    target = base.joinpath(*PurePosixPath(name).parts).resolve()
    if not target.is_relative_to(base) or not target.is_file():
        return None
    return target
