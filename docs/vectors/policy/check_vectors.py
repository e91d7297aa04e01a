#!/usr/bin/env python3
"""Independent check of the Sandyq policy test vectors (see docs/policy.md).

Re-derives, without any Sandyq code: the canonical bytes (RFC 8785; for these documents, which
hold only ASCII member names, integers and strings, Python's sorted compact json.dumps is JCS),
the fingerprints, the key ids, and every signature (verified with the public key and reproduced
from the published seed; needs the `cryptography` package for the Ed25519 part).
"""
import base64
import hashlib
import json
import pathlib

HERE = pathlib.Path(__file__).parent


def jcs(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def load(name):
    return json.loads((HERE / name).read_text(encoding="utf-8"))


for v in ("v1", "v2"):
    canonical = jcs(load(v + ".policy.json"))
    assert canonical == (HERE / (v + ".canonical.json")).read_bytes(), v
    fingerprint = "sha256:" + hashlib.sha256(canonical).hexdigest()
    assert fingerprint == (HERE / (v + ".fingerprint")).read_text().strip(), v
    print(v, fingerprint)

keys = {k["identity"]["key_id"]: k for k in load("keys.json")["keys"]}
for key_id, k in keys.items():
    unsigned = {m: x for m, x in k["identity"].items() if m != "key_id"}
    assert hashlib.sha256(jcs(unsigned)).hexdigest()[:32] == key_id, key_id
print(len(keys), "key ids match their identities")

try:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
except ImportError:
    print("install `cryptography` to check the signatures too")
else:
    count = 0
    for version in load("chain.json")["versions"]:
        message = b"sandyq/v1/policy\x00" + jcs(version["policy"])
        for s in version["signatures"]:
            k = keys[s["key_id"]]
            sig = base64.b64decode(s["sig"])
            Ed25519PublicKey.from_public_bytes(base64.b64decode(k["identity"]["sig"])).verify(sig, message)
            assert Ed25519PrivateKey.from_private_bytes(bytes.fromhex(k["ed25519_seed"])).sign(message) == sig
            count += 1
    print(count, "signatures verify and are reproduced from the seeds")
