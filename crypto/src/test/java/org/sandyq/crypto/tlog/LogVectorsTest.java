package org.sandyq.crypto.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.subtle.Ed25519Sign;
import com.google.crypto.tink.subtle.Ed25519Verify;
import com.google.crypto.tink.subtle.X25519;
import com.google.crypto.tink.util.SecretBytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.Role;
import org.sandyq.crypto.json.CanonicalJson;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.note.Checkpoint;
import org.sandyq.crypto.note.NoteSigner;
import org.sandyq.crypto.note.NoteVerifierKey;
import org.sandyq.crypto.note.TlogProof;

/**
 * The checked-in vectors of docs/log.md under {@code docs/vectors/log/}: a fixed log key, seven
 * entries, every root, the stored hashes, proofs, a signed checkpoint and a tlog-proof bundle.
 * They are re-derived two ways: with the code under test, and from the spec alone (a naive
 * RFC 6962 tree from {@link TlogTest}, plain MessageDigest and Tink's raw Ed25519).
 *
 * <p>Regenerate (the values are deterministic, so this only changes them if the spec changes):
 * {@code mvn -o -pl crypto test -Dtest=LogVectorsTest -Dsandyq.vectors.regenerate=true}.
 */
class LogVectorsTest {
  static final Path DIR = Path.of(System.getProperty("sandyq.log.vectors", "../docs/vectors/log"));
  static final HexFormat HEX = HexFormat.of();
  static final Base64.Encoder B64 = Base64.getEncoder();
  static final Base64.Decoder UNB64 = Base64.getDecoder();
  static final String ORIGIN = "sandyq.vault/0123456789ab";
  static final String POLICY = "sha256:502e9248aad96db4f7ef8047ea11c75737191ecc7e4e8493fbcac5c691b91ec6";
  static final int ENTRIES = 7;
  static final int INCLUSION_INDEX = 5;
  static final int[] CONSISTENCY_OLD = {3, 4};
  static final int BUNDLE_INDEX = 3;

  static byte[] seed(String label) {
    return Sha256.of(("sandyq log test vector: " + label).getBytes(StandardCharsets.US_ASCII)).bytes();
  }

  static PrivateIdentity logIdentity() throws Exception {
    byte[] secret = new byte[64];
    System.arraycopy(seed("log ed25519 seed"), 0, secret, 0, 32);
    System.arraycopy(seed("log x25519 private"), 0, secret, 32, 32);
    return PrivateIdentity.importSecret(Role.SERVER, "log", SecretBytes.copyFrom(secret, InsecureSecretKeyAccess.get()),
        InsecureSecretKeyAccess.get());
  }

  static List<byte[]> entries(String vkey) throws Exception {
    List<byte[]> out = new ArrayList<>();
    ObjectNode genesis = Json.object();
    genesis.put("type", "genesis");
    genesis.put("v", 1);
    genesis.put("policy", POLICY);
    genesis.put("origin", ORIGIN);
    genesis.put("log_vkey", vkey);
    genesis.put("intake_key", B64.encodeToString(X25519.publicFromPrivate(seed("intake x25519 private"))));
    out.add(CanonicalJson.encode(genesis));
    String[] categories = {"unpaid-wages", "document-confiscation", "unpaid-wages", "forced-labour", "other", "police-complicity"};
    for (int i = 1; i < ENTRIES; i++) {
      ObjectNode s = Json.object();
      s.put("type", "submission");
      s.put("v", 1);
      s.put("day", String.format("2025-03-%02d", 10 + i / 2));
      s.put("submission", HEX.formatHex(Arrays.copyOf(seed("submission " + i), 16)));
      s.put("category", categories[i - 1]);
      s.put("policy", POLICY);
      s.put("size", 4096L * i + 123);
      s.put("envelope_sha256", HEX.formatHex(seed("envelope " + i)));
      out.add(CanonicalJson.encode(s));
    }
    return out;
  }

  static ArrayNode hashArray(List<Hash> hashes) {
    ArrayNode a = Json.object().arrayNode();
    hashes.forEach(h -> a.add(h.base64()));
    return a;
  }

