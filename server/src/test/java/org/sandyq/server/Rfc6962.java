package org.sandyq.server;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6962 §2.1 written out from its definitions (MTH, PATH, PROOF/SUBPROOF) over a list of
 * entries, with no stored hashes and no code shared with the server or the crypto module: what
 * the log's answers are checked against.
 */
final class Rfc6962 {
  private final List<byte[]> entries;

  Rfc6962(List<byte[]> entries) {
    this.entries = entries;
  }

  static byte[] sha256(byte prefix, byte[]... parts) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(prefix);
      for (byte[] p : parts) {
        d.update(p);
      }
      return d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int split(int n) {
    int k = 1;
    while (k << 1 < n) {
      k <<= 1;
    }
    return k;
  }

  /** MTH(D[lo:hi]). */
  byte[] mth(int lo, int hi) {
    int n = hi - lo;
    if (n == 1) {
      return sha256((byte) 0, entries.get(lo));
    }
    int k = split(n);
    return sha256((byte) 1, mth(lo, lo + k), mth(lo + k, hi));
  }

  /** PATH(m, D[0:n]): the inclusion proof of entry m in the tree of size n. */
  List<byte[]> path(int m, int n) {
    return path(m, 0, n);
  }

  private List<byte[]> path(int m, int lo, int hi) {
    List<byte[]> out = new ArrayList<>();
    if (hi - lo == 1) {
      return out;
    }
    int k = split(hi - lo);
    if (m - lo < k) {
      out.addAll(path(m, lo, lo + k));
      out.add(mth(lo + k, hi));
    } else {
      out.addAll(path(m, lo + k, hi));
      out.add(mth(lo, lo + k));
    }
    return out;
  }

  /** PROOF(m, D[0:n]): the consistency proof from size m to size n. */
  List<byte[]> proof(int m, int n) {
    return subproof(m, 0, n, true);
  }

  private List<byte[]> subproof(int m, int lo, int hi, boolean complete) {
    List<byte[]> out = new ArrayList<>();
    int n = hi - lo;
    if (m == n) {
      if (!complete) {
        out.add(mth(lo, hi));
      }
      return out;
    }
    int k = split(n);
    if (m <= k) {
      out.addAll(subproof(m, lo, lo + k, complete));
      out.add(mth(lo + k, hi));
    } else {
      out.addAll(subproof(m - k, lo + k, hi, false));
      out.add(mth(lo, lo + k));
    }
    return out;
  }
}
