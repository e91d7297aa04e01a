#!/usr/bin/env python3
"""Independent check of the Sandyq lawyer-protocol test vectors (see docs/unseal.md).

Without any Sandyq code, using the `cryptography` package (one with `cryptography.hazmat.primitives.hpke`; 48 works): for the
request, the approvals and the reply it re-derives the canonical body (RFC 8785; for these bodies,
which hold only ASCII strings and integers, Python's sorted compact json.dumps is JCS), the hash
and the signed bytes, verifies each Ed25519 signature and re-makes it from the published seed; opens
every HPKE ciphertext (the reason for each lawyer, the requester's key file, each re-sealed share,
the reply's text key for the source and each lawyer) with the info built from the spec; checks that
every copy of the reason is the one salt and reason the signed reason_commitment binds; combines
the approvers' shares with its own GF(2^8) Lagrange interpolation to the section key; and decrypts
the reply text with AES-256-GCM. Of the "invalid" documents it checks the equivocating request (the
one with "opened_by": a valid signature, and a copy for that lawyer that breaks the commitment);
the Java test checks them all.
"""
import base64
import hashlib
import json
import pathlib

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives import hpke

V = json.loads((pathlib.Path(__file__).parent / "v1.json").read_text(encoding="utf-8"))
SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)


def jcs(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def domain(name):
    return name.encode("ascii") + b"\x00"


def b64(text):
    raw = base64.b64decode(text, validate=True)
    assert base64.b64encode(raw).decode() == text, "canonical base64"
    return raw


def x25519(hex_private):
    return X25519PrivateKey.from_private_bytes(bytes.fromhex(hex_private))


def open_hpke(private, sealed, info):
    return SUITE.decrypt(sealed, private, info)


def reason_commitment(request_id, plaintext):
    """SHA-256 over the domain, the request id and a copy's plaintext, salt(32) || reason."""
    return hashlib.sha256(domain("sandyq/v1/unseal-reason-commitment") + request_id + plaintext).hexdigest()


def reason_copies(body):
    """Each roster lawyer's copy of the reason, decrypted: {key id: salt(32) || reason}."""
    request_id = bytes.fromhex(body["request"])
    copies = {}
    for entry in body["reason"]:
        info = domain("sandyq/v1/unseal-reason") + request_id + bytes.fromhex(entry["key_id"])
        copies[entry["key_id"]] = open_hpke(x25519(lawyers[entry["key_id"]]["x25519_private"]), b64(entry["sealed"]), info)
        assert len(copies[entry["key_id"]]) >= 33, "a salt and at least one byte of reason"
    return copies


lawyers = {l["key_id"]: l for l in V["lawyers"]}
roster = [l["key_id"] for l in V["lawyers"]]


def check_signed(vector, type_, author_member, domain_name):
    """A vector's document, its hash and signed bytes; returns the body."""
    body = verify_signed(vector["document"], type_, author_member, domain_name)
    assert hashlib.sha256(jcs(body)).hexdigest() == vector["sha256"]
    assert (domain(domain_name) + jcs(body)).hex() == vector["signed_bytes"]
    return body


def verify_signed(doc, type_, author_member, domain_name):
    """A signed document by a roster lawyer, its signature checked and re-made; returns the body."""
    assert set(doc) == {"body", "signer", "signature"}
    body = doc["body"]
    assert body["type"] == type_ and body["v"] == 1 and body[author_member] == doc["signer"]
    signed = domain(domain_name) + jcs(body)
    signer = lawyers[doc["signer"]]
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(signer["ed25519_seed"]))
    assert base64.b64encode(key.public_key().public_bytes_raw()).decode() == signer["identity"]["sig"]
    signature = b64(doc["signature"])
    key.public_key().verify(signature, signed)
    assert key.sign(signed) == signature, "Ed25519 is deterministic"
    return body


# The request: policy, roster order, expiry, one salt and reason for every lawyer, bound by the
# commitment, the requester's key file.
request = check_signed(V["request"], "unseal-request", "requester", "sandyq/v1/unseal-request")
rid = bytes.fromhex(request["request"])
assert request["policy"] == V["policy"] and request["submission"] == V["submission"]
assert [r["key_id"] for r in request["reason"]] == roster
salt = bytes.fromhex(V["request"]["salt"])
commitment_input = domain("sandyq/v1/unseal-reason-commitment") + rid + salt + V["request"]["reason"].encode()
assert len(salt) == 32 and commitment_input.hex() == V["request"]["reason_commitment_input"]
assert hashlib.sha256(commitment_input).hexdigest() == request["reason_commitment"]
for plaintext in reason_copies(request).values():
    assert plaintext[:32] == salt and plaintext[32:].decode() == V["request"]["reason"]
    assert reason_commitment(rid, plaintext) == request["reason_commitment"]
