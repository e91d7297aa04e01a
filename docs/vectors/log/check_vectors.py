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

# cosignature.json: a witness's cosignature/v1 (c2sp.org/tlog-cosignature) on checkpoint.txt, key ID
# of algorithm 0x04, field key ID || 8-byte big-endian time || Ed25519 signature; lines to refuse.
import struct
c = json.load(open("cosignature.json", encoding="utf-8"))
w = c["witness_key"]
wpub = bytes.fromhex(w["ed25519_public"])
wid = hashlib.sha256(w["name"].encode() + b"\n\x04" + wpub).digest()[:4]
assert w["key_id"] == wid.hex() and w["vkey"] == "%s+%s+%s" % (w["name"], wid.hex(), b64(b"\x04" + wpub))
assert c["checkpoint_file"] == v["checkpoint_file"]
message = "cosignature/v1\ntime %d\n" % c["time"] + text
assert c["message"] == message
def cosig_ok(line):
    assert line.startswith("\u2014 ") and line.endswith("\n")
    lname, field = line[2:-1].split(" ")
    raw = base64.b64decode(field, validate=True)
    if lname != w["name"] or len(raw) != 76 or raw[:4] != wid:
        return False
    (t,) = struct.unpack(">Q", raw[4:12])
    try:
        Ed25519PublicKey.from_public_bytes(wpub).verify(raw[12:], ("cosignature/v1\ntime %d\n" % t + text).encode())
        return True
    except Exception:
        return False
assert open(c["cosigned_file"], encoding="utf-8").read() == note + c["cosignature_line"]
cosigs = "skipped: pip install cryptography"
if checked.startswith("and"):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives import serialization
    seed_key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(w["ed25519_seed"]))
    assert seed_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw) == wpub
    assert struct.unpack(">Q", base64.b64decode(c["cosignature_line"][:-1].split(" ")[2])[4:12])[0] == c["time"]
    assert cosig_ok(c["cosignature_line"])
    # Ed25519 is deterministic: the line is exactly the one the seed makes
    expected_line = "\u2014 %s %s\n" % (w["name"], b64(wid + struct.pack(">Q", c["time"]) + seed_key.sign(message.encode())))
    assert c["cosignature_line"] == expected_line
    for bad in c["invalid"]:
        assert not cosig_ok(bad["line"]), bad["what"]
    cosigs = "%d invalid refused" % len(c["invalid"])
print("cosignature vectors OK: witness key, message, line, cosigned checkpoint,", cosigs)

