package org.sandyq.crypto.note;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.util.SecretBytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.Role;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * What an auditor or a source's client reads from a server it does not trust: signed notes,
 * checkpoints and {@code c2sp.org/tlog-proof@v1} bundles. Hostile bytes give a value or
 * {@link InvalidNoteException}; a parsed checkpoint or bundle formats back to what it parsed.
 */
class NoteFuzzTest {
  /** The log key of the checked-in vectors ({@code docs/vectors/log/log.json}), private half included. */
  private static final class Vectors {
    static final String ORIGIN;
    static final NoteVerifierKey KEY;
    static final NoteSigner SIGNER;

    static {
      try {
        JsonNode v = Json.parse(Files.readAllBytes(Path.of("../docs/vectors/log/log.json")));
        ORIGIN = v.get("origin").asText();
        KEY = NoteVerifierKey.parse(v.get("log_key").get("log_vkey").asText());
        byte[] seed = HexFormat.of().parseHex(v.get("log_key").get("ed25519_seed").asText());
        byte[] secret = new byte[64]; // the Ed25519 seed, then an X25519 key the note never uses
        System.arraycopy(seed, 0, secret, 0, 32);
        secret[32] = 1;
        PrivateIdentity log = PrivateIdentity.importSecret(Role.SERVER, "log",
            SecretBytes.copyFrom(secret, InsecureSecretKeyAccess.get()), InsecureSecretKeyAccess.get());
        SIGNER = new NoteSigner(log, ORIGIN);
        if (!SIGNER.verifierKey().encoded().equals(KEY.encoded())) {
          throw new IllegalStateException("the log vectors' seed does not give their verifier key");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (GeneralSecurityException | MalformedJsonException e) {
        throw new IllegalStateException("the log vectors do not load", e);
      }
    }
  }

  /** {@link Note#open} with the vectors' log key as the one known key. */
  @FuzzTest
  void note(byte[] input) {
    try {
      Note.open(input, List.of(Vectors.KEY));
    } catch (InvalidNoteException e) {
      // refused
    }
  }

  /** {@link Checkpoint#open}: a signed checkpoint of the vectors' log, as a client fetches it. */
  @FuzzTest
  void checkpoint(byte[] input) {
    try {
      Checkpoint.open(new String(input, StandardCharsets.UTF_8), Vectors.KEY, Vectors.ORIGIN);
    } catch (InvalidNoteException e) {
      // refused
    }
  }

  /**
   * A checkpoint text as the log's own key would sign it (the server holds that key): it is signed,
   * opened, parsed, and its text is what was signed.
   */
  @FuzzTest
  void signedCheckpointText(byte[] input) throws GeneralSecurityException {
    String text = new String(input, StandardCharsets.UTF_8);
    String signed;
    try {
      signed = Vectors.SIGNER.sign(text);
    } catch (GeneralSecurityException e) {
      return; // not a note text, or a text the key never signs (one in its other domains): refused
    }
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.open(signed, Vectors.KEY, Vectors.ORIGIN);
    } catch (InvalidNoteException e) {
      return;
    }
    assertEquals(text, checkpoint.text());
  }

  /** {@link TlogProof#parse}: a bundle that parses formats back to the same text. */
  @FuzzTest
  void tlogProof(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    TlogProof proof;
    try {
      proof = TlogProof.parse(text);
    } catch (InvalidNoteException e) {
      return;
    }
    assertEquals(text, proof.format());
    try {
      proof.verify("{}".getBytes(StandardCharsets.UTF_8), Vectors.KEY, Vectors.ORIGIN);
    } catch (GeneralSecurityException e) {
      // a bundle that does not prove this entry: refused
    }
  }

  /** {@link NoteVerifierKey#parse}: a verifier key, or {@link IllegalArgumentException} (its documented refusal). */
  @FuzzTest
  void verifierKey(byte[] input) {
    String vkey = new String(input, StandardCharsets.UTF_8);
    NoteVerifierKey key;
    try {
      key = NoteVerifierKey.parse(vkey);
    } catch (IllegalArgumentException e) {
      return;
    }
    assertEquals(vkey, key.encoded());
  }
}