  static void generate() throws Exception {
    PrivateIdentity log = logIdentity();
    NoteSigner signer = new NoteSigner(log, ORIGIN);
    List<byte[]> entries = entries(signer.verifierKey().encoded());
    MemoryHashStore store = new MemoryHashStore();
    ObjectNode v = Json.object();
    v.put("description", "Sandyq transparency log test vectors (docs/log.md). Base64 is standard with padding, hex lowercase. "
        + "Seeds are SHA-256 of 'sandyq log test vector: <label>'. TEST KEYS ONLY.");
    v.put("origin", ORIGIN);
    ObjectNode key = v.putObject("log_key");
    key.put("ed25519_seed", HEX.formatHex(seed("log ed25519 seed")));
    key.put("ed25519_public", HEX.formatHex(signer.verifierKey().publicKey()));
    key.put("note_key_id", String.format("%08x", signer.verifierKey().keyId()));
    key.put("log_vkey", signer.verifierKey().encoded());
    ArrayNode es = v.putArray("entries");
    ArrayNode stored = v.putArray("stored_hashes");
    for (int i = 0; i < entries.size(); i++) {
      byte[] e = entries.get(i);
      long before = StoredHashes.count(i);
      List<Hash> written = StoredHashes.forRecord(i, e, store);
      store.append(e);
      for (int j = 0; j < written.size(); j++) {
        StoredHashes.Coordinate c = StoredHashes.split(before + j);
        ObjectNode s = stored.addObject();
        s.put("index", before + j);
        s.put("level", c.level());
        s.put("n", c.n());
        s.put("hash", written.get(j).base64());
      }
      ObjectNode o = es.addObject();
      o.put("index", i);
      o.put("text", new String(e, StandardCharsets.UTF_8));
      o.put("entry", B64.encodeToString(e));
      o.put("leaf_hash", Hash.ofRecord(e).hex());
    }
    ArrayNode roots = v.putArray("roots");
    for (int t = 0; t <= ENTRIES; t++) {
      ObjectNode r = roots.addObject();
      r.put("size", t);
      r.put("root", Tlog.treeHash(t, store).base64());
    }
    ObjectNode inc = v.putObject("inclusion");
    inc.put("index", INCLUSION_INDEX);
    inc.put("size", ENTRIES);
    inc.set("proof", hashArray(Tlog.proveRecord(ENTRIES, INCLUSION_INDEX, store)));
    ArrayNode cons = v.putArray("consistency");
    for (int old : CONSISTENCY_OLD) {
      ObjectNode c = cons.addObject();
      c.put("old", old);
      c.put("new", ENTRIES);
      c.set("proof", hashArray(Tlog.proveTree(ENTRIES, old, store)));
    }
    Checkpoint cp = new Checkpoint(ORIGIN, ENTRIES, store.treeHash());
    String note = cp.sign(signer);
    v.put("checkpoint_text", cp.text());
    v.put("checkpoint_file", "checkpoint.txt");
    v.put("bundle_index", BUNDLE_INDEX);
    v.put("bundle_file", "entry-" + BUNDLE_INDEX + ".tlog-proof");
    Files.writeString(DIR.resolve("log.json"), Json.pretty(v));
    Files.writeString(DIR.resolve("checkpoint.txt"), note);
    Files.writeString(DIR.resolve("entry-" + BUNDLE_INDEX + ".tlog-proof"),
        new TlogProof(BUNDLE_INDEX, Tlog.proveRecord(ENTRIES, BUNDLE_INDEX, store), note).format());
  }

