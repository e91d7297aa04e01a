package org.sandyq.crypto.tlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.subtle.Ed25519Sign;
import com.google.crypto.tink.util.SecretBytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.Role;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.note.Checkpoint;
import org.sandyq.crypto.note.Cosignature;
import org.sandyq.crypto.note.Cosigner;
import org.sandyq.crypto.note.CosignerKey;
import org.sandyq.crypto.note.InvalidNoteException;
import org.sandyq.crypto.note.Note;
import org.sandyq.crypto.note.NoteSignature;
import org.sandyq.crypto.note.NoteVerifierKey;

/**
 * The witness cosignature vectors of docs/log.md §5.1 under {@code docs/vectors/log/}: a fixed
 * witness key cosigns the checkpoint of {@code checkpoint.txt} at a fixed time; the cosigned note,
 * and lines a verifier must refuse. Re-derived with the code under test and by hand (SHA-256 and
 * Tink's raw Ed25519), as {@link LogVectorsTest}; {@code check_vectors.py} checks them again.
 *
 * <p>Regenerate: {@code mvn -o -pl crypto test -Dtest=CosignatureVectorsTest -Dsandyq.vectors.regenerate=true}.
 */
class CosignatureVectorsTest {
  static final String WITNESS = "sandyq-witness-1";
  static final long TIME = 1741600000L;

  static PrivateIdentity witnessIdentity() throws Exception {
    byte[] secret = new byte[64];
    System.arraycopy(LogVectorsTest.seed("witness ed25519 seed"), 0, secret, 0, 32);
    System.arraycopy(LogVectorsTest.seed("witness x25519 private"), 0, secret, 32, 32);
    return PrivateIdentity.importSecret(Role.WITNESS, WITNESS, SecretBytes.copyFrom(secret, InsecureSecretKeyAccess.get()),
        InsecureSecretKeyAccess.get());
  }

  /** The checkpoint.txt note, and its parsed checkpoint. */
  static String checkpointNote() throws Exception {
    return Files.readString(LogVectorsTest.DIR.resolve("checkpoint.txt"));
  }

  static String b64Field(int keyId, long time, byte[] sig) {
    return LogVectorsTest.B64.encodeToString(ByteBuffer.allocate(76).putInt(keyId).putLong(time).put(sig).array());
  }

  static void generate() throws Exception {
    Cosigner cosigner = new Cosigner(witnessIdentity());
    CosignerKey key = cosigner.key();
    String note = checkpointNote();
    Checkpoint cp = Checkpoint.parseText(note.substring(0, note.indexOf("\n\n") + 1));
    Cosignature c = cosigner.cosign(cp, TIME);
    ObjectNode v = Json.object();
    v.put("description", "Sandyq witness cosignature vectors (docs/log.md §5.1, c2sp.org/tlog-cosignature cosignature/v1)."
        + " The witness key's seed is SHA-256 of 'sandyq log test vector: witness ed25519 seed'; the checkpoint is"
        + " checkpoint.txt. TEST KEYS ONLY.");
    ObjectNode k = v.putObject("witness_key");
    k.put("name", WITNESS);
    k.put("ed25519_seed", LogVectorsTest.HEX.formatHex(LogVectorsTest.seed("witness ed25519 seed")));
    k.put("ed25519_public", LogVectorsTest.HEX.formatHex(key.publicKey()));
    k.put("key_id", String.format("%08x", key.keyId()));
    k.put("vkey", key.encoded());
    v.put("checkpoint_file", "checkpoint.txt");
    v.put("time", TIME);
    v.put("message", new String(Cosignature.message(cp, TIME), StandardCharsets.UTF_8));
    v.put("cosignature_line", c.line());
    v.put("cosigned_file", "checkpoint-cosigned.txt");
    ArrayNode bad = v.putArray("invalid");
    byte[] sig = c.signature();
    addInvalid(bad, "the time changed after signing", "\u2014 " + WITNESS + " " + b64Field(key.keyId(), TIME + 1, sig) + "\n");
    byte[] flipped = sig.clone();
    flipped[0] ^= 1;
    addInvalid(bad, "one bit of the signature flipped", "\u2014 " + WITNESS + " " + b64Field(key.keyId(), TIME, flipped) + "\n");
    Checkpoint bigger = new Checkpoint(cp.origin(), cp.size() + 1, cp.root());
    addInvalid(bad, "a valid cosignature of another checkpoint (size + 1)", cosigner.cosign(bigger, TIME).line());
    byte[] noTime = new Ed25519Sign(LogVectorsTest.seed("witness ed25519 seed")).sign(cp.text().getBytes(StandardCharsets.UTF_8));
    addInvalid(bad, "the witness key's plain note signature of the checkpoint text (no cosignature/v1 header)",
        "\u2014 " + WITNESS + " " + b64Field(key.keyId(), TIME, noTime) + "\n");
    Files.writeString(LogVectorsTest.DIR.resolve("cosignature.json"), Json.pretty(v));
    Files.writeString(LogVectorsTest.DIR.resolve("checkpoint-cosigned.txt"), note + c.line());
  }

  static void addInvalid(ArrayNode bad, String what, String line) {
    ObjectNode o = bad.addObject();
    o.put("what", what);
    o.put("line", line);
  }

