package org.sandyq.crypto.tlog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * RFC 6962 (and RFC 9162 §2.1) Merkle tree hashes and proofs as pure functions over
 * {@link StoredHashes stored hashes}, after Go's golang.org/x/mod/sumdb/tlog:
 *
 * <ul>
 *   <li>{@link #treeHash} — the root of the first {@code n} records, from at most log₂ n reads;
 *   <li>{@link #proveRecord} / {@link #checkRecord} — inclusion ("audit path", RFC 6962 §2.1.1);
 *   <li>{@link #proveTree} / {@link #checkTree} — consistency (RFC 6962 §2.1.2).
 * </ul>
 *
 * A proof is a list of hashes in RFC order: from the leaf's (or old tree's) side up to the root's
 * children. Every function splits a range {@code [lo, hi)} the RFC way: the left part is the
 * largest power of two strictly smaller than {@code hi - lo}, which is why the stored hash of every
 * left part exists.
 */
public final class Tlog {
  private Tlog() {}

  /** The largest power of two strictly smaller than {@code n} (n ≥ 2). */
  private static long split(long n) {
    return Long.highestOneBit(n - 1);
  }

  /** The root hash of the tree of the first {@code n} records (the empty tree: SHA-256 of nothing). */
  public static Hash treeHash(long n, HashReader reader) throws IOException {
    if (n < 0) {
      throw new IllegalArgumentException("a tree size is not negative");
    }
    if (n == 0) {
      return Hash.EMPTY_TREE;
    }
    List<Long> need = new ArrayList<>();
    subtreeIndexes(0, n, need);
    Cursor hashes = new Cursor(read(reader, need));
    Hash h = hashes.subtree(0, n);
    hashes.finish();
    return h;
  }

  /** The proof that record {@code n} is in the tree of size {@code t}. */
  public static List<Hash> proveRecord(long t, long n, HashReader reader) throws IOException {
    if (n < 0 || n >= t) {
      throw new IllegalArgumentException("record " + n + " is not in a tree of size " + t);
    }
    List<Long> need = new ArrayList<>();
    leafProofIndexes(0, t, n, need);
    return prove(reader, need, (hashes, proof) -> hashes.leafProof(0, t, n, proof));
  }

  /**
   * Checks that {@code proof} proves record {@code n}, with leaf hash {@code recordHash}, is in
   * the tree of size {@code t} with root {@code root}.
   */
  public static void checkRecord(List<Hash> proof, long t, Hash root, long n, Hash recordHash)
      throws InvalidProofException {
    if (n < 0 || n >= t) {
      throw new InvalidProofException("record " + n + " cannot be in a tree of size " + t);
    }
    Hash computed = runRecordProof(proof, proof.size(), 0, t, n, recordHash);
    if (!computed.equals(root)) {
      throw new InvalidProofException("inclusion proof for record " + n + " does not lead to the root of tree " + t);
    }
  }

  /** The proof that the tree of size {@code t} extends the tree of size {@code n} (0 < n ≤ t). */
  public static List<Hash> proveTree(long t, long n, HashReader reader) throws IOException {
    if (n < 1 || n > t) {
      throw new IllegalArgumentException("no consistency proof from size " + n + " to size " + t);
    }
    List<Long> need = new ArrayList<>();
    treeProofIndexes(0, t, n, need);
    return prove(reader, need, (hashes, proof) -> hashes.treeProof(0, t, n, proof));
  }

  /** Reads the hashes a proof needs and walks them, in the order their indexes were listed. */
  private static List<Hash> prove(HashReader reader, List<Long> need, BiConsumer<Cursor, List<Hash>> walk)
      throws IOException {
    Cursor hashes = new Cursor(read(reader, need));
    List<Hash> proof = new ArrayList<>();
    walk.accept(hashes, proof);
    hashes.finish();
    return List.copyOf(proof);
  }

  /**
   * Checks that {@code proof} proves the tree of size {@code t} with root {@code root} extends the
   * tree of size {@code n} with root {@code oldRoot}.
   */
  public static void checkTree(List<Hash> proof, long t, Hash root, long n, Hash oldRoot)
      throws InvalidProofException {
    if (n < 1 || n > t) {
      throw new InvalidProofException("no consistency proof can go from size " + n + " to size " + t);
    }
    Hash[] computed = runTreeProof(proof, proof.size(), 0, t, n, oldRoot);
    if (!computed[0].equals(oldRoot) || !computed[1].equals(root)) {
      throw new InvalidProofException("consistency proof from size " + n + " to " + t + " does not match the roots");
    }
  }

  // Stored-hash indexes, in the order the matching Cursor method consumes them.

  /** The perfect subtrees that make up {@code [lo, hi)}, left to right. */
  private static void subtreeIndexes(long lo, long hi, List<Long> need) {
    while (lo < hi) {
      long k = Long.highestOneBit(hi - lo);
      int level = Long.numberOfTrailingZeros(k);
      need.add(StoredHashes.index(level, lo >> level));
      lo += k;
    }
  }

  private static void leafProofIndexes(long lo, long hi, long n, List<Long> need) {
    if (lo + 1 == hi) {
      return;
    }
    long k = split(hi - lo);
    if (n < lo + k) {
      leafProofIndexes(lo, lo + k, n, need);
      subtreeIndexes(lo + k, hi, need);
    } else {
      subtreeIndexes(lo, lo + k, need);
      leafProofIndexes(lo + k, hi, n, need);
    }
  }

  private static void treeProofIndexes(long lo, long hi, long n, List<Long> need) {
    if (n == hi) {
      if (lo != 0) {
        subtreeIndexes(lo, hi, need);
      }
      return;
    }
    long k = split(hi - lo);
    if (n <= lo + k) {
      treeProofIndexes(lo, lo + k, n, need);
      subtreeIndexes(lo + k, hi, need);
    } else {
      subtreeIndexes(lo, lo + k, need);
      treeProofIndexes(lo + k, hi, n, need);
    }
  }

  /** Reads stored hashes and checks the reader kept its contract. */
  static List<Hash> read(HashReader reader, long[] indexes) throws IOException {
    if (indexes.length == 0) {
      return List.of();
    }
    List<Hash> hashes = reader.readHashes(indexes.clone());
    if (hashes == null || hashes.size() != indexes.length || hashes.stream().anyMatch(java.util.Objects::isNull)) {
      throw new IOException("hash store returned " + (hashes == null ? "nothing" : hashes.size() + " hashes")
          + " for " + indexes.length + " indexes");
    }
    return hashes;
  }

  private static List<Hash> read(HashReader reader, List<Long> indexes) throws IOException {
    return read(reader, indexes.stream().mapToLong(Long::longValue).toArray());
  }

  /** Hashes read from the store, consumed in the order their indexes were listed. */
  private static final class Cursor {
    private final List<Hash> hashes;
    private int next;

    Cursor(List<Hash> hashes) {
      this.hashes = hashes;
    }

    /** The root of {@code [lo, hi)} from its perfect subtrees, combined right to left. */
    Hash subtree(long lo, long hi) {
      int count = 0;
      for (long l = lo; l < hi; l += Long.highestOneBit(hi - l)) {
        count++;
      }
      int first = next;
      next += count;
      Hash h = hashes.get(next - 1);
      for (int i = next - 2; i >= first; i--) {
        h = Hash.ofNode(hashes.get(i), h);
      }
      return h;
    }

    void leafProof(long lo, long hi, long n, List<Hash> proof) {
      if (lo + 1 == hi) {
        return; // the verifier knows the leaf hash
      }
      long k = split(hi - lo);
      if (n < lo + k) {
        leafProof(lo, lo + k, n, proof);
        proof.add(subtree(lo + k, hi));
      } else {
        Hash left = subtree(lo, lo + k);
        leafProof(lo + k, hi, n, proof);
        proof.add(left);
      }
    }

    void treeProof(long lo, long hi, long n, List<Hash> proof) {
      if (n == hi) {
        if (lo != 0) {
          proof.add(subtree(lo, hi)); // at lo == 0 this is the old root, which the verifier has
        }
        return;
      }
      long k = split(hi - lo);
      if (n <= lo + k) {
        treeProof(lo, lo + k, n, proof);
        proof.add(subtree(lo + k, hi));
      } else {
        Hash left = subtree(lo, lo + k);
        treeProof(lo + k, hi, n, proof);
        proof.add(left);
      }
    }

    void finish() {
      if (next != hashes.size()) {
        throw new IllegalStateException("tlog: stored-hash index arithmetic is inconsistent");
      }
    }
  }

  // Verification: run the proof from the top, consuming it from its end (the root's children).

  private static Hash runRecordProof(List<Hash> p, int end, long lo, long hi, long n, Hash leaf)
      throws InvalidProofException {
    if (lo + 1 == hi) {
      if (end != 0) {
        throw new InvalidProofException("inclusion proof has " + end + " hashes too many");
      }
      return leaf;
    }
    if (end == 0) {
      throw new InvalidProofException("inclusion proof is too short");
    }
    long k = split(hi - lo);
    Hash sibling = p.get(end - 1);
    if (n < lo + k) {
      return Hash.ofNode(runRecordProof(p, end - 1, lo, lo + k, n, leaf), sibling);
    }
    return Hash.ofNode(sibling, runRecordProof(p, end - 1, lo + k, hi, n, leaf));
  }

  /** Returns {old subtree hash, new subtree hash} implied for {@code [lo, hi)}. */
  private static Hash[] runTreeProof(List<Hash> p, int end, long lo, long hi, long n, Hash old)
      throws InvalidProofException {
    if (n == hi) {
      if (lo == 0) {
        if (end != 0) {
          throw new InvalidProofException("consistency proof has " + end + " hashes too many");
        }
        return new Hash[] {old, old};
      }
      if (end != 1) {
        throw new InvalidProofException("consistency proof has the wrong number of hashes");
      }
      return new Hash[] {p.get(0), p.get(0)};
    }
    if (end == 0) {
      throw new InvalidProofException("consistency proof is too short");
    }
    long k = split(hi - lo);
    Hash sibling = p.get(end - 1);
    if (n <= lo + k) {
      Hash[] left = runTreeProof(p, end - 1, lo, lo + k, n, old);
      return new Hash[] {left[0], Hash.ofNode(left[1], sibling)};
    }
    Hash[] right = runTreeProof(p, end - 1, lo + k, hi, n, old);
    return new Hash[] {Hash.ofNode(sibling, right[0]), Hash.ofNode(sibling, right[1])};
  }
}
