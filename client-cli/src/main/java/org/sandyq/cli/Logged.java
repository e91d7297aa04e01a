package org.sandyq.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import org.sandyq.audit.AuditFailure;
import org.sandyq.audit.LogEvent;
import org.sandyq.cli.log.LogVerifier;
import org.sandyq.cli.net.VaultHttp;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;
import org.sandyq.crypto.note.Checkpoint;

/**
 * The {@code "log": {index, entry, proof, checkpoint}} member of an answer that recorded something
 * (a submission, a request, an approval, an opening, a reply, a hold), checked: the entry is a
 * well-formed event, the C2SP tlog-proof puts it in a checkpoint signed by the log key of the
 * vault's genesis, the checkpoint given is that one, and the genesis entry is in the same tree.
 * What the event must say is for the caller ({@link #event}).
 */
record Logged(long index, byte[] entry, LogEvent event, String proof, String checkpointNote, Checkpoint checkpoint) {

  static Logged check(JsonNode log, VaultPolicy vault, VaultHttp http) {
    long index;
    byte[] entry;
    String proof;
    String note;
    try {
      JsonFields f = JsonFields.of(log, "log");
      index = f.integer("index", 1, Long.MAX_VALUE);
      entry = f.base64("entry");
      proof = f.text("proof");
      note = f.text("checkpoint");
    } catch (MalformedJsonException e) {
      throw new UserError("the server's log answer is malformed: " + e.getMessage());
    }
    LogEvent event;
    try {
      event = LogEvent.parse(index, entry);
    } catch (AuditFailure e) {
      throw new UserError("the server's log " + e.getMessage(), e);
    }
    LogVerifier verifier = new LogVerifier(vault.genesis());
    Checkpoint checkpoint = verifier.bundle(proof, index, entry);
    if (!verifier.checkpoint(note, "the checkpoint").equals(checkpoint)) {
      throw new UserError("the checkpoint differs from the one in the log proof");
    }
    JsonNode genesisProof = http.getJson("v1/log/proof/inclusion?index=0&size=" + checkpoint.size());
    verifier.included(LogVerifier.hashes(genesisProof), 0, vault.genesisEntry(), checkpoint);
    vault.advance(http, new LogVerifier.Latest(note, checkpoint)); // one history with what this client saw before
    return new Logged(index, entry, event, proof, note, checkpoint);
  }

  /** The event, which must be of {@code type} and pass {@code test}; else the server logged something else. */
  <E extends LogEvent> E event(Class<E> type, java.util.function.Predicate<E> test, String what) {
    if (!type.isInstance(event) || !test.test(type.cast(event))) {
      throw new UserError("the server's log entry " + index + " does not record " + what);
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
