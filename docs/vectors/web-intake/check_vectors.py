#!/usr/bin/env python3
"""Independent check of the Sandyq web-intake vectors (docs/web-intake.md §1, v2), without Sandyq code.

With the `cryptography` package (48 works) and the standard library only, for each sealed form it
recomputes the token (HMAC-SHA256 with the vectors' token key), derives the intake, answer and
ephemeral keys with RFC 9180 DeriveKeyPair, writes out the RFC 9180 key schedule (HKDF with hmac),
seals the plaintext with AES-256-GCM and compares every intermediate value and the sealed bytes;
opens the sealed bytes with cryptography's own HPKE; reads the multipart body with a plain split to
compare the fields and each file's size and SHA-256 with "form". It then builds the answer (magic
line, status, page, spaces up to Padmé), seals it to the answer key with the request's enc in the
info, compares it, and opens it with cryptography's HPKE and the answer's private key. Each
"refused" body must be refused for the reason its slug names: it does not open (undecryptable), its
token does not verify or has expired (stale-form), or what is inside is not a v2 form (malformed).
"""
import base64
import hashlib
import hmac
import json
import pathlib

from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

V = json.loads((pathlib.Path(__file__).parent / "v2.json").read_text(encoding="utf-8"))
SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
KEM = b"KEM" + (0x20).to_bytes(2, "big")
HPKE = b"HPKE" + (0x20).to_bytes(2, "big") + (1).to_bytes(2, "big") + (2).to_bytes(2, "big")
INFO = V["info"].encode("ascii")
ANSWER_INFO = V["answer_info"].encode("ascii")
assert INFO == b"sandyq intake form v2" and ANSWER_INFO == b"sandyq intake answer v2"
MAGIC, ANSWER_MAGIC = b"sandyq-form/2\n", b"sandyq-answer/2\n"
TOKEN_KEY, NOW = bytes.fromhex(V["tokens"]["key"]), V["tokens"]["now"]
FIELDS = {"lang", "kind", "category", "text", "receipt", "file"}


def token(expires_at, random):
    head = b"\x02" + expires_at.to_bytes(8, "big") + random
    return head + hmac.new(TOKEN_KEY, head, hashlib.sha256).digest()[:16]


def token_ok(t):
    """stale-form unless the MAC verifies and NOW < expires_at (the server also refuses a second use)."""
    return len(t) == 41 and t[0] == 2 and hmac.compare_digest(token(int.from_bytes(t[1:9], "big"), t[9:25]), t) \
        and NOW < int.from_bytes(t[1:9], "big")


def padme(length):
    if length < 2:
        return length
    e = length.bit_length() - 1
    s = e.bit_length()
    mask = (1 << (e - s)) - 1
    return (length + mask) & ~mask


def extract(suite, salt, label, ikm):
    return hmac.new(salt or bytes(32), b"HPKE-v1" + suite + label + ikm, hashlib.sha256).digest()


def expand(suite, prk, label, info, length):
    labeled = length.to_bytes(2, "big") + b"HPKE-v1" + suite + label + info
    out, t, i = b"", b"", 1
    while len(out) < length:
        t = hmac.new(prk, t + labeled + bytes([i]), hashlib.sha256).digest()
        out, i = out + t, i + 1
    return out[:length]


def derive_key_pair(ikm):
    sk = expand(KEM, extract(KEM, b"", b"dkp_prk", ikm), b"sk", b"", 32)
    return sk, X25519PrivateKey.from_private_bytes(sk).public_key().public_bytes_raw()


def seal(sk_e, pk_r, info, plaintext):
    e = X25519PrivateKey.from_private_bytes(sk_e)
    enc = e.public_key().public_bytes_raw()
    dh = e.exchange(X25519PublicKey.from_public_bytes(pk_r))
    shared = expand(KEM, extract(KEM, b"", b"eae_prk", dh), b"shared_secret", enc + pk_r, 32)
    context = b"\x00" + extract(HPKE, b"", b"psk_id_hash", b"") + extract(HPKE, b"", b"info_hash", info)
    secret = extract(HPKE, shared, b"secret", b"")
    key = expand(HPKE, secret, b"key", context, 32)
    nonce = expand(HPKE, secret, b"base_nonce", context, 12)
    return enc, shared, key, nonce, enc + AESGCM(key).encrypt(nonce, plaintext, b"")


