package org.sandyq.cli.log;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sandyq.api.Routes;
import org.sandyq.api.body.Entries;
import org.sandyq.audit.AuditFailure;
import org.sandyq.audit.Ledger;
import org.sandyq.cli.UserError;
import org.sandyq.cli.net.VaultHttp;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.note.Checkpoint;
import org.sandyq.crypto.tlog.Hash;
import org.sandyq.crypto.tlog.MemoryHashStore;
import org.sandyq.crypto.tlog.Tlog;
import org.sandyq.policy.VerifiedPolicy;

/**
 * Reads every entry of the log up to a verified checkpoint (signed requests, in pages) and recomputes
 * the tree: the entries count only if their root is the checkpoint's. When it is not, consistency
 * proofs find the first entry that differs, so the reason can name it. Then each entry is read
 * strictly and checked against those before it ({@link Ledger}, the quorum rule among its rules).
 */
public final class LogReplay {
  /** The most entries the server returns for one request. */
  public static final int PAGE = 1000;

  private final VaultHttp http;
  private final PrivateIdentity signer;
  private final VerifiedPolicy policy;
  private final byte[] genesisEntry;
  private final LogVerifier verifier;
  private final LocalDate today;
  private boolean readReasons;

  /**
   * @param genesisEntry entry 0 as the server presented it with its policy (already checked against
   *     the chain); the log's own entry 0 must be the same bytes
   * @param today the auditor's UTC day: entries dated after tomorrow are refused
   */
  public LogReplay(VaultHttp http, PrivateIdentity signer, VerifiedPolicy policy, byte[] genesisEntry,
      LogVerifier verifier, LocalDate today) {
    this.today = today;
    this.http = http;
    this.signer = signer;
    this.policy = policy;
    this.genesisEntry = genesisEntry.clone();
    this.verifier = verifier;
  }

  /**
   * Also opens, with the signer's key where it is on a request's roster, the reason sealed to it and
   * checks it against the request's commitment (an audit by a lawyer; {@link Ledger}).
   */
  public LogReplay readingReasons() {
    readReasons = true;
    return this;
  }

  /** Every entry of the tree of {@code checkpoint}, checked; fails with the first reason found. */
  public List<Ledger.Entry> replay(Checkpoint checkpoint) throws Exception {
    long size = checkpoint.size();
    MemoryHashStore tree = new MemoryHashStore();
    List<byte[]> leaves = new ArrayList<>();
    for (long start = 0; start < size; start += PAGE) {
      long end = Math.min(size, start + PAGE);
      Entries page = http.getSigned(Routes.LOG_ENTRIES.target().query("start", start).query("end", end), signer,
          Entries::fromJson);
      List<Entries.Entry> list = page.entries();
      if (list.size() != end - start) {
        throw new UserError("the server sent " + list.size() + " entries for "
            + start + " to " + (end - 1) + ", not " + (end - start));
      }
      for (Entries.Entry item : list) {
        long index = tree.size();
        if (item.index() != index) {
          throw new UserError("the server sent entries out of order near entry " + index);
        }
        byte[] bytes = item.entry();
        tree.append(bytes);
        leaves.add(bytes);
      }
    }
    // first that these are the entries the server signed, then what they say
    if (!tree.treeHash().equals(checkpoint.root())) {
      throw new UserError(locate(tree, checkpoint));
    }
    try {
      return Ledger.replay(policy, genesisEntry, leaves, today.plusDays(1),
          readReasons ? Optional.of(signer) : Optional.empty());
    } catch (AuditFailure failure) {
      throw UserError.of(failure);
    }
  }

  /**
   * The entries do not hash to the signed root: finds the first entry {@code i} such that the
   * entries before it are consistent with the checkpoint but those up to {@code i} are not.
   */
  private String locate(MemoryHashStore tree, Checkpoint checkpoint) throws Exception {
    long lo = 0; // the first lo entries are known good
    long hi = checkpoint.size(); // the first hi entries are known bad
    while (hi - lo > 1) {
      long mid = lo + (hi - lo) / 2;
      if (consistentPrefix(tree, mid, checkpoint)) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return "entry " + lo + " does not match the signed checkpoint";
  }

  private boolean consistentPrefix(MemoryHashStore tree, long n, Checkpoint checkpoint) throws Exception {
    Checkpoint prefix = new Checkpoint(checkpoint.origin(), n, Tlog.treeHash(n, tree));
    List<Hash> proof = LogVerifier.consistencyProof(http, n, checkpoint.size());
    try {
      verifier.consistent(proof, prefix, checkpoint);
      return true;
    } catch (UserError e) {
      return false;
    }
  }
}
