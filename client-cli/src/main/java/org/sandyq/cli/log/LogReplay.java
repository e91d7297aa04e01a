package org.sandyq.cli.log;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sandyq.api.Routes;
import org.sandyq.audit.AuditFailure;
import org.sandyq.audit.Ledger;
import org.sandyq.cli.Failure;
import org.sandyq.cli.UserError;
import org.sandyq.cli.net.VaultHttp;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.note.Checkpoint;
import org.sandyq.crypto.tlog.EntryBundle;
import org.sandyq.crypto.tlog.Hash;
import org.sandyq.crypto.tlog.Tile;
import org.sandyq.crypto.tlog.TileHashReader;
import org.sandyq.policy.VerifiedPolicy;

/**
 * Reads every entry of the log up to a verified checkpoint through its tiles (c2sp.org/tlog-tiles):
 * each level-0 tile's leaf hashes, verified against the checkpoint's root, and its entries bundle
 * (signed requests); an entry counts only if its leaf hash is the verified one, so the first entry
 * that differs is named. Then each entry is read strictly and checked against those before it
 * ({@link Ledger}, the quorum rule among its rules).
 */
public final class LogReplay {
  private final VaultHttp http;
  private final PrivateIdentity signer;
  private final VerifiedPolicy policy;
  private final byte[] genesisEntry;
  private final LocalDate today;
  private boolean readReasons;

  /**
   * @param genesisEntry entry 0 as the server presented it with its policy (already checked against
   *     the chain); the log's own entry 0 must be the same bytes
   * @param today the auditor's UTC day: entries dated after tomorrow are refused
   */
  public LogReplay(VaultHttp http, PrivateIdentity signer, VerifiedPolicy policy, byte[] genesisEntry,
      LocalDate today) {
    this.today = today;
    this.http = http;
    this.signer = signer;
    this.policy = policy;
    this.genesisEntry = genesisEntry.clone();
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
    return replay(checkpoint, LogVerifier.tiles(http, checkpoint));
  }

  /** {@link #replay(Checkpoint)} with the tiles of {@code checkpoint} already being read. */
  public List<Ledger.Entry> replay(Checkpoint checkpoint, TileHashReader tiles) throws Exception {
    long size = checkpoint.size();
    List<byte[]> leaves = new ArrayList<>();
    for (long n = 0; n * Tile.FULL < size; n++) {
      Tile t = new Tile(0, n, (int) Math.min(Tile.FULL, size - n * Tile.FULL));
      byte[] hashes = LogVerifier.leafTile(tiles, t); // first that these are the entries the server signed
      List<byte[]> entries = bundle(t);
      for (int i = 0; i < entries.size(); i++) {
        if (!Hash.ofRecord(entries.get(i)).equals(t.at(hashes, i))) {
          throw new UserError(Failure.VERIFICATION_FAILED, "entry " + (n * Tile.FULL + i) + " does not match the signed checkpoint");
        }
      }
      leaves.addAll(entries);
    }
    try { // then what they say
      return Ledger.replay(policy, genesisEntry, leaves, today.plusDays(1),
          readReasons ? Optional.of(signer) : Optional.empty());
    } catch (AuditFailure failure) {
      throw UserError.of(failure);
    }
  }

  /** The entries of level-0 tile {@code t}, from its bundle (a signed request: entries are for the roster). */
  private List<byte[]> bundle(Tile t) throws Exception {
    String path = t.entriesPath().substring("tile/entries/".length());
    byte[] bundle = http.getSignedBytes(Routes.LOG_TILE_ENTRIES.target(path), signer);
    try {
      return EntryBundle.parse(bundle, t.width());
    } catch (IllegalArgumentException e) {
      long first = t.index() * Tile.FULL;
      throw new UserError(Failure.VERIFICATION_FAILED, "the server's bundle of entries " + first + " to " + (first + t.width() - 1)
          + " is malformed: " + e.getMessage());
    }
  }
}
