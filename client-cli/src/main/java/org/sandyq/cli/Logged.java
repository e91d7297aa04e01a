package org.sandyq.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import org.sandyq.api.body.LogProof;
import org.sandyq.audit.AuditFailure;
import org.sandyq.audit.LogEvent;
import org.sandyq.cli.log.LogVerifier;
import org.sandyq.cli.net.VaultHttp;
import org.sandyq.crypto.note.Checkpoint;

/**
 * The {@code "log": {index, entry, proof, checkpoint}} member of an answer that recorded something
 * (a submission, a request, an approval, an opening, a reply, a hold), checked: the entry is a
 * well-formed event, the C2SP tlog-proof puts it in a checkpoint signed by the log key of the
 * vault's genesis, the checkpoint given is that one, and the genesis entry is in the same tree.
 * What the event must say is for the caller ({@link #event}).
 */
record Logged(long index, byte[] entry, LogEvent event, String proof, String checkpointNote, Checkpoint checkpoint) {

  static Logged check(LogProof log, VaultPolicy vault, VaultHttp http) {
    long index = log.index();
    byte[] entry = log.entry();
    String proof = log.proof();
    String note = log.checkpoint();
    if (index < 1) {
      throw new UserError(Failure.VERIFICATION_FAILED, "the server's log answer is malformed: entry " + index + " is the genesis record, not a new event");
    }
    LogEvent event;
    try {
      event = LogEvent.parse(index, entry);
    } catch (AuditFailure e) {
      throw new UserError(Failure.VERIFICATION_FAILED, "the server's log " + e.getMessage(), e);
    }
    LogVerifier verifier = vault.verifier();
    Checkpoint checkpoint = verifier.bundle(proof, index, entry);
    if (!verifier.checkpoint(note, "the checkpoint").equals(checkpoint)) {
      throw new UserError(Failure.VERIFICATION_FAILED, "the checkpoint differs from the one in the log proof");
    }
    verifier.included(LogVerifier.genesisProof(http, checkpoint), 0, vault.genesisEntry(), checkpoint);
    vault.advance(http, new LogVerifier.Latest(note, checkpoint)); // one history with what this client saw before
    return new Logged(index, entry, event, proof, note, checkpoint);
  }

  /** The event, which must be of {@code type} and pass {@code test}; else the server logged something else. */
  <E extends LogEvent> E event(Class<E> type, java.util.function.Predicate<E> test, String what) {
    if (!type.isInstance(event) || !test.test(type.cast(event))) {
      throw new UserError(Failure.VERIFICATION_FAILED, "the server's log entry " + index + " does not record " + what);
    }
    return type.cast(event);
  }

  /** {@code index}, {@code entry}, {@code proof} and {@code checkpoint}, as `submit --json` prints them. */
  void describe(ObjectNode log, VaultPolicy vault) {
    log.put("index", index);
    log.put("entry", Base64.getEncoder().encodeToString(entry));
    log.put("proof", proof);
    log.put("checkpoint", checkpointNote);
    log.put("log_vkey", vault.genesis().logVkey());
  }
}
