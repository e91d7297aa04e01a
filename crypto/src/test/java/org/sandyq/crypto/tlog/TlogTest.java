package org.sandyq.crypto.tlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sandyq.crypto.json.Json;

/**
 * The tree code against RFC 6962 written out naively in this test (MTH, PATH and PROOF of §2.1,
 * recursively over the leaf list, with a plain MessageDigest), and against RFC 9162's iterative
 * verification algorithms (§2.1.3.2, §2.1.4.2), for every size up to 64 and every index or old
 * size; plus the public Certificate Transparency vectors.
 */
class TlogTest {
  static final int N = 64;
  static final List<byte[]> LEAVES = new ArrayList<>();
  static final MemoryHashStore STORE = new MemoryHashStore();

  @BeforeAll
  static void build() {
    for (int i = 0; i < N; i++) {
      byte[] entry = ("{\"type\":\"test\",\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8);
      LEAVES.add(entry);
      assertEquals(i, STORE.append(entry));
    }
  }

  // ---- RFC 6962 §2.1, naively ----

  static byte[] sha(int prefix, byte[]... parts) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      if (prefix >= 0) {
        d.update((byte) prefix);
      }
      for (byte[] p : parts) {
        d.update(p);
      }
      return d.digest();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static int k(int n) { // largest power of two smaller than n
    int k = 1;
    while (k * 2 < n) {
      k *= 2;
    }
    return k;
  }

  static byte[] mth(List<byte[]> d) {
    if (d.isEmpty()) {
      return sha(-1);
    }
    if (d.size() == 1) {
      return sha(0, d.get(0));
    }
    int k = k(d.size());
    return sha(1, mth(d.subList(0, k)), mth(d.subList(k, d.size())));
  }

  static List<byte[]> path(int m, List<byte[]> d) {
    List<byte[]> out = new ArrayList<>();
    if (d.size() <= 1) {
      return out;
    }
    int k = k(d.size());
    if (m < k) {
      out.addAll(path(m, d.subList(0, k)));
      out.add(mth(d.subList(k, d.size())));
    } else {
      out.addAll(path(m - k, d.subList(k, d.size())));
      out.add(mth(d.subList(0, k)));
    }
    return out;
  }

  static List<byte[]> proof(int m, List<byte[]> d) {
    return subproof(m, d, true);
  }

  static List<byte[]> subproof(int m, List<byte[]> d, boolean b) {
    List<byte[]> out = new ArrayList<>();
    int n = d.size();
    if (m == n) {
      if (!b) {
        out.add(mth(d));
      }
      return out;
    }
    int k = k(n);
    if (m <= k) {
      out.addAll(subproof(m, d.subList(0, k), b));
      out.add(mth(d.subList(k, n)));
    } else {
      out.addAll(subproof(m - k, d.subList(k, n), false));
      out.add(mth(d.subList(0, k)));
    }
    return out;
  }

  // ---- RFC 9162 iterative verifiers ----

  static boolean rfc9162Inclusion(long index, long size, byte[] leafHash, List<Hash> proof, byte[] root) {
    if (index >= size) {
      return false;
    }
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash;
    for (Hash ph : proof) {
      byte[] p = ph.bytes();
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = sha(1, p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        r = sha(1, r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && MessageDigest.isEqual(r, root);
  }

  static boolean rfc9162Consistency(long first, long second, byte[] firstHash, byte[] secondHash, List<Hash> proof) {
    List<byte[]> path = new ArrayList<>();
    for (Hash h : proof) {
      path.add(h.bytes());
    }
    if (first == second) {
      return path.isEmpty() && MessageDigest.isEqual(firstHash, secondHash);
    }
    if (path.isEmpty()) {
      return false;
    }
    if (Long.bitCount(first) == 1) {
      path.add(0, firstHash);
    }
    long fn = first - 1;
    long sn = second - 1;
    if ((fn & 1) == 1) {
      while ((fn & 1) == 1) {
        fn >>= 1;
        sn >>= 1;
      }
    }
    byte[] fr = path.get(0);
    byte[] sr = path.get(0);
    for (byte[] c : path.subList(1, path.size())) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = sha(1, c, fr);
        sr = sha(1, c, sr);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        sr = sha(1, sr, c);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && MessageDigest.isEqual(fr, firstHash) && MessageDigest.isEqual(sr, secondHash);
  }

  static List<byte[]> bytes(List<Hash> hashes) {
    return hashes.stream().map(Hash::bytes).toList();
  }

  static void assertSameHashes(List<byte[]> expected, List<Hash> actual, String what) {
    assertEquals(expected.size(), actual.size(), what);
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(HexFormat.of().formatHex(expected.get(i)), actual.get(i).hex(), what + " hash " + i);
    }
  }

  @Test
  void leafAndNodeHashesAreDomainSeparated() {
    byte[] e = "x".getBytes(StandardCharsets.UTF_8);
    assertEquals(HexFormat.of().formatHex(sha(0, e)), Hash.ofRecord(e).hex());
    Hash a = Hash.ofRecord(e);
    assertEquals(HexFormat.of().formatHex(sha(1, a.bytes(), a.bytes())), Hash.ofNode(a, a).hex());
    // RFC 6962's empty tree and the well-known leaf hash of the empty entry.
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Hash.EMPTY_TREE.hex());
    assertEquals("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", Hash.ofRecord(new byte[0]).hex());
  }

  @Test
  void treeHashesMatchRfc6962ForEverySize() throws IOException {
    assertEquals(Hash.EMPTY_TREE, Tlog.treeHash(0, STORE));
    for (int t = 1; t <= N; t++) {
      assertEquals(HexFormat.of().formatHex(mth(LEAVES.subList(0, t))), Tlog.treeHash(t, STORE).hex(), "size " + t);
    }
    assertEquals(Tlog.treeHash(N, STORE), STORE.treeHash());
  }

  @Test
  void inclusionProofsMatchRfc6962ForEveryIndexAndSize() throws Exception {
    for (int t = 1; t <= N; t++) {
      Hash root = Tlog.treeHash(t, STORE);
      for (int i = 0; i < t; i++) {
        List<Hash> p = Tlog.proveRecord(t, i, STORE);
        assertSameHashes(path(i, LEAVES.subList(0, t)), p, "inclusion " + i + " in " + t);
        Hash leaf = Hash.ofRecord(LEAVES.get(i));
        Tlog.checkRecord(p, t, root, i, leaf);
        assertTrue(rfc9162Inclusion(i, t, leaf.bytes(), p, root.bytes()), "RFC 9162 verifier, " + i + " in " + t);
      }
    }
  }

  @Test
  void consistencyProofsMatchRfc6962ForEveryPairOfSizes() throws Exception {
    for (int t = 1; t <= N; t++) {
      Hash root = Tlog.treeHash(t, STORE);
      for (int m = 1; m <= t; m++) {
        List<Hash> p = Tlog.proveTree(t, m, STORE);
        assertSameHashes(proof(m, LEAVES.subList(0, t)), p, "consistency " + m + " to " + t);
        Hash old = Tlog.treeHash(m, STORE);
        Tlog.checkTree(p, t, root, m, old);
        assertTrue(rfc9162Consistency(m, t, old.bytes(), root.bytes(), p), "RFC 9162 verifier, " + m + " to " + t);
      }
    }
  }

  @Test
  void tamperedInclusionProofsAreRefused() throws Exception {
    for (int t : new int[] {1, 2, 3, 7, 8, 9, 31, 32, 33, 64}) {
      Hash root = Tlog.treeHash(t, STORE);
      for (int index = 0; index < t; index++) {
        int i = index;
        List<Hash> p = Tlog.proveRecord(t, i, STORE);
        Hash leaf = Hash.ofRecord(LEAVES.get(i));
        for (int j = 0; j < p.size(); j++) {
          List<Hash> bad = new ArrayList<>(p);
          bad.set(j, flip(p.get(j)));
          assertThrows(InvalidProofException.class, () -> Tlog.checkRecord(bad, t, root, i, leaf));
        }
        List<Hash> longer = new ArrayList<>(p);
        longer.add(root);
        assertThrows(InvalidProofException.class, () -> Tlog.checkRecord(longer, t, root, i, leaf));
        if (!p.isEmpty()) {
          assertThrows(InvalidProofException.class, () -> Tlog.checkRecord(p.subList(0, p.size() - 1), t, root, i, leaf));
        }
        assertThrows(InvalidProofException.class, () -> Tlog.checkRecord(p, t, root, i, flip(leaf)));
        assertThrows(InvalidProofException.class, () -> Tlog.checkRecord(p, t, flip(root), i, leaf));
        if (t > 1) {
          assertThrows(InvalidProofException.class, () -> Tlog.checkRecord(p, t, root, (i + 1) % t, leaf));
        }
        if (t < N) {
          // (A proof can verify against the same root under another size, e.g. index 0 of 3 and of
          // 4; harmless because checkpoints sign the size with the root. Against the real root of
          // the bigger tree it must fail.)
          Hash bigger = Tlog.treeHash(t + 1, STORE);
          assertThrows(InvalidProofException.class, () -> Tlog.checkRecord(p, t + 1, bigger, i, leaf), t + " " + i);
        }
      }
    }
  }

  @Test
  void tamperedConsistencyProofsAreRefused() throws Exception {
    for (int t : new int[] {2, 3, 4, 7, 8, 9, 16, 17, 63, 64}) {
      Hash root = Tlog.treeHash(t, STORE);
      for (int m = 1; m <= t; m++) {
        List<Hash> p = Tlog.proveTree(t, m, STORE);
        Hash old = Tlog.treeHash(m, STORE);
        int mm = m;
        for (int j = 0; j < p.size(); j++) {
          List<Hash> bad = new ArrayList<>(p);
          bad.set(j, flip(p.get(j)));
          assertThrows(InvalidProofException.class, () -> Tlog.checkTree(bad, t, root, mm, old));
        }
        List<Hash> longer = new ArrayList<>(p);
        longer.add(0, old);
        assertThrows(InvalidProofException.class, () -> Tlog.checkTree(longer, t, root, mm, old));
        if (!p.isEmpty()) {
          assertThrows(InvalidProofException.class, () -> Tlog.checkTree(p.subList(1, p.size()), t, root, mm, old));
        }
        assertThrows(InvalidProofException.class, () -> Tlog.checkTree(p, t, root, mm, flip(old)));
        assertThrows(InvalidProofException.class, () -> Tlog.checkTree(p, t, flip(root), mm, old));
        if (m < t) {
          // The same proof for a different old size: the old tree it describes is not this one.
          Hash other = Tlog.treeHash(m + 1, STORE);
          assertThrows(InvalidProofException.class, () -> Tlog.checkTree(p, t, root, mm + 1, other));
        }
      }
    }
  }

  @Test
  void edgeCasesAreRefused() throws Exception {
    Hash leaf = Hash.ofRecord(LEAVES.get(0));
    Hash root = Tlog.treeHash(4, STORE);
    assertThrows(IllegalArgumentException.class, () -> Tlog.proveRecord(0, 0, STORE));
    assertThrows(IllegalArgumentException.class, () -> Tlog.proveRecord(4, 4, STORE));
    assertThrows(IllegalArgumentException.class, () -> Tlog.proveRecord(4, -1, STORE));
    assertThrows(InvalidProofException.class, () -> Tlog.checkRecord(List.of(), 0, Hash.EMPTY_TREE, 0, leaf));
    assertThrows(InvalidProofException.class, () -> Tlog.checkRecord(List.of(), 4, root, 4, leaf));
    assertThrows(InvalidProofException.class, () -> Tlog.checkRecord(List.of(), 4, root, -1, leaf));
    assertThrows(IllegalArgumentException.class, () -> Tlog.proveTree(4, 5, STORE));
    assertThrows(IllegalArgumentException.class, () -> Tlog.proveTree(4, 0, STORE));
    assertThrows(InvalidProofException.class, () -> Tlog.checkTree(List.of(), 4, root, 5, root));
    assertThrows(InvalidProofException.class, () -> Tlog.checkTree(List.of(), 4, root, 0, Hash.EMPTY_TREE));
    assertThrows(InvalidProofException.class, () -> Tlog.checkTree(List.of(), 4, root, 4, flip(root)));
    Tlog.checkTree(List.of(), 4, root, 4, root);
    Tlog.checkRecord(List.of(), 1, leaf, 0, leaf);
    assertThrows(IllegalArgumentException.class, () -> Tlog.treeHash(-1, STORE));
    assertThrows(IOException.class, () -> Tlog.treeHash(N + 1, STORE)); // hashes not stored yet
    // A store that breaks its contract is caught, not trusted.
    assertThrows(IOException.class, () -> Tlog.treeHash(3, indexes -> List.of(leaf)));
    assertThrows(IOException.class, () -> Tlog.proveRecord(3, 0, indexes -> null));
  }

  @Test
  void storedHashLayoutIsDenseAndInvertible() throws IOException {
    long expected = 0;
    MemoryHashStore store = new MemoryHashStore();
    for (long n = 0; n < 300; n++) {
      assertEquals(expected, StoredHashes.index(0, n), "record " + n);
      List<Hash> written = StoredHashes.forRecord(n, new byte[] {(byte) n}, store);
      assertEquals(1 + Long.numberOfTrailingZeros(n + 1), written.size());
      store.append(new byte[] {(byte) n});
      expected += written.size();
      assertEquals(expected, StoredHashes.count(n + 1));
    }
    for (long i = 0; i < expected; i++) {
      StoredHashes.Coordinate c = StoredHashes.split(i);
      assertEquals(i, StoredHashes.index(c.level(), c.n()), "index " + i);
    }
    assertEquals(new StoredHashes.Coordinate(1, 0), StoredHashes.split(2));
    assertEquals(new StoredHashes.Coordinate(2, 0), StoredHashes.split(6));
    assertEquals(0, StoredHashes.count(0));
  }

  @Test
  void hashParsingIsStrict() {
    Hash h = Hash.ofRecord(new byte[0]);
    assertEquals(h, Hash.parse(h.base64()));
    assertThrows(IllegalArgumentException.class, () -> Hash.parse("AAAA"));
    assertThrows(IllegalArgumentException.class, () -> Hash.parse(null));
    assertThrows(IllegalArgumentException.class, () -> Hash.parse("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB="));
    assertThrows(IllegalArgumentException.class, () -> Hash.parse(h.base64().replace('=', '!')));
    assertThrows(IllegalArgumentException.class, () -> Hash.fromBytes(new byte[31]));
  }

  @Test
  void certificateTransparencyArgon2020() throws Exception {
    JsonNode sth = resource("sth.json");
    long size = sth.get("tree_size").asLong();
    Hash root = Hash.parse(sth.get("sha256_root_hash").asText());
    byte[] leafInput = Base64.getDecoder().decode(resource("entries.json").get("entries").get(0).get("leaf_input").asText());
    JsonNode proof = resource("proof.json");
    List<Hash> audit = hashes(proof.get("audit_path"));
    long index = proof.get("leaf_index").asLong();
    Tlog.checkRecord(audit, size, root, index, Hash.ofRecord(leafInput));
    assertThrows(InvalidProofException.class, () -> Tlog.checkRecord(audit, size, root, index + 1, Hash.ofRecord(leafInput)));
    assertTrue(rfc9162Inclusion(index, size, Hash.ofRecord(leafInput).bytes(), audit, root.bytes()));

    JsonNode consistency = resource("consistency.json");
    List<Hash> proofHashes = hashes(consistency.get("consistency"));
    long first = consistency.get("first").asLong();
    Hash firstHash = Hash.parse(consistency.get("first_hash").asText());
    Tlog.checkTree(proofHashes, size, root, first, firstHash);
    assertThrows(InvalidProofException.class, () -> Tlog.checkTree(proofHashes, size, root, first + 1, firstHash));
    assertTrue(rfc9162Consistency(first, size, firstHash.bytes(), root.bytes(), proofHashes));
  }

  static Hash flip(Hash h) {
    byte[] b = h.bytes();
    b[b.length - 1] ^= 1;
    return Hash.fromBytes(b);
  }

  static List<Hash> hashes(JsonNode array) {
    List<Hash> out = new ArrayList<>();
    array.forEach(n -> out.add(Hash.parse(n.asText())));
    return out;
  }

  static JsonNode resource(String name) throws Exception {
    try (InputStream in = TlogTest.class.getResourceAsStream("/tlog/argon2020/" + name)) {
      return Json.parse(in.readAllBytes());
    }
  }
}
