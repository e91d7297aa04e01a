#!/usr/bin/env python3
"""Independent check of docs/vectors/log (see docs/log.md), with Python's standard library and,
for the Ed25519 signature, the `cryptography` package if installed. Run from this folder."""
import base64, hashlib, json, sys

v = json.load(open("log.json"))
origin = v["origin"]
entries = [base64.b64decode(e["entry"]) for e in v["entries"]]
b64 = lambda b: base64.b64encode(b).decode()

def mth(d):  # RFC 6962 section 2.1
    if not d:
        return hashlib.sha256(b"").digest()
    if len(d) == 1:
        return hashlib.sha256(b"\x00" + d[0]).digest()
    k = 1
    while k * 2 < len(d):
        k *= 2
    return hashlib.sha256(b"\x01" + mth(d[:k]) + mth(d[k:])).digest()

def path(m, d):
    if len(d) <= 1:
        return []
    k = 1
    while k * 2 < len(d):
        k *= 2
    return path(m, d[:k]) + [mth(d[k:])] if m < k else path(m - k, d[k:]) + [mth(d[:k])]

def subproof(m, d, b):
    if m == len(d):
        return [] if b else [mth(d)]
    k = 1
    while k * 2 < len(d):
        k *= 2
    if m <= k:
        return subproof(m, d[:k], b) + [mth(d[k:])]
    return subproof(m - k, d[k:], False) + [mth(d[:k])]

for e in v["entries"]:
    assert hashlib.sha256(b"\x00" + base64.b64decode(e["entry"])).hexdigest() == e["leaf_hash"]
for r in v["roots"]:
    assert b64(mth(entries[: r["size"]])) == r["root"], r
for s in v["stored_hashes"]:
    lo, hi = s["n"] << s["level"], (s["n"] + 1) << s["level"]
    assert b64(mth(entries[lo:hi])) == s["hash"], s
inc = v["inclusion"]
assert [b64(h) for h in path(inc["index"], entries[: inc["size"]])] == inc["proof"]
for c in v["consistency"]:
    assert [b64(h) for h in subproof(c["old"], entries[: c["new"]], True)] == c["proof"], c

pub_b64 = v["log_key"]["log_vkey"].split("+", 2)[2]
pub = base64.b64decode(pub_b64)[1:]
key_id = hashlib.sha256(origin.encode() + b"\n\x01" + pub).digest()[:4]
assert v["log_key"]["log_vkey"] == origin + "+" + key_id.hex() + "+" + pub_b64
note = open(v["checkpoint_file"], encoding="utf-8").read()
text, sigs = note.rsplit("\n\n", 1)
text += "\n"
assert text == v["checkpoint_text"] == "%s\n%d\n%s\n" % (origin, len(entries), b64(mth(entries)))
name, sig = sigs.rstrip("\n").split(" ")[1:]
raw = base64.b64decode(sig)
assert sigs.startswith("\u2014 ") and name == origin and raw[:4] == key_id
try:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    Ed25519PublicKey.from_public_bytes(pub).verify(raw[4:], text.encode())
    checked = "and its Ed25519 signature"
except ImportError:
    checked = "(signature not checked: pip install cryptography)"
i = v["bundle_index"]
bundle = open(v["bundle_file"], encoding="utf-8").read()
expected = "c2sp.org/tlog-proof@v1\nindex %d\n" % i + "".join(b64(h) + "\n" for h in path(i, entries)) + "\n" + note
assert bundle == expected
print("log vectors OK: entries, roots, stored hashes, proofs, checkpoint", checked, ", bundle")
