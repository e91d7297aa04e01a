package org.sandyq.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.note.Checkpoint;
import org.sandyq.crypto.note.NoteVerifierKey;
import org.sandyq.policy.PolicyBuilder;
import org.sandyq.policy.PolicyChain;
import org.sandyq.policy.PolicyTemplate;
import org.sandyq.server.vault.ServerKeys;
import org.sandyq.server.vault.VaultException;
import org.sandyq.server.vault.VaultInit;
import org.sandyq.server.vault.VaultLayout;

/** {@code server init} and the checks {@code server run} makes before serving a vault. */
class VaultTest {
  @TempDir Path tmp;

  private static VaultServer start(Path dir) throws Exception {
    return VaultServer.start(new VaultServer.Options(dir, "127.0.0.1", 0, OptionalInt.of(0)));
  }

  @Test
  void initCreatesAPrivateVaultWithKeysPolicyAndGenesis() throws Exception {
    Fixture f = Fixture.create();
    Path dir = tmp.resolve("vault");
    VaultInit.Result r = f.init(dir);
    VaultLayout layout = new VaultLayout(dir);
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(layout.serverKey())));
    assertArrayEquals(f.chain.toBytes(), Files.readAllBytes(layout.policy()));
    assertTrue(Files.isDirectory(layout.blobs()) && Files.isDirectory(layout.tmp()));
    assertTrue(Files.isRegularFile(layout.database()));
    assertEquals(List.of(), Fixture.files(layout.blobs()));

    assertEquals(f.policy.origin(), r.origin());
    assertEquals("sha256:" + f.policy.fingerprint().hex(), r.policyFingerprint());
    NoteVerifierKey key = NoteVerifierKey.parse(r.logVkey());
    assertEquals(f.policy.origin(), key.name());
    Checkpoint cp = Checkpoint.open(r.checkpoint(), key, r.origin());
    assertEquals(1, cp.size());
    ServerKeys keys = ServerKeys.read(layout.serverKey());
    assertEquals(r.intakeKey(), Base64.getEncoder().encodeToString(keys.intakePublicKey()));
    assertArrayEquals(keys.logPublicKey(), key.publicKey());
  }

  @Test
  void initRefusesANonEmptyDirectoryAnUnsignedPolicyAndAWrongPin() throws Exception {
    Fixture f = Fixture.create();
    Path used = tmp.resolve("used");
    Files.createDirectories(used);
    Files.writeString(used.resolve("notes.txt"), "mine");
    VaultException e = assertThrows(VaultException.class, () -> f.init(used));
    assertTrue(e.getMessage().contains("not empty"), e.getMessage());
    assertEquals(List.of(used.resolve("notes.txt")), Fixture.files(used));

    PolicyChain draft = PolicyChain.start(PolicyBuilder.firstVersion(PolicyTemplate.defaults())
        .lawyers(f.roster()).threshold(2).build());
    e = assertThrows(VaultException.class, () -> VaultInit.init(tmp.resolve("a"), draft, Optional.empty()));
    assertTrue(e.getMessage().contains("signatures"), e.getMessage());
    e = assertThrows(VaultException.class,
        () -> VaultInit.init(tmp.resolve("b"), f.chain, Optional.of(Sha256.of(Fixture.utf8("another vault")))));
    assertTrue(e.getMessage().contains("pin"), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("a")) || Files.exists(tmp.resolve("b")));

    Path existingEmpty = tmp.resolve("empty");
    Files.createDirectories(existingEmpty);
    f.init(existingEmpty);
    assertTrue(Files.exists(new VaultLayout(existingEmpty).database()));
  }

  @Test
  void runRefusesAMissingVaultASecondServerAnExposedKeyAndASwappedPolicy() throws Exception {
    VaultException none = assertThrows(VaultException.class, () -> start(tmp.resolve("nothing")));
    assertTrue(none.getMessage().contains("server init"), none.getMessage());

    Fixture f = Fixture.create();
    Path dir = tmp.resolve("vault");
    f.init(dir);
    VaultLayout layout = new VaultLayout(dir);
    try (VaultServer first = start(dir)) {
      VaultException twice = assertThrows(VaultException.class, () -> start(dir));
      assertTrue(twice.getMessage().contains("another server"), twice.getMessage());
      assertTrue(first.port() > 0);
    }

    Files.setPosixFilePermissions(layout.serverKey(), PosixFilePermissions.fromString("rw-r--r--"));
    VaultException exposed = assertThrows(VaultException.class, () -> start(dir));
    assertTrue(exposed.getMessage().contains("chmod 600"), exposed.getMessage());
    Files.setPosixFilePermissions(layout.serverKey(), PosixFilePermissions.fromString("rw-------"));

    byte[] original = Files.readAllBytes(layout.policy());
    Files.write(layout.policy(), Fixture.create().chain.toBytes());
    VaultException swapped = assertThrows(VaultException.class, () -> start(dir));
    assertTrue(swapped.getMessage().contains("policy.json"), swapped.getMessage());
    Files.write(layout.policy(), original);

    Path other = tmp.resolve("other");
    f.init(other);
    Files.copy(new VaultLayout(other).serverKey(), layout.serverKey(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    VaultException wrongKey = assertThrows(VaultException.class, () -> start(dir));
    assertTrue(wrongKey.getMessage().contains("intake key"), wrongKey.getMessage());
  }
}