ephemeral = x25519(V["request"]["ephemeral_private"])
assert base64.b64encode(ephemeral.public_key().public_bytes_raw()).decode() == request["ephemeral_key"]
key_file = V["request"]["key_file"]
requester = lawyers[request["requester"]]
info = domain("sandyq/v1/unseal-ephemeral-key") + rid + bytes.fromhex(requester["key_id"])
assert key_file["request"] == request["request"] and key_file["owner"] == requester["key_id"]
assert open_hpke(x25519(requester["x25519_private"]), b64(key_file["sealed"]), info).hex() == V["request"]["ephemeral_private"]

# The approvals: bound to the request, each share opened with the ephemeral key.
shares = []
for vector in V["approvals"]:
    body = check_signed(vector, "unseal-approval", "approver", "sandyq/v1/unseal-approval")
    assert body["request"] == request["request"] and body["request_sha256"] == V["request"]["sha256"]
    assert body["submission"] == request["submission"] and body["section"] == request["section"]
    assert body["approver"] != request["requester"]
    info = domain("sandyq/v1/approval-share") + rid + bytes.fromhex(body["approver"])
    exported = open_hpke(ephemeral, b64(body["share"]), info)
    assert exported.hex() == vector["exported_share"]
    # 0x01 || kind (2 = evidence) || submission(16) || key id(16) || index || share(32)
    assert exported[0] == 1 and exported[1] == 2 and exported[2:18].hex() == V["submission"]
    assert exported[18:34].hex() == body["approver"]
    shares.append((exported[34], exported[35:67]))


def gf_mul(a, b):
    out = 0
    while b:
        if b & 1:
            out ^= a
        a = (a << 1) ^ (0x11B if a & 0x80 else 0)
        b >>= 1
    return out


def gf_inv(a):
    return next(b for b in range(1, 256) if gf_mul(a, b) == 1)


key = bytearray(32)
for i, (xi, yi) in enumerate(shares):
    basis = 1
    for m, (xm, _) in enumerate(shares):
        if m != i:
            basis = gf_mul(basis, gf_mul(xm, gf_inv(xm ^ xi)))
    for j in range(32):
        key[j] ^= gf_mul(yi[j], basis)
assert len(shares) >= V["threshold"] and key.hex() == V["section_key"]

# The reply: the text key for the source and every lawyer, then the text.
reply = check_signed(V["reply"], "reply", "author", "sandyq/v1/reply")
reply_id = bytes.fromhex(reply["reply"])
assert reply["keys"][0]["to"] == "source" and [k["to"] for k in reply["keys"][1:]] == roster
source = x25519(V["source_reply_private"])
assert base64.b64encode(source.public_key().public_bytes_raw()).decode() == V["source_reply_public"]
text_key = open_hpke(source, b64(reply["keys"][0]["sealed"]), domain("sandyq/v1/reply-key") + reply_id + b"source")
for k in reply["keys"][1:]:
    info = domain("sandyq/v1/reply-key") + reply_id + bytes.fromhex(k["to"])
    assert open_hpke(x25519(lawyers[k["to"]]["x25519_private"]), b64(k["sealed"]), info) == text_key
assert text_key.hex() == V["reply"]["text_key"]
aad = domain("sandyq/v1/reply") + reply_id + bytes.fromhex(reply["submission"])
assert aad.hex() == V["reply"]["aad"]
ciphertext = b64(reply["ciphertext"])
assert AESGCM(text_key).decrypt(ciphertext[:12], ciphertext[12:], aad).decode() == V["reply"]["text"]

# The equivocating request: validly signed by the requester, but the lawyer named by "opened_by" was
# told another reason than the one the signed commitment binds; everyone else's copy holds.
equivocating = [bad for bad in V["invalid"] if "opened_by" in bad]
assert equivocating
for bad in equivocating:
    assert bad["kind"] == "unseal-request" and bad["problem"] == "reason-mismatch"
    body = verify_signed(bad["document"], "unseal-request", "requester", "sandyq/v1/unseal-request")
    request_id = bytes.fromhex(body["request"])
    told = next(l["key_id"] for l in V["lawyers"] if l["name"] == bad["opened_by"])
    for key_id, plaintext in reason_copies(body).items():
        holds = reason_commitment(request_id, plaintext) == body["reason_commitment"]
        assert holds == (key_id != told), key_id
    assert reason_copies(body)[told][32:].decode() == bad["told"]

print("unseal vectors OK: request", request["request"], "approvals", len(shares), "reply", reply["reply"],
      "equivocations refused", len(equivocating))
