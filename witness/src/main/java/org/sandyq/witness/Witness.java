package org.sandyq.witness;

import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sandyq.crypto.note.Checkpoint;
import org.sandyq.crypto.note.Cosignature;
import org.sandyq.crypto.note.Cosigner;
import org.sandyq.crypto.note.InvalidNoteException;
import org.sandyq.crypto.note.NoteVerifierKey;
import org.sandyq.crypto.tlog.Hash;
import org.sandyq.crypto.tlog.InvalidProofException;
import org.sandyq.crypto.tlog.Tlog;
import org.sandyq.witness.WitnessRefusal.Reason;

/**
 * The witness's one decision (c2sp.org/tlog-witness, add-checkpoint): cosign a log's checkpoint
 * only if it is signed by the log key the witness knows for its origin and is consistent with the
 * latest checkpoint the witness cosigned for that log, and remember it durably before answering.
 * It follows from that alone that no two conflicting checkpoints of one log are ever cosigned by
 * one witness: each cosigned checkpoint extends the previous one.
 */
public final class Witness {
  private final Map<String, NoteVerifierKey> logs;
  private final Cosigner cosigner;
  private final WitnessState state;
  private final Clock clock;

  /**
   * @param logs the log keys the witness follows; each key's name is its log's origin
   */
  public Witness(List<NoteVerifierKey> logs, Cosigner cosigner, WitnessState state, Clock clock) {
    Map<String, NoteVerifierKey> byOrigin = new LinkedHashMap<>();
    for (NoteVerifierKey k : logs) {
      if (byOrigin.putIfAbsent(k.name(), k) != null) {
        throw new IllegalArgumentException("two log keys for origin " + k.name() + ": a witness follows one key per log");
      }
    }
    this.logs = Map.copyOf(byOrigin);
    this.cosigner = cosigner;
    this.state = state;
    this.clock = clock;
  }

  public Cosigner cosigner() {
    return cosigner;
  }

  /** The cosignature line(s) to answer with, once the checkpoint is durably the latest. */
  public String addCheckpoint(byte[] body) throws WitnessRefusal, SQLException {
    AddCheckpoint req = AddCheckpoint.parse(body);
    String origin = req.claimed().origin();
    NoteVerifierKey key = logs.get(origin);
    if (key == null) {
      throw new WitnessRefusal(Reason.UNKNOWN_LOG, "this witness follows no log with origin \"" + origin + "\"");
    }
    Checkpoint c;
    try {
      c = Checkpoint.open(req.note(), key, origin);
    } catch (InvalidNoteException e) {
      throw new WitnessRefusal(Reason.BAD_SIGNATURE, "the checkpoint does not verify under the log key: " + e.getMessage());
    }
    if (!c.extensions().isEmpty()) {
      throw new WitnessRefusal(Reason.MALFORMED, "a checkpoint with extension lines is not cosigned");
    }
    if (c.size() == 0 && !c.root().equals(Hash.EMPTY_TREE)) {
      throw new WitnessRefusal(Reason.MALFORMED, "an empty tree's root is SHA-256 of nothing");
    }
    if (req.old() > c.size()) {
      throw new WitnessRefusal(Reason.MALFORMED, "the old size " + req.old() + " is larger than the checkpoint's " + c.size());
    }
    try {
      return state.transact(tx -> {
        Optional<WitnessState.Latest> latest = tx.latest(origin);
        long size = latest.map(WitnessState.Latest::size).orElse(0L);
        if (req.old() != size) {
          throw WitnessRefusal.conflict(size, "the witness's latest checkpoint of this log has size " + size + ", not " + req.old());
        }
        if (c.size() == size) {
          if (latest.isPresent() && !latest.get().root().equals(c.root())) {
            // the log signed two trees of one size: a fork; the log must never get both cosigned
            throw WitnessRefusal.conflict(size, "the witness cosigned another tree of size " + size + " for this log");
          }
          if (!req.proof().isEmpty()) {
            throw new WitnessRefusal(Reason.MALFORMED, "a checkpoint of the old size takes an empty proof");
          }
        } else if (size == 0) {
          if (!req.proof().isEmpty()) {
            throw new WitnessRefusal(Reason.MALFORMED, "a checkpoint after size 0 takes an empty proof");
          }
        } else {
          try {
            Tlog.checkTree(req.proof(), c.size(), c.root(), size, latest.get().root());
          } catch (InvalidProofException e) {
            throw new WitnessRefusal(Reason.INCONSISTENT, "the consistency proof from size " + size + " does not verify");
          }
        }
        long now = Math.max(0, clock.instant().getEpochSecond());
        Cosignature cosignature = cosigner.cosign(c, now);
        if (c.size() != size || latest.isEmpty()) {
          tx.put(new WitnessState.Latest(origin, c.size(), c.root(), req.note(), now));
          tx.commit();
        }
        return cosignature.line();
      });
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the witness key could not sign", e);
    }
  }

  /** The logs followed, by origin. */
  public Map<String, NoteVerifierKey> logs() {
    return logs;
  }
}
