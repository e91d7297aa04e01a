package org.sandyq.cli.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.sandyq.api.Routes;
import org.sandyq.api.body.ConsistencyProof;
import org.sandyq.api.body.InclusionProof;
import org.sandyq.audit.LogEvent;
import org.sandyq.cli.Failure;
import org.sandyq.cli.UserError;
import org.sandyq.cli.net.VaultHttp;
import org.sandyq.crypto.note.Checkpoint;
import org.sandyq.crypto.note.CosignerKey;
import org.sandyq.crypto.note.InvalidNoteException;
import org.sandyq.crypto.note.Note;
import org.sandyq.crypto.note.NoteVerifierKey;
import org.sandyq.crypto.note.TlogProof;
import org.sandyq.crypto.tlog.Hash;
import org.sandyq.crypto.tlog.InvalidProofException;
import org.sandyq.crypto.tlog.InvalidTileException;
import org.sandyq.crypto.tlog.Tile;
import org.sandyq.crypto.tlog.TileHashReader;
import org.sandyq.crypto.tlog.Tlog;
import org.sandyq.policy.Witnesses;

/**
 * Checks what the server says about its log against the log key named in the genesis entry:
 * signed checkpoints (C2SP signed-note), inclusion proofs (also as C2SP tlog-proof bundles) and
 * consistency proofs (RFC 6962). When the policy names witnesses, a checkpoint the server gives
 * now counts only with the policy's quorum of their cosignatures (c2sp.org/tlog-cosignature):
 * a server cannot then show one history to one reader and another to the next, since no witness
 * cosigns both. Every failure is a one-line {@link UserError}.
 */
public final class LogVerifier {
  private final NoteVerifierKey key;
  private final String origin;
  private final Witnesses witnesses;

  /** A verifier for a vault whose policy names no witnesses: the log's signature alone. */
  public LogVerifier(LogEvent.Genesis genesis) {
    this(genesis, Witnesses.NONE);
  }

  /** A verifier requiring {@code witnesses}' quorum on every checkpoint it is given. */
  public LogVerifier(LogEvent.Genesis genesis, Witnesses witnesses) {
    this.witnesses = witnesses;
    try {
      this.key = NoteVerifierKey.parse(genesis.logVkey());
    } catch (IllegalArgumentException e) {
      throw new UserError(Failure.VERIFICATION_FAILED, "the genesis entry's log key is malformed: " + e.getMessage());
    }
    if (!key.name().equals(genesis.origin())) {
      throw new UserError(Failure.VERIFICATION_FAILED, "the genesis entry's log key is named \"" + key.name() + "\", not the log origin");
    }
    this.origin = genesis.origin();
  }

  /** The vault's latest checkpoint: the signed note and what it says, verified. */
  public record Latest(String note, Checkpoint checkpoint) {}

  /** Fetches and verifies the vault's latest checkpoint, which must hold at least the genesis entry. */
  public Latest latest(VaultHttp http) {
    String note = http.getText(Routes.LOG_CHECKPOINT.target());
    Checkpoint checkpoint = checkpoint(note, "the server's checkpoint");
    if (checkpoint.size() < 1) {
      throw new UserError(Failure.VERIFICATION_FAILED, "the server's checkpoint has no entries, not even the genesis record");
    }
    return new Latest(note, checkpoint);
  }

  /**
   * A checkpoint note, verified: signed by the log key and, when the policy names witnesses,
   * cosigned by its threshold of them. {@code what} names it in the error ("the server's checkpoint").
   */
  public Checkpoint checkpoint(String note, String what) {
    Checkpoint c = remembered(note, what);
    if (!witnesses.required()) {
      return c;
    }
    int cosigned;
    try {
      cosigned = CosignerKey.cosigners(Note.open(note.getBytes(StandardCharsets.UTF_8), List.of(key)), c,
          witnesses.keys()).size();
    } catch (InvalidNoteException e) {
      throw new UserError(Failure.VERIFICATION_FAILED, what + " carries a witness cosignature that does not verify: " + e.getMessage());
    }
    if (cosigned < witnesses.threshold()) {
      throw new UserError(Failure.VERIFICATION_FAILED, what + " (" + c.size() + " entries) is cosigned by " + cosigned + " of the "
          + witnesses.threshold() + " witnesses the policy requires: not yet witnessed, or a history shown to no"
          + " witness; it is not accepted");
    }
    return c;
  }

  /**
   * A checkpoint this client accepted before (the trust store, an audit's saved state), checked
   * against the log key only: it met the rules of its day, and a later policy's witnesses never
   * saw it.
   */
  public Checkpoint remembered(String note, String what) {
    try {
      return Checkpoint.open(note, key, origin);
    } catch (InvalidNoteException e) {
      throw new UserError(Failure.VERIFICATION_FAILED, what + " is not validly signed by the vault's log key: " + e.getMessage());
    }
  }

  /** The witnesses whose quorum every new checkpoint needs ({@link Witnesses#NONE}: the log's signature alone). */
  public Witnesses witnesses() {
    return witnesses;
  }

  /** A C2SP tlog-proof for {@code entry} at {@code index}; returns the checkpoint it proves inclusion in. */
  public Checkpoint bundle(String tlogProof, long index, byte[] entry) {
    TlogProof proof;
    try {
      proof = TlogProof.parse(tlogProof);
    } catch (InvalidNoteException e) {
      throw new UserError(Failure.VERIFICATION_FAILED, "the log proof is malformed: " + e.getMessage());
    }
    if (proof.index() != index) {
      throw new UserError(Failure.VERIFICATION_FAILED, "the log proof is for entry " + proof.index() + ", not entry " + index);
    }
    Checkpoint c = checkpoint(proof.checkpoint(), "the log proof's checkpoint");
    included(proof.proof(), index, entry, c);
    return c;
  }

