"""multipart/mixed bodies of statements with attachments: parse requests, build responses."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from cadre.lrs.errors import XapiError


@dataclass
class Part:
    headers: dict[str, str]
    body: bytes


def boundary_of(content_type: str) -> str:
    for param in content_type.split(";")[1:]:
        name, _, value = param.strip().partition("=")
        if name.strip().lower() == "boundary":
            return value.strip().strip('"')
    raise XapiError(400, "multipart/mixed needs a boundary", "Content-Type", "has no boundary")


def parse_multipart(body: bytes, content_type: str) -> list[Part]:
    delimiter = b"--" + boundary_of(content_type).encode()
    chunks = body.split(delimiter)
    if len(chunks) < 3:
        raise XapiError(400, "Malformed multipart body", "body", "has no parts")
    parts: list[Part] = []
    for chunk in chunks[1:]:
        if chunk.startswith(b"--"):
            break
        if chunk.startswith(b"\r\n"):
            chunk = chunk[2:]
        head, sep, content = chunk.partition(b"\r\n\r\n")
        if not sep:
            raise XapiError(400, "Malformed multipart part", "body", "a part has no header block")
        if content.endswith(b"\r\n"):
            content = content[:-2]
        headers: dict[str, str] = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            if ":" in line:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
        parts.append(Part(headers=headers, body=content))
    if not parts:
        raise XapiError(400, "Malformed multipart body", "body", "has no parts")
    return parts


def digest_of(content: bytes, sha2: str) -> str:
    """Hash ``content`` with the SHA-2 variant whose length matches the declared digest."""
    algorithm = {56: hashlib.sha224, 64: hashlib.sha256, 96: hashlib.sha384, 128: hashlib.sha512}.get(
        len(sha2), hashlib.sha256
    )
    return algorithm(content).hexdigest()


def attachment_parts(parts: list[Part]) -> dict[str, tuple[str, bytes]]:
    """sha2 -> (content type, content) of every attachment part, each checked against its hash."""
    found: dict[str, tuple[str, bytes]] = {}
    for i, part in enumerate(parts, start=1):
        sha2 = part.headers.get("x-experience-api-hash")
        if not sha2:
            raise XapiError(
                400, "Attachment part without X-Experience-API-Hash", f"part[{i}]", "no hash header"
            )
        encoding = part.headers.get("content-transfer-encoding")
        if encoding is None or encoding.lower() != "binary":
            raise XapiError(400, "Attachment parts must be binary", f"part[{i}]", "Content-Transfer-Encoding")
        if digest_of(part.body, sha2) != sha2.lower():
            raise XapiError(400, "Attachment content does not match its hash", f"part[{i}]", "SHA-2 mismatch")
        found[sha2.lower()] = (part.headers.get("content-type", "application/octet-stream"), part.body)
    return found


def build_multipart(statements_json: bytes, attachments: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    """A multipart/mixed response: the statements, then each (sha2, content type, content)."""
    boundary = secrets.token_hex(16)
    out = [f"--{boundary}\r\nContent-Type: application/json\r\n\r\n".encode(), statements_json, b"\r\n"]
    for sha2, content_type, content in attachments:
        out.append(
            (
                f"--{boundary}\r\nContent-Type: {content_type}\r\nContent-Transfer-Encoding: binary\r\n"
                f"X-Experience-API-Hash: {sha2}\r\n\r\n"
            ).encode()
        )
        out.append(content)
        out.append(b"\r\n")
    out.append(f"--{boundary}--".encode())
    return b"".join(out), f"multipart/mixed; boundary={boundary}"