def parse(content_type, body):
    """The fields of a browser-built multipart body: a plain split on the boundary."""
    boundary = content_type.split("boundary=", 1)[1].strip('"').encode("ascii")
    parts = body.split(b"\r\n--" + boundary)
    assert parts[0].startswith(b"--" + boundary + b"\r\n") and parts[-1] in (b"--\r\n", b"--")
    first = parts[0][len(b"--" + boundary + b"\r\n"):]
    form = {"answers": {}, "files": [], "text": "", "receipt": "", "category": "", "lang": "en"}
    for raw in [first] + [p[2:] for p in parts[1:-1]]:
        head, content = raw.split(b"\r\n\r\n", 1)
        headers = dict(line.split(": ", 1) for line in head.decode("utf-8").split("\r\n"))
        disposition = headers["Content-Disposition"]
        name = disposition.split('name="', 1)[1].split('"', 1)[0]
        if name == "file":
            filename = disposition.split('filename="', 1)[1].rsplit('"', 1)[0]
            if filename or content:
                form["files"].append({"name": filename, "declared_type": headers.get("Content-Type", "application/octet-stream"),
                                      "size": len(content), "sha256": hashlib.sha256(content).hexdigest()})
        elif name.startswith("answer."):
            value = content.decode("utf-8").replace("\r\n", "\n").strip()
            if value:
                form["answers"][name[len("answer."):]] = value
        else:
            value = content.decode("utf-8").replace("\r\n", "\n")
            form[name] = value.strip() if name in ("category", "receipt") else value
    return form


sk_r, pk_r = derive_key_pair(bytes.fromhex(V["intake"]["ikm"]))
assert sk_r.hex() == V["intake"]["private_key"] and pk_r.hex() == V["intake"]["public_key"]
assert base64.b64encode(pk_r).decode() == V["intake"]["public_key_b64"]
recipient = X25519PrivateKey.from_private_bytes(sk_r)

for c in V["forms"]:
    t = bytes.fromhex(c["token"])
    assert t == token(c["token_expires_at"], bytes.fromhex(c["token_random"])) and token_ok(t), c["name"]
    sk_a, pk_a = derive_key_pair(bytes.fromhex(c["answer_ikm"]))
    assert (sk_a.hex(), pk_a.hex()) == (c["answer_private_key"], c["answer_public_key"]), c["name"]
    body = base64.b64decode(c["multipart_b64"])
    plaintext = MAGIC + t + pk_a + c["content_type"].encode("ascii") + b"\n" + body
    assert base64.b64encode(plaintext).decode() == c["plaintext_b64"], c["name"]
    sk_e, _ = derive_key_pair(bytes.fromhex(c["ephemeral_ikm"]))
    assert sk_e.hex() == c["ephemeral_private_key"], c["name"]
    enc, shared, key, nonce, sealed = seal(sk_e, pk_r, INFO, plaintext)
    assert (enc.hex(), shared.hex(), key.hex(), nonce.hex()) == (c["enc"], c["shared_secret"], c["key"], c["base_nonce"]), c["name"]
    assert base64.b64encode(sealed).decode() == c["sealed_b64"], c["name"]
    assert SUITE.decrypt(sealed, recipient, INFO) == plaintext, c["name"]
    assert parse(c["content_type"], body) == c["form"], (c["name"], parse(c["content_type"], body), c["form"])

    a = c["answer"]
    page = ANSWER_MAGIC + b"%03d\n" % a["status"] + a["html"].encode("utf-8")
    length = padme(max(len(page), 32768))
    assert length == a["padded_length"], c["name"]
    answer_plain = page + b" " * (length - len(page))
    answer_info = ANSWER_INFO + enc
    assert answer_info.hex() == a["info"], c["name"]
    sk_e2, _ = derive_key_pair(bytes.fromhex(a["ephemeral_ikm"]))
    enc2, shared2, key2, nonce2, sealed2 = seal(sk_e2, pk_a, answer_info, answer_plain)
    assert (enc2.hex(), shared2.hex(), key2.hex(), nonce2.hex()) == (a["enc"], a["shared_secret"], a["key"], a["base_nonce"]), c["name"]
    assert base64.b64encode(sealed2).decode() == a["sealed_b64"], c["name"]
    assert SUITE.decrypt(sealed2, X25519PrivateKey.from_private_bytes(sk_a), answer_info) == answer_plain, c["name"]


def refusal(sealed):
    try:
        plaintext = SUITE.decrypt(sealed, recipient, INFO)
    except Exception:
        return "undecryptable"
    if not plaintext.startswith(MAGIC) or len(plaintext) < len(MAGIC) + 41 + 32:
        return "malformed"
    rest = plaintext[len(MAGIC):]
    if not token_ok(rest[:41]):
        return "stale-form"
    try:
        X25519PrivateKey.generate().exchange(X25519PublicKey.from_public_bytes(rest[41:73]))
    except ValueError:
        return "malformed"  # nothing can be sealed to a low-order point
    content_type, body = rest[73:].split(b"\n", 1)
    if not content_type.startswith(b"multipart/form-data"):
        return "malformed"
    form = parse(content_type.decode("ascii"), body)
    if set(form) - FIELDS - {"answers", "files"} or (form.get("kind") == "status" and (form["text"] or form["files"])):
        return "malformed"
    return None


for r in V["refused"]:
    assert refusal(base64.b64decode(r["sealed_b64"])) == r["slug"], (r["name"], refusal(base64.b64decode(r["sealed_b64"])))

print("web-intake vectors: %d sealed forms with their answers and %d refusals check out" % (len(V["forms"]), len(V["refused"])))
