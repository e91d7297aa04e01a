package org.sandyq.crypto.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.MalformedJsonException;

class IdentityTest {
  private static final byte[] MSG = "policy bytes".getBytes(StandardCharsets.UTF_8);

  @Test
  void signaturesVerifyOnlyForTheirDomainAndMessage() throws Exception {
    PrivateIdentity a = PrivateIdentity.generate(Role.LAWYER, "aigerim");
    byte[] sig = a.sign(SignatureDomain.POLICY, MSG);
    assertTrue(a.publicIdentity().verify(SignatureDomain.POLICY, MSG, sig));
    assertFalse(a.publicIdentity().verify(SignatureDomain.UNSEAL_APPROVAL, MSG, sig));
    assertFalse(a.publicIdentity().verify(SignatureDomain.POLICY, "other".getBytes(StandardCharsets.UTF_8), sig));
    PrivateIdentity b = PrivateIdentity.generate(Role.LAWYER, "bakyt");
    assertFalse(b.publicIdentity().verify(SignatureDomain.POLICY, MSG, sig));
    assertFalse(a.publicIdentity().verify(SignatureDomain.POLICY, MSG, new byte[3]));
  }

  /**
   * One identity's signer is shared by every thread that signs with it (the vault's writer, its
   * request threads, a witness): Ed25519 is deterministic, so every thread must get the very
   * signature one thread gets, for each kind of bytes.
   */
  @Test
  void oneIdentitySignsTheSameFromManyThreadsAtOnce() throws Exception {
    PrivateIdentity a = PrivateIdentity.generate(Role.LAWYER, "aigerim");
    byte[] note = "vault.example/log\n7\nAAAA\n".getBytes(StandardCharsets.UTF_8);
    byte[] expectedFramed = a.sign(SignatureDomain.POLICY, MSG);
    byte[] expectedNote = a.signNote(note);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> all = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        all.add(pool.submit(() -> {
          for (int i = 0; i < 200; i++) {
            if (!Arrays.equals(expectedFramed, a.sign(SignatureDomain.POLICY, MSG))
                || !Arrays.equals(expectedNote, a.signNote(note))) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> f : all) {
        assertTrue(f.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    assertTrue(a.publicIdentity().verify(SignatureDomain.POLICY, MSG, expectedFramed));
  }

  @Test
  void publicIdentityRoundTripsAndKeyIdIsChecked() throws Exception {
    PublicIdentity id = PrivateIdentity.generate(Role.AUDITOR, "Дилноза").publicIdentity();
    PublicIdentity back = PublicIdentity.fromJson(Json.parse(Json.pretty(id.toJson())));
    assertEquals(id, back);
    assertEquals(id.keyId(), back.keyId());

    ObjectNode renamed = id.toJson();
    renamed.put("name", "mallory");
    MalformedJsonException e = assertThrows(MalformedJsonException.class, () -> PublicIdentity.fromJson(renamed));
    assertTrue(e.getMessage().contains("does not match"), e.getMessage());

    ObjectNode extra = id.toJson();
    extra.put("admin", true);
    assertThrows(MalformedJsonException.class, () -> PublicIdentity.fromJson(extra));

    ObjectNode shortKey = id.toJson();
    shortKey.put("sig", "AAAA");
    assertThrows(MalformedJsonException.class, () -> PublicIdentity.fromJson(shortKey));
  }

  @Test
  void keyIdsDifferPerIdentity() throws Exception {
    assertNotEquals(PrivateIdentity.generate(Role.LAWYER, "a").keyId(), PrivateIdentity.generate(Role.LAWYER, "a").keyId());
  }

  @Test
  void namesThatCouldEscapeADirectoryAreRefused() {
    for (String bad : new String[] {"", "../x", "a/b", ".hidden", "a b", "x".repeat(65), "tab\t"}) {
      assertThrows(IllegalArgumentException.class, () -> PrivateIdentity.generate(Role.LAWYER, bad), bad);
    }
  }

  @Test
  void keystoreOpensWithTheRightPassphraseOnly(@TempDir Path dir) throws Exception {
    PrivateIdentity id = PrivateIdentity.generate(Role.LAWYER, "nurlan");
    Path file = dir.resolve("nurlan.key");
    Files.write(file, Keystore.encrypt(id, Passphrase.of("correct horse")));
    String text = Files.readString(file);
    assertTrue(text.contains("\"argon2id\"") && text.contains("65536"), text);

    PrivateIdentity back = Keystore.read(file, Passphrase.of("correct horse"));
    assertEquals(id.publicIdentity(), back.publicIdentity());
    assertArrayEquals(id.secret(), back.secret());

    WrongPassphraseException wrong =
        assertThrows(WrongPassphraseException.class, () -> Keystore.read(file, Passphrase.of("correct hors")));
    assertTrue(wrong.getMessage().startsWith("wrong passphrase"), wrong.getMessage());
  }

  @Test
  void composedAndDecomposedPassphrasesAreTheSame(@TempDir Path dir) throws Exception {
    PrivateIdentity id = PrivateIdentity.generate(Role.LAWYER, "ainura");
    Path file = dir.resolve("k.key");
    Files.write(file, Keystore.encrypt(id, Passphrase.of("Қазақ\u00e9")));
    assertEquals(id.publicIdentity(), Keystore.read(file, Passphrase.of("Қазақe\u0301")).publicIdentity());
  }

  @Test
  void editedKeystoreIsRefused(@TempDir Path dir) throws Exception {
    PrivateIdentity id = PrivateIdentity.generate(Role.LAWYER, "timur");
    Path file = dir.resolve("t.key");
    Files.write(file, Keystore.encrypt(id, Passphrase.of("pw")));
    String original = Files.readString(file);

    // weaker cost parameters are refused before any key is derived
    Files.writeString(file, original.replace("\"t\" : 3", "\"t\" : 1"));
    assertThrows(MalformedJsonException.class, () -> Keystore.read(file, Passphrase.of("pw")));

    // swapping in another public identity breaks the associated data
    ObjectNode doc = (ObjectNode) Json.parse(original);
    doc.set("identity", PrivateIdentity.generate(Role.LAWYER, "timur").publicIdentity().toJson());
    Files.writeString(file, Json.pretty(doc));
    assertThrows(WrongPassphraseException.class, () -> Keystore.read(file, Passphrase.of("pw")));

    Files.writeString(file, "{\"v\":1");
    assertThrows(MalformedJsonException.class, () -> Keystore.read(file, Passphrase.of("pw")));
  }
}
