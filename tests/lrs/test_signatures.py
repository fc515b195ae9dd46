"""Signed statements: a JWS whose header carries an x5c certificate must verify against it."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from typing import Any

import orjson
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID

from cadre.lrs.models import Statement
from tests.lrs.conftest import multipart, statement

pytestmark = pytest.mark.django_db
URL = "/xapi/statements"
SIGNATURE = "http://adlnet.gov/expapi/attachments/signature"
HASH = {"RS256": hashes.SHA256, "RS384": hashes.SHA384, "RS512": hashes.SHA512}


def _certificate(key: Any) -> str:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Kasumi e-learning signer")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    return base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()


@pytest.fixture(scope="module")
def signer() -> tuple[rsa.RSAPrivateKey, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key, _certificate(key)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jws(payload: dict[str, Any], key: rsa.RSAPrivateKey, header: dict[str, Any]) -> bytes:
    signing_input = f"{_b64url(orjson.dumps(header))}.{_b64url(orjson.dumps(payload))}".encode()
    signature = key.sign(signing_input, padding.PKCS1v15(), HASH[header["alg"]]())
    return signing_input + b"." + _b64url(signature).encode()


def signed_post(xapi: Any, sent: dict[str, Any], token: bytes) -> Any:
    sha2 = hashlib.sha256(token).hexdigest()
    body_statement = {
        **sent,
        "attachments": [
            {
                "usageType": SIGNATURE,
                "display": {"en-US": "signature"},
                "contentType": "application/octet-stream",
                "length": len(token),
                "sha2": sha2,
            }
        ],
    }
    body, content_type = multipart(body_statement, token, sha2, content_type="application/octet-stream")
    return xapi.post(URL, body, content_type=content_type)


@pytest.mark.parametrize("alg", ["RS256", "RS384", "RS512"])
def test_a_statement_signed_with_its_x5c_certificate_is_stored(xapi_a, signer, alg):
    # Given a statement signed with the key of the certificate its JWS header carries
    key, cert = signer
    sent = statement()
    token = jws(sent, key, {"alg": alg, "x5c": [cert]})
    # When it is posted with its signature attachment
    response = signed_post(xapi_a, sent, token)
    # Then it is stored
    assert response.status_code == 200, response.content
    assert Statement.objects.filter(statement_id=sent["id"]).exists()


def test_a_signature_without_certificate_is_checked_for_form_and_payload_only(xapi_a, signer):
    key, _cert = signer
    sent = statement()
    assert signed_post(xapi_a, sent, jws(sent, key, {"alg": "RS256"})).status_code == 200


def _refused(xapi: Any, sent: dict[str, Any], token: bytes, reason: str) -> None:
    before = Statement.objects.count()
    response = signed_post(xapi, sent, token)
    assert response.status_code == 400, response.content
    assert response.json()["errors"][0]["reason"] == reason
    assert response.json()["errors"][0]["field"].startswith("attachments")
    assert Statement.objects.count() == before


def test_a_tampered_signature_is_refused_and_nothing_is_stored(xapi_a, signer):
    # Given a valid JWS whose signature bytes were altered
    key, cert = signer
    sent = statement()
    head, payload, signature = jws(sent, key, {"alg": "RS256", "x5c": [cert]}).split(b".")
    raw = bytearray(base64.urlsafe_b64decode(signature + b"=" * (-len(signature) % 4)))
    raw[10] ^= 0xFF
    token = b".".join([head, payload, _b64url(bytes(raw)).encode()])
    # When and then: refused naming the signature attachment, nothing stored
    _refused(xapi_a, sent, token, "signature does not verify")


def test_a_signature_by_another_key_than_the_certificates_is_refused(xapi_a, signer):
    _key, cert = signer
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    sent = statement()
    _refused(xapi_a, sent, jws(sent, other, {"alg": "RS256", "x5c": [cert]}), "signature does not verify")


def test_a_header_whose_hash_differs_from_the_signing_hash_is_refused(xapi_a, signer):
    # Signed with SHA-256 but announced as RS512
    key, cert = signer
    sent = statement()
    head = {"alg": "RS512", "x5c": [cert]}
    signing_input = f"{_b64url(orjson.dumps(head))}.{_b64url(orjson.dumps(sent))}".encode()
    signature = key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
    token = signing_input + b"." + _b64url(signature).encode()
    _refused(xapi_a, sent, token, "signature does not verify")


@pytest.mark.parametrize(
    "x5c", [["not base64 !"], [base64.b64encode(b"not a certificate").decode()], "MIIB", [], [7]]
)
def test_an_x5c_that_is_not_a_certificate_is_refused(xapi_a, signer, x5c):
    key, _cert = signer
    sent = statement()
    _refused(xapi_a, sent, jws(sent, key, {"alg": "RS256", "x5c": x5c}), "x5c is not a certificate")


def test_a_certificate_without_an_rsa_key_is_refused(xapi_a, signer):
    key, _cert = signer
    ec_cert = _certificate(ec.generate_private_key(ec.SECP256R1()))
    sent = statement()
    _refused(xapi_a, sent, jws(sent, key, {"alg": "RS256", "x5c": [ec_cert]}), "x5c key is not RSA")