  @Test
  void vectorsReDerive() throws Exception {
    if (Boolean.getBoolean("sandyq.vectors.regenerate")) {
      generate();
    }
    JsonNode v = Json.parse(Files.readAllBytes(DIR.resolve("log.json")));
    String origin = v.get("origin").asText();
    JsonNode key = v.get("log_key");
    byte[] seed = HEX.parseHex(key.get("ed25519_seed").asText());
    byte[] pub = Ed25519Sign.KeyPair.newKeyPairFromSeed(seed).getPublicKey();
    assertEquals(key.get("ed25519_public").asText(), HEX.formatHex(pub));
    // key ID = SHA-256(name || 0x0A || 0x01 || key)[:4], by hand.
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    d.update((origin + "\n").getBytes(StandardCharsets.UTF_8));
    d.update((byte) 1);
    String keyId = HEX.formatHex(Arrays.copyOf(d.digest(pub), 4));
    assertEquals(key.get("note_key_id").asText(), keyId);
    byte[] algKey = ByteBuffer.allocate(33).put((byte) 1).put(pub).array();
    String vkeyText = origin + "+" + keyId + "+" + B64.encodeToString(algKey);
    assertEquals(key.get("log_vkey").asText(), vkeyText);
    NoteVerifierKey vkey = NoteVerifierKey.parse(vkeyText);
    assertEquals(vkeyText, new NoteSigner(logIdentity(), origin).verifierKey().encoded());

    // Entries: canonical JSON, leaf hashes by hand, and the same bytes the generator makes.
    List<byte[]> entries = new ArrayList<>();
    List<byte[]> expected = entries(vkeyText);
    for (JsonNode e : v.get("entries")) {
      byte[] bytes = UNB64.decode(e.get("entry").asText());
      assertEquals(e.get("text").asText(), new String(bytes, StandardCharsets.UTF_8));
      assertArrayEquals(bytes, CanonicalJson.encode(Json.parse(bytes)), "entry is canonical JSON");
      assertArrayEquals(expected.get(entries.size()), bytes);
      assertEquals(e.get("leaf_hash").asText(), HEX.formatHex(TlogTest.sha(0, bytes)));
      entries.add(bytes);
    }
    assertEquals(ENTRIES, entries.size());
    assertEquals(vkeyText, Json.parse(entries.get(0)).get("log_vkey").asText());

    // Roots, by the naive RFC 6962 definition and by the stored-hash code.
    MemoryHashStore store = new MemoryHashStore();
    entries.forEach(store::append);
    for (JsonNode r : v.get("roots")) {
      int t = r.get("size").asInt();
      assertEquals(r.get("root").asText(), B64.encodeToString(TlogTest.mth(entries.subList(0, t))), "size " + t);
      assertEquals(r.get("root").asText(), Tlog.treeHash(t, store).base64());
    }
    // The stored-hash table a server would hold, row by row.
    JsonNode stored = v.get("stored_hashes");
    assertEquals(StoredHashes.count(ENTRIES), stored.size());
    for (JsonNode s : stored) {
      long index = s.get("index").asLong();
      assertEquals(index, StoredHashes.index(s.get("level").asInt(), s.get("n").asLong()));
      int level = s.get("level").asInt();
      long n = s.get("n").asLong();
      List<byte[]> covered = entries.subList((int) (n << level), (int) ((n + 1) << level));
      assertEquals(s.get("hash").asText(), B64.encodeToString(TlogTest.mth(covered)), "stored hash " + index);
      assertEquals(s.get("hash").asText(), store.readHashes(new long[] {index}).get(0).base64());
    }

    // Proofs, against RFC 6962's PATH and PROOF and the code's checks.
    Hash root = store.treeHash();
    JsonNode inc = v.get("inclusion");
    int index = inc.get("index").asInt();
    List<Hash> incProof = TlogTest.hashes(inc.get("proof"));
    TlogTest.assertSameHashes(TlogTest.path(index, entries), incProof, "inclusion");
    Tlog.checkRecord(incProof, ENTRIES, root, index, Hash.ofRecord(entries.get(index)));
    for (JsonNode c : v.get("consistency")) {
      int old = c.get("old").asInt();
      List<Hash> proof = TlogTest.hashes(c.get("proof"));
      TlogTest.assertSameHashes(TlogTest.proof(old, entries), proof, "consistency " + old);
      Tlog.checkTree(proof, ENTRIES, root, old, Tlog.treeHash(old, store));
    }

    // The signed checkpoint: Ed25519 is deterministic, so the note reproduces byte for byte.
    String note = Files.readString(DIR.resolve(v.get("checkpoint_file").asText()));
    String text = v.get("checkpoint_text").asText();
    assertEquals(origin + "\n" + ENTRIES + "\n" + root.base64() + "\n", text);
    byte[] sig = new Ed25519Sign(seed).sign(text.getBytes(StandardCharsets.UTF_8));
    byte[] field = ByteBuffer.allocate(68).put(HEX.parseHex(keyId)).put(sig).array();
    assertEquals(text + "\n\u2014 " + origin + " " + B64.encodeToString(field) + "\n", note);
    new Ed25519Verify(pub).verify(sig, text.getBytes(StandardCharsets.UTF_8));
    assertEquals(note, new Checkpoint(origin, ENTRIES, root).sign(new NoteSigner(logIdentity(), origin)));
    assertEquals(new Checkpoint(origin, ENTRIES, root), Checkpoint.open(note, vkey, origin));

    // The tlog-proof bundle, by hand and through the parser.
    int bundleIndex = v.get("bundle_index").asInt();
    String bundle = Files.readString(DIR.resolve(v.get("bundle_file").asText()));
    StringBuilder b = new StringBuilder("c2sp.org/tlog-proof@v1\nindex ").append(bundleIndex).append('\n');
    TlogTest.path(bundleIndex, entries).forEach(h -> b.append(B64.encodeToString(h)).append('\n'));
    assertEquals(b.append('\n').append(note).toString(), bundle);
    assertEquals(new Checkpoint(origin, ENTRIES, root),
        TlogProof.parse(bundle).verify(entries.get(bundleIndex), vkey, origin));
  }
}
