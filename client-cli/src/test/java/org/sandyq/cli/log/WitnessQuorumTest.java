package org.sandyq.cli.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sandyq.audit.LogEvent;
import org.sandyq.cli.UserError;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.Role;
import org.sandyq.crypto.note.Checkpoint;
import org.sandyq.crypto.note.Cosigner;
import org.sandyq.crypto.note.NoteSigner;
import org.sandyq.crypto.tlog.Hash;
import org.sandyq.policy.Witnesses;

/**
 * The one place every client (submit, status, audit verify, export, export verify, the trust
 * store) checks a checkpoint: with a policy naming witnesses, N-1 valid cosignatures are refused
 * and N accepted; forged, repeated and unknown cosignatures do not count; without witnesses, the
 * log's signature alone, as before.
 */
class WitnessQuorumTest {
  static final String ORIGIN = "sandyq.vault/0123456789ab";
  static NoteSigner log;
  static LogEvent.Genesis genesis;
  static List<Cosigner> witnesses;
  static Checkpoint checkpoint;
  static String note;

  @BeforeAll
  static void setUp() throws Exception {
    log = new NoteSigner(PrivateIdentity.generate(Role.SERVER, "log"), ORIGIN);
    genesis = new LogEvent.Genesis("sha256:" + "0".repeat(64), ORIGIN, log.verifierKey().encoded(), "AAAA");
    witnesses = List.of(new Cosigner(PrivateIdentity.generate(Role.WITNESS, "w1")),
        new Cosigner(PrivateIdentity.generate(Role.WITNESS, "w2")),
        new Cosigner(PrivateIdentity.generate(Role.AUDITOR, "w3")));
    checkpoint = new Checkpoint(ORIGIN, 5, Hash.fromBytes(Sha256.of(new byte[] {5}).bytes()));
    note = checkpoint.sign(log);
  }

  static String line(int witness, Checkpoint c) throws Exception {
    return witnesses.get(witness).cosign(c, 1_760_000_000L + witness).line();
  }

  static LogVerifier verifier(int threshold) {
    return new LogVerifier(genesis, new Witnesses(witnesses.stream().map(Cosigner::key).toList(), threshold));
  }

  @Test
  void nMinusOneIsRefusedAndNAccepted() throws Exception {
    LogVerifier two = verifier(2);
    UserError few = assertThrows(UserError.class, () -> two.checkpoint(note + line(0, checkpoint), "the checkpoint"));
    assertTrue(few.getMessage().contains("cosigned by 1 of the 2 witnesses"), few.getMessage());
    assertThrows(UserError.class, () -> two.checkpoint(note, "the checkpoint"));
    assertEquals(checkpoint, two.checkpoint(note + line(0, checkpoint) + line(2, checkpoint), "the checkpoint"));
    assertEquals(checkpoint, verifier(3).checkpoint(note + line(2, checkpoint) + line(1, checkpoint) + line(0, checkpoint), "c"));
    assertThrows(UserError.class, () -> verifier(3).checkpoint(note + line(2, checkpoint) + line(1, checkpoint), "c"));
  }

  @Test
  void forgedRepeatedAndUnknownCosignaturesDoNotCount() throws Exception {
    LogVerifier two = verifier(2);
    // a cosignature of another checkpoint (the same size, another root: a fork) under w2's name
    Checkpoint other = new Checkpoint(ORIGIN, 5, Hash.fromBytes(Sha256.of(new byte[] {6}).bytes()));
    UserError forged = assertThrows(UserError.class, () -> two.checkpoint(note + line(0, checkpoint) + line(1, other), "c"));
    assertTrue(forged.getMessage().contains("does not verify"), forged.getMessage());
    // the same witness twice is one witness
    assertThrows(UserError.class, () -> two.checkpoint(note + line(0, checkpoint) + line(0, checkpoint), "c"));
    // a witness the policy does not name
    Cosigner stranger = new Cosigner(PrivateIdentity.generate(Role.WITNESS, "stranger"));
    assertThrows(UserError.class, () -> two.checkpoint(note + line(0, checkpoint) + stranger.cosign(checkpoint, 1).line(), "c"));
    // the log's own signature is still required, whatever the cosignatures
    NoteSigner impostor = new NoteSigner(PrivateIdentity.generate(Role.SERVER, "log"), ORIGIN);
    assertThrows(UserError.class, () -> two.checkpoint(checkpoint.sign(impostor) + line(0, checkpoint) + line(1, checkpoint), "c"));
  }

  @Test
  void withoutWitnessesTheLogSignatureAloneAsBefore() throws Exception {
    assertEquals(checkpoint, new LogVerifier(genesis).checkpoint(note, "c"));
    assertEquals(checkpoint, new LogVerifier(genesis, Witnesses.NONE).checkpoint(note + line(0, checkpoint), "c"));
    // what a client accepted before needs no cosignatures now
    assertEquals(checkpoint, verifier(2).remembered(note, "c"));
  }
}
