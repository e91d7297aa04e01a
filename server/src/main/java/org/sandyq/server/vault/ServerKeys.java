package org.sandyq.server.vault;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.util.SecretBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Set;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.Role;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;
import org.sandyq.server.storage.Durable;

/**
 * The server's own identity: its Ed25519 key signs log checkpoints, its X25519 key is the intake
 * key (web-path submissions are encrypted to it). The server runs unattended, so the secret is not
 * behind a passphrase: it sits in {@code server.key}, mode 0600,
 * {@code {"v":1,"type":"sandyq-server-key","name":"log","secret":b64(ed25519 seed || x25519 private)}}.
 *
 * <p>What a thief of this file can do is in the threat model: sign checkpoints of a forked log
 * (auditors' consistency checks against the checkpoints they kept expose the fork) and decrypt
 * future web-path submissions encrypted to the intake key. It opens no sealed envelope.
 */
public final class ServerKeys {
  public static final String TYPE = "sandyq-server-key";
  public static final String NAME = "log";
  private static final Set<String> MEMBERS = Set.of("v", "type", "name", "secret");

  private final PrivateIdentity identity;

  private ServerKeys(PrivateIdentity identity) {
    this.identity = identity;
  }

  public static ServerKeys generate() throws GeneralSecurityException {
    return new ServerKeys(PrivateIdentity.generate(Role.SERVER, NAME));
  }

  public PrivateIdentity identity() {
    return identity;
  }

  /** The X25519 public key web-path submissions are encrypted to (32 bytes). */
  public byte[] intakePublicKey() {
    return identity.publicIdentity().kemKey().getPublicKeyBytes().toByteArray();
  }

  /** The Ed25519 public key checkpoints verify with (32 bytes). */
  public byte[] logPublicKey() {
    return identity.publicIdentity().signatureKey().getPublicKeyBytes().toByteArray();
  }

  /** Writes the key file, owner-only, atomically; refuses to replace one. */
  public void write(Path file) throws IOException {
    byte[] secret = identity.exportSecret(InsecureSecretKeyAccess.get()).toByteArray(InsecureSecretKeyAccess.get());
    ObjectNode o = Json.object();
    o.put("v", 1);
    o.put("type", TYPE);
    o.put("name", NAME);
    o.put("secret", Base64.getEncoder().encodeToString(secret));
    java.util.Arrays.fill(secret, (byte) 0);
    Durable.writeNew(file, (Json.pretty(o)).getBytes(StandardCharsets.UTF_8));
  }

  /** Reads the key file; refuses one that others can read (it would not be a secret any more). */
  public static ServerKeys read(Path file) throws IOException, VaultException {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
        throw new VaultException(file + " is readable by other users; run `chmod 600 " + file + "` (and consider the key"
            + " compromised if others could read it)");
      }
    } catch (UnsupportedOperationException notPosix) {
      // nothing to check
    }
    try {
      JsonFields f = JsonFields.of(Json.parse(Files.readAllBytes(file)), "server key").only(MEMBERS);
      if (f.integer("v", 1, 1) != 1 || !TYPE.equals(f.text("type"))) {
        throw new VaultException(file + " is not a Sandyq server key");
      }
      SecretBytes secret = SecretBytes.copyFrom(f.base64("secret", 64), InsecureSecretKeyAccess.get());
      return new ServerKeys(PrivateIdentity.importSecret(Role.SERVER, f.text("name"), secret, InsecureSecretKeyAccess.get()));
    } catch (MalformedJsonException | GeneralSecurityException e) {
      throw new VaultException(file + " is damaged: " + e.getMessage());
    }
  }
}
