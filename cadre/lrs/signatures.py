"""Signed statements (JWS compact serialisation): structure, algorithm, payload and certificate checks.

As the specification requires, a JWS whose header carries an X.509 chain (``x5c``) is verified
against the first certificate's RSA key. That catches mistakes in the signature; it is not a
trust decision (no chain or expiry validation), which the specification leaves to consumers.
"""

from __future__ import annotations

import base64
import binascii
import copy
from typing import Any

import orjson
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from cadre.lrs.errors import XapiError
from cadre.lrs.records import normalize, truncate_duration

ALGORITHMS = frozenset({"RS256", "RS384", "RS512"})
HASHES: dict[str, type[hashes.SHA256 | hashes.SHA384 | hashes.SHA512]] = {
    "RS256": hashes.SHA256,
    "RS384": hashes.SHA384,
    "RS512": hashes.SHA512,
}
IGNORED_KEYS = ("id", "stored", "authority", "attachments", "version", "timestamp")


def _b64(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def _comparable(statement: dict[str, Any], keep_id: bool) -> dict[str, Any]:
    clone = normalize(copy.deepcopy(statement))
    for part in (clone, clone.get("object") or {}):
        result = part.get("result") if isinstance(part, dict) else None
        if isinstance(result, dict) and isinstance(result.get("duration"), str):
            result["duration"] = truncate_duration(result["duration"])
    for key in IGNORED_KEYS:
        if key == "id" and keep_id:
            continue
        if key == "timestamp" and "timestamp" in statement:
            continue
        clone.pop(key, None)
    return clone


def check_signature(statement: dict[str, Any], content: bytes, field_name: str) -> None:
    """Reject a signature attachment that is not a JWS of this statement with an RS algorithm."""
    try:
        header_b64, payload_b64, signature_b64 = content.decode("ascii").strip().split(".")
        header = orjson.loads(_b64(header_b64))
        payload = orjson.loads(_b64(payload_b64))
        _b64(signature_b64)
    except (ValueError, UnicodeDecodeError, binascii.Error, orjson.JSONDecodeError) as exc:
        raise XapiError(400, "The signature is not a JWS", field_name, "is not a JWS") from exc
    if not isinstance(header, dict) or header.get("alg") not in ALGORITHMS:
        raise XapiError(
            400, "The signature must use RS256, RS384 or RS512", field_name, "algorithm not allowed"
        )
    if not isinstance(payload, dict):
        raise XapiError(400, "The JWS payload must be a statement", field_name, "payload is not a statement")
    if "x5c" in header:
        _verify_with_certificate(
            header, f"{header_b64}.{payload_b64}".encode("ascii"), _b64(signature_b64), field_name
        )
    keep_id = "id" in payload
    payload_view = _comparable(payload, keep_id)
    if not keep_id:
        payload_view.pop("timestamp", None) if "timestamp" not in payload else None
    statement_view = _comparable(statement, keep_id)
    if "timestamp" not in payload:
        statement_view.pop("timestamp", None)
    if payload_view != statement_view:
        raise XapiError(400, "The JWS payload does not match the statement", field_name, "payload mismatch")


def _verify_with_certificate(
    header: dict[str, Any], signed: bytes, signature: bytes, field_name: str
) -> None:
    """Verify the RSA signature with the key of the first certificate of the header's ``x5c``."""
    chain = header["x5c"]
    try:
        if not isinstance(chain, list) or not chain or not isinstance(chain[0], str):
            raise ValueError("x5c is not a list of certificates")
        # x5c holds standard (not URL-safe) base64 of DER certificates (RFC 7515, 4.1.6)
        certificate = x509.load_der_x509_certificate(base64.b64decode(chain[0], validate=True))
        key = certificate.public_key()
    except (ValueError, binascii.Error) as exc:
        raise XapiError(
            400,
            "The JWS header's x5c does not hold an X.509 certificate",
            field_name,
            "x5c is not a certificate",
        ) from exc
    if not isinstance(key, rsa.RSAPublicKey):
        raise XapiError(400, "The x5c certificate does not hold an RSA key", field_name, "x5c key is not RSA")
    try:
        key.verify(signature, signed, padding.PKCS1v15(), HASHES[header["alg"]]())
    except InvalidSignature as exc:
        raise XapiError(
            400,
            "The signature does not verify against the x5c certificate",
            field_name,
            "signature does not verify",
        ) from exc