  /** Entry {@code index} is in the tree of checkpoint {@code c}. */
  public void included(List<Hash> proof, long index, byte[] entry, Checkpoint c) {
    try {
      Tlog.checkRecord(proof, c.size(), c.root(), index, Hash.ofRecord(entry));
    } catch (InvalidProofException e) {
      throw new UserError(Failure.VERIFICATION_FAILED, "entry " + index + " is not in the signed log of " + c.size() + " entries: " + e.getMessage());
    }
  }

  /** The tree of {@code now} extends the tree of {@code old}. */
  public void consistent(List<Hash> proof, Checkpoint old, Checkpoint now) {
    if (old.size() > now.size()) {
      throw new UserError(Failure.VERIFICATION_FAILED, "the log shrank: it had " + old.size() + " entries, it now has " + now.size());
    }
    if (old.size() == now.size()) {
      if (!old.root().equals(now.root())) {
        throw new UserError(Failure.VERIFICATION_FAILED, "the log was rewritten: two signed checkpoints of " + now.size() + " entries differ");
      }
      return;
    }
    if (old.size() == 0) {
      return; // everything extends the empty tree
    }
    try {
      Tlog.checkTree(proof, now.size(), now.root(), old.size(), old.root());
    } catch (InvalidProofException e) {
      throw new UserError(Failure.VERIFICATION_FAILED, "the log was rewritten: the checkpoint of " + now.size()
          + " entries does not extend the one of " + old.size() + " entries saved before");
    }
  }

  /**
   * The tree of {@code now} extends the tree of {@code old}, read from {@code now}'s tiles: the
   * first {@code old.size()} entries of the tree the tiles are verified against must have
   * {@code old}'s root (what a consistency proof shows, from hashes bound to {@code now}'s root).
   */
  public void consistent(TileHashReader tiles, Checkpoint old, Checkpoint now) {
    if (old.size() >= now.size() || old.size() == 0) {
      consistent(List.of(), old, now); // nothing to read: shrunk, equal or empty
      return;
    }
    Hash prefix;
    try {
      prefix = Tlog.treeHash(old.size(), tiles);
    } catch (IOException e) {
      throw tileFailure(e);
    }
    if (!prefix.equals(old.root())) {
      throw new UserError(Failure.VERIFICATION_FAILED, "the log was rewritten: the checkpoint of " + now.size()
          + " entries does not extend the one of " + old.size() + " entries saved before");
    }
  }

  /**
   * The log's tiles (c2sp.org/tlog-tiles) of the tree of checkpoint {@code c}, fetched as needed
   * and each verified against its root before use.
   */
  public static TileHashReader tiles(VaultHttp http, Checkpoint c) {
    return new TileHashReader(c.size(), c.root(),
        t -> http.getBytes(Routes.LOG_TILE.target(t.path().substring("tile/".length()))));
  }

  /** A tile that does not verify, or a failure to read one, as the one line an auditor reads. */
  public static UserError tileFailure(IOException e) {
    if (e instanceof InvalidTileException bad) {
      return new UserError(Failure.VERIFICATION_FAILED, "the server's tiles do not match its signed checkpoint ("
          + (bad.tile() == null ? "" : bad.tile().path() + ": ") + e.getMessage() + "); keep the checkpoint note");
    }
    return new UserError(Failure.VERIFICATION_FAILED, "cannot read the log's tiles: " + e.getMessage());
  }

  /** The verified hashes of level-0 tile {@code t}: the entries' leaf hashes. */
  public static byte[] leafTile(TileHashReader tiles, Tile t) {
    try {
      return tiles.tile(t);
    } catch (IOException e) {
      throw tileFailure(e);
    }
  }

  /** The vault's audit path for entry {@code index} in the tree of {@code size} entries. */
  public static List<Hash> inclusionProof(VaultHttp http, long index, long size) {
    InclusionProof p = http.get(Routes.LOG_INCLUSION.target().query("index", index).query("size", size),
        InclusionProof::fromJson);
    if (p.index() != index || p.size() != size) {
      throw new UserError(Failure.VERIFICATION_FAILED, "the server answered with a proof for entry " + p.index() + " of " + p.size()
          + " entries, not entry " + index + " of " + size);
    }
    return hashes(p.proof());
  }

  /** The genesis entry's audit path in the tree of {@code c}. */
  public static List<Hash> genesisProof(VaultHttp http, Checkpoint c) {
    return inclusionProof(http, 0, c.size());
  }

  /** The vault's proof that its tree of {@code newSize} entries extends the one of {@code oldSize}. */
  public static List<Hash> consistencyProof(VaultHttp http, long oldSize, long newSize) {
    ConsistencyProof p = http.get(Routes.LOG_CONSISTENCY.target().query("old", oldSize).query("new", newSize),
        ConsistencyProof::fromJson);
    if (p.old() != oldSize || p.neu() != newSize) {
      throw new UserError(Failure.VERIFICATION_FAILED, "the server answered with a proof from " + p.old() + " to " + p.neu()
          + " entries, not from " + oldSize + " to " + newSize);
    }
    return hashes(p.proof());
  }

  private static List<Hash> hashes(List<byte[]> proof) {
    List<Hash> out = new ArrayList<>(proof.size());
    proof.forEach(h -> out.add(Hash.fromBytes(h)));
    return out;
  }
}