  @Test
  void vectorsReDerive() throws Exception {
    if (Boolean.getBoolean("sandyq.vectors.regenerate")) {
      generate();
    }
    JsonNode v = Json.parse(Files.readAllBytes(LogVectorsTest.DIR.resolve("cosignature.json")));
    JsonNode log = Json.parse(Files.readAllBytes(LogVectorsTest.DIR.resolve("log.json")));
    JsonNode k = v.get("witness_key");
    byte[] seed = LogVectorsTest.HEX.parseHex(k.get("ed25519_seed").asText());
    byte[] pub = Ed25519Sign.KeyPair.newKeyPairFromSeed(seed).getPublicKey();
    assertEquals(k.get("ed25519_public").asText(), LogVectorsTest.HEX.formatHex(pub));
    // key ID = SHA-256(name || 0x0A || 0x04 || key)[:4], by hand.
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    d.update((WITNESS + "\n").getBytes(StandardCharsets.UTF_8));
    d.update((byte) 4);
    String keyId = LogVectorsTest.HEX.formatHex(Arrays.copyOf(d.digest(pub), 4));
    assertEquals(k.get("key_id").asText(), keyId);
    String vkeyText = WITNESS + "+" + keyId + "+"
        + LogVectorsTest.B64.encodeToString(ByteBuffer.allocate(33).put((byte) 4).put(pub).array());
    assertEquals(k.get("vkey").asText(), vkeyText);
    CosignerKey key = CosignerKey.parse(vkeyText);
    assertEquals(key, new Cosigner(witnessIdentity()).key());

    // The message and the line, by hand: Ed25519 is deterministic.
    String note = checkpointNote();
    String text = log.get("checkpoint_text").asText();
    assertEquals("cosignature/v1\ntime " + TIME + "\n" + text, v.get("message").asText());
    byte[] sig = new Ed25519Sign(seed).sign(v.get("message").asText().getBytes(StandardCharsets.UTF_8));
    String line = "\u2014 " + WITNESS + " " + b64Field(key.keyId(), TIME, sig) + "\n";
    assertEquals(line, v.get("cosignature_line").asText());
    String cosigned = Files.readString(LogVectorsTest.DIR.resolve(v.get("cosigned_file").asText()));
    assertEquals(note + line, cosigned);

    // Through the code: the log key still opens the note, the witness is counted once.
    NoteVerifierKey logKey = NoteVerifierKey.parse(log.get("log_key").get("log_vkey").asText());
    String origin = log.get("origin").asText();
    Checkpoint cp = Checkpoint.open(cosigned, logKey, origin);
    Note opened = Note.open(cosigned.getBytes(StandardCharsets.UTF_8), List.of(logKey));
    assertEquals(Set.of(key), CosignerKey.cosigners(opened, cp, List.of(key)));
    assertEquals(line, new Cosigner(witnessIdentity()).cosign(cp, TIME).line());
    // A note carrying the same cosignature twice still counts one witness.
    Note twice = Note.open((cosigned + line).getBytes(StandardCharsets.UTF_8), List.of(logKey));
    assertEquals(1, CosignerKey.cosigners(twice, cp, List.of(key)).size());

    // Every invalid line makes the note invalid for a verifier that knows the witness, and is
    // ignored by one that does not (it is then just an unknown signature).
    assertTrue(v.get("invalid").size() >= 4);
    for (JsonNode bad : v.get("invalid")) {
      String withBad = note + bad.get("line").asText();
      Note n = Note.open(withBad.getBytes(StandardCharsets.UTF_8), List.of(logKey));
      assertThrows(InvalidNoteException.class, () -> CosignerKey.cosigners(n, cp, List.of(key)), bad.get("what").asText());
      assertEquals(Set.of(), CosignerKey.cosigners(n, cp, List.of()));
    }
  }

  @Test
  void keysAreTyped() throws Exception {
    CosignerKey key = new Cosigner(witnessIdentity()).key();
    // The same Ed25519 key as a log key has another ID and another encoding: neither parses as the other.
    NoteVerifierKey asLog = NoteVerifierKey.ed25519(WITNESS, key.publicKey());
    assertTrue(asLog.keyId() != key.keyId());
    assertThrows(IllegalArgumentException.class, () -> CosignerKey.parse(asLog.encoded()));
    assertThrows(IllegalArgumentException.class, () -> NoteVerifierKey.parse(key.encoded()));
    String wrongId = key.encoded().replaceFirst("\\+[0-9a-f]{8}\\+", "+00000000+");
    assertThrows(IllegalArgumentException.class, () -> CosignerKey.parse(wrongId));
    // A lawyer's or the server's key is never a witness key; an auditor's is.
    assertThrows(IllegalArgumentException.class, () -> CosignerKey.of(PrivateIdentity.generate(Role.LAWYER, "l").publicIdentity()));
    assertThrows(IllegalArgumentException.class, () -> CosignerKey.of(PrivateIdentity.generate(Role.SERVER, "s").publicIdentity()));
    assertEquals("aud", CosignerKey.of(PrivateIdentity.generate(Role.AUDITOR, "aud").publicIdentity()).name());
    // Extension lines are never cosigned, and a 75- or 77-byte field is not a cosignature.
    Checkpoint ext = new Checkpoint("o", 1, Hash.EMPTY_TREE, List.of("x"));
    assertThrows(IllegalArgumentException.class, () -> new Cosigner(witnessIdentity()).cosign(ext, TIME));
    for (int len : new int[] {75, 77, 68}) {
      String b64 = LogVectorsTest.B64.encodeToString(ByteBuffer.allocate(len).putInt(key.keyId()).array());
      assertThrows(InvalidNoteException.class, () -> Cosignature.of(new NoteSignature(WITNESS, key.keyId(), b64)), "" + len);
    }
  }
}
