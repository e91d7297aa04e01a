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

# witnessed.*: version 1 with the optional "witnesses" member (docs/policy.md §2.3): cosignature/v1
# witness keys <name>+<key ID>+base64(0x04 || Ed25519 key), key ID = SHA-256(name || 0x0A || 0x04 ||
# key)[:4]; and witnesses-invalid.json, members a reader refuses.
witnessed = load("witnessed.policy.json")
canonical = jcs(witnessed)
assert canonical == (HERE / "witnessed.canonical.json").read_bytes()
assert "sha256:" + hashlib.sha256(canonical).hexdigest() == (HERE / "witnessed.fingerprint").read_text().strip()
assert jcs({m: x for m, x in witnessed.items() if m != "witnesses"}) == (HERE / "v1.canonical.json").read_bytes()
lawyer_keys = {base64.b64decode(k["identity"]["sig"]) for k in keys.values() if k["identity"]["role"] == "lawyer"}


def witnesses_ok(w):
    if not isinstance(w, dict) or set(w) != {"threshold", "keys"} or not isinstance(w["keys"], list):
        return False
    names, pubs = set(), set()
    for vkey in w["keys"]:
        parts = vkey.split("+", 2) if isinstance(vkey, str) else []
        if len(parts) != 3:
            return False
        name, key_id, b64 = parts
        raw = base64.b64decode(b64)
        if len(raw) != 33 or raw[0] != 4 or base64.b64encode(raw).decode() != b64:
            return False
        if hashlib.sha256(name.encode() + b"\n\x04" + raw[1:]).hexdigest()[:8] != key_id:
            return False
        if name in names or raw[1:] in pubs or raw[1:] in lawyer_keys:
            return False
        names.add(name)
        pubs.add(raw[1:])
    n = len(w["keys"])
    return 1 <= n <= 32 and isinstance(w["threshold"], int) and 1 <= w["threshold"] <= n


assert witnesses_ok(witnessed["witnesses"])
erin = next(k for k in keys.values() if k["identity"]["name"] == "erin")
erin_vkey_key = base64.b64encode(b"\x04" + base64.b64decode(erin["identity"]["sig"])).decode()
assert witnessed["witnesses"]["keys"][0] == "erin+%s+%s" % (
    hashlib.sha256(b"erin\n\x04" + base64.b64decode(erin["identity"]["sig"])).hexdigest()[:8], erin_vkey_key)
invalid = json.loads((HERE / "witnesses-invalid.json").read_text(encoding="utf-8"))["cases"]
for case in invalid:
    assert not witnesses_ok(case["witnesses"]), case["what"]
print("witnessed policy: canonical bytes, fingerprint, witness key ids;", len(invalid), "invalid witnesses members refused")
