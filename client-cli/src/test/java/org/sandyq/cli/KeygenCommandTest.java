package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.identity.Keystore;
import org.sandyq.crypto.identity.Passphrase;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.crypto.json.Json;

class KeygenCommandTest {
  @Test
  void writesAPrivateKeystoreAndAPublicIdentity(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("keys");
    Cli.Result r = new Cli().run("keygen", "--role", "lawyer", "--name", "aigerim", "--out", out.toString(), "--json").assertOk();
    JsonNode json = Json.parse(r.out());
    Path key = out.resolve("aigerim.key");
    Path pub = out.resolve("aigerim.pub");
    assertEquals(key.toString(), json.get("key_file").asText());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));

    PublicIdentity id = PublicIdentity.fromJson(Json.parse(Files.readAllBytes(pub)));
    assertEquals(json.get("key_id").asText(), id.keyId().hex());
    assertEquals(id, Keystore.read(key, Passphrase.of(Cli.PASSPHRASE)).publicIdentity());
    assertFalse(Files.readString(pub).contains("ciphertext"));
  }

  @Test
  void passphraseFileWinsOverTheEnvironment(@TempDir Path dir) throws Exception {
    Path pw = Files.writeString(dir.resolve("pw"), "from the file, not env\n");
    new Cli().run("keygen", "--role", "auditor", "--name", "dana", "--out", dir.toString(),
        "--passphrase-file", pw.toString()).assertOk();
    assertTrue(Keystore.read(dir.resolve("dana.key"), Passphrase.of("from the file, not env")).publicIdentity().name().equals("dana"));
  }

  @Test
  void makesAWitnessKey(@TempDir Path dir) throws Exception {
    JsonNode json = Json.parse(new Cli().run("keygen", "--role", "witness", "--name", "osh-witness", "--out", dir.toString(),
        "--json").assertOk().out());
    assertEquals("witness", json.get("role").asText());
    PublicIdentity id = PublicIdentity.fromJson(Json.parse(Files.readAllBytes(dir.resolve("osh-witness.pub"))));
    assertEquals(org.sandyq.crypto.identity.Role.WITNESS, id.role());
    assertEquals("osh-witness", org.sandyq.crypto.note.CosignerKey.of(id).name());
  }

  @Test
  void refusesToOverwriteAnExistingIdentity(@TempDir Path dir) {
    Cli cli = new Cli();
    cli.run("keygen", "--role", "lawyer", "--name", "a", "--out", dir.toString()).assertOk();
    Cli.Result again = cli.run("keygen", "--role", "lawyer", "--name", "a", "--out", dir.toString()).assertFails();
    assertTrue(again.err().contains("already exists"), again.err());
  }

  @Test
  void clearErrorsForBadInput(@TempDir Path dir) throws Exception {
    assertTrue(new Cli().without(PassphraseOptions.ENV)
        .run("keygen", "--role", "lawyer", "--name", "a", "--out", dir.toString()).assertFails()
        .err().contains("SANDYQ_PASSPHRASE"));
    assertTrue(new Cli().run("keygen", "--role", "lawyer", "--name", "../evil", "--out", dir.toString())
        .assertFails().err().contains("--name"));
    assertEquals(2, new Cli().run("keygen", "--role", "server", "--name", "s", "--out", dir.toString()).status());
    try (var listing = Files.list(dir)) {
      assertEquals(0, listing.count(), "nothing written on failure");
    }
  }
}