# events.json: every valid entry is the RFC 8785 canonical JSON of itself (for these values, integers
# and strings, that is sorted keys, no spaces, only the required escapes, UTF-8) with the members its
# type has (docs/server-api.md, "Log entries"); the invalid ones a reader refuses for their form are so.
canonical = lambda o: json.dumps(o, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
day = ["day"]
MEMBERS = {
    "genesis": ["policy", "origin", "log_vkey", "intake_key"],
    "submission": day + ["submission", "category", "policy", "size", "envelope_sha256"],
    "followup": day + ["submission", "parent", "category", "policy", "size", "envelope_sha256"],
    "unseal-request": day + ["request"],
    "unseal-approval": day + ["approval"],
    "unseal-decline": day + ["request", "submission", "lawyer"],
    "unseal-opened": day + ["request", "submission", "section", "requester", "approvals"],
    "reply": day + ["submission", "reply", "author", "reply_sha256"],
    "hold": day + ["submission", "lawyer"],
    "release": day + ["submission", "lawyer"],
    "release-vote": day + ["submission", "lawyer"],
    "expired": day + ["submission"],
    "policy": day + ["version", "policy", "previous"],
}
REASONS = {"NOT_JSON", "NOT_CANONICAL", "UNKNOWN_VERSION", "UNKNOWN_TYPE", "MALFORMED"}
ev = json.load(open("events.json", encoding="utf-8"))
assert [e["type"] for e in ev["events"]] == list(MEMBERS), "one of each type, in this order"
invalid = 0
for e in ev["events"]:
    t, valid = e["type"], e["valid"]
    raw = base64.b64decode(valid["entry"], validate=True)
    assert raw == valid["text"].encode() and raw.decode("utf-8") == valid["text"], t
    o = json.loads(raw)
    assert raw == canonical(o), t + ": not canonical"
    assert o["type"] == t and o["v"] == 1 and set(o) == {"type", "v", *MEMBERS[t]}, t
    if isinstance(o.get("request"), dict) or isinstance(o.get("approval"), dict):
        assert set(o.get("request", o.get("approval"))) == {"body", "signer", "signature"}, t
    assert len(e["invalid"]) >= 1, t
    for bad in e["invalid"]:
        raw = base64.b64decode(bad["entry"], validate=True)
        assert raw == bad["text"].encode() and bad["reason"] in REASONS, bad["what"]
        try:
            o = json.loads(raw)
        except ValueError:
            o = None
        if bad["reason"] == "NOT_JSON":
            assert not isinstance(o, dict), bad["what"]
        elif bad["reason"] == "NOT_CANONICAL":
            assert raw != canonical(o), bad["what"]
        else:  # canonical, so only the members or their values are wrong
            assert raw == canonical(o), bad["what"]
        invalid += 1
print("event vectors OK: %d valid entries canonical with their members, %d invalid" % (len(ev["events"]), invalid))

# tiles.json: c2sp.org/tlog-tiles (docs/log.md section 11). Paths are parsed by a grammar written
# here; tiles are the MTHs of their ranges concatenated, bundles the entries each after a
# big-endian uint16 length.
import re

TILE_PATH = re.compile(r"tile/(entries|0|[1-9][0-9]?)/((?:x[0-9]{3}/)*)([0-9]{3})(?:\.p/([1-9][0-9]{0,2}))?")

def parse_tile(p):
    """(entries?, level, index, width) for a canonical tile path, else None."""
    m = TILE_PATH.fullmatch(p)
    if not m:
        return None
    entries = m.group(1) == "entries"
    level = 0 if entries else int(m.group(1))
    groups = [g[1:] for g in m.group(2).split("/") if g] + [m.group(3)]
    width = int(m.group(4)) if m.group(4) else 256
    if level > 63 or width > 255 and m.group(4) or (len(groups) > 1 and groups[0] == "000"):
        return None
    index = int("".join(groups))
    if index >= 2**63:
        return None
    return entries, level, index, width

def tile_path(entries, level, index, width):
    groups = "%03d" % (index % 1000)
    index //= 1000
    while index:
        groups = "x%03d/%s" % (index % 1000, groups)
        index //= 1000
    return "tile/%s/%s%s" % ("entries" if entries else level, groups, "" if width == 256 else ".p/%d" % width)

tv = json.load(open("tiles.json", encoding="utf-8"))
for p in tv["paths"]:
    want = (p["entries"], p["level"], p["index"], p["width"])
    assert parse_tile(p["path"]) == want, p
    assert tile_path(*want) == p["path"], p
for r in tv["refused"]:
    assert parse_tile(r["path"]) is None, r

def leaf_hashes(entries):
    return [hashlib.sha256(b"\x00" + e).digest() for e in entries]

def mth_of_leaves(h):
    if len(h) == 1:
        return h[0]
    k = 1
    while k * 2 < len(h):
        k *= 2
    return hashlib.sha256(b"\x01" + mth_of_leaves(h[:k]) + mth_of_leaves(h[k:])).digest()

def tile_bytes(hashes, level, index, width):
    span = 256 ** level
    return b"".join(mth_of_leaves(hashes[(index * 256 + i) * span:(index * 256 + i + 1) * span]) for i in range(width))

def bundle_bytes(entries, index, width):
    return b"".join(len(e).to_bytes(2, "big") + e for e in entries[index * 256:index * 256 + width])

def check_tree(t, entries):
    hashes = leaf_hashes(entries)
    expected_tiles, expected_bundles = [], []
    for level in range(8):  # every tile of the tree: full ones, then the partial one, of each level
        count = len(entries) // 256 ** level
        for index in range((count + 255) // 256):
            width = min(256, count - index * 256)
            expected_tiles.append(tile_path(False, level, index, width))
            if level == 0:
                expected_bundles.append(tile_path(True, 0, index, width))
    assert [x["path"] for x in t["tiles"]] == expected_tiles, expected_tiles
    assert [x["path"] for x in t["bundles"]] == expected_bundles, expected_bundles
    for x in t["tiles"]:
        _, level, index, width = parse_tile(x["path"])
        data = tile_bytes(hashes, level, index, width)
        assert hashlib.sha256(data).hexdigest() == x["sha256"] and x.get("data", b64(data)) == b64(data), x["path"]
    for x in t["bundles"]:
        _, _, index, width = parse_tile(x["path"])
        data = bundle_bytes(entries, index, width)
        assert hashlib.sha256(data).hexdigest() == x["sha256"] and x.get("data", b64(data)) == b64(data), x["path"]

assert tv["log"]["entries_from"] == "log.json" and tv["log"]["size"] == len(entries)
check_tree(tv["log"], entries)
tree_entries = [(tv["tree"]["entry"].split(" (")[0] % i).encode() for i in range(tv["tree"]["size"])]
assert b64(mth_of_leaves(leaf_hashes(tree_entries))) == tv["tree"]["root"]
check_tree(tv["tree"], tree_entries)
print("tile vectors OK: %d paths parse, %d refused, tiles and bundles of trees of %d and %d entries"
      % (len(tv["paths"]), len(tv["refused"]), len(entries), tv["tree"]["size"]))
