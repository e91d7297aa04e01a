package org.sandyq.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.sandyq.crypto.identity.Keystore;
import org.sandyq.crypto.identity.Passphrase;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.MalformedJsonException;

/** Opening a lawyer's or auditor's keystore from the command line. */
final class Keys {
  private Keys() {}

  static PrivateIdentity open(Io io, PassphraseOptions passphrase, Path keyFile) throws Exception {
    if (!Files.isRegularFile(keyFile)) {
      throw new UserError(Failure.NO_SUCH_FILE, "no such key file: " + keyFile);
    }
    byte[] content = Files.readAllBytes(keyFile);
    if (keyFile.getFileName().toString().endsWith(".pub") || isPublicIdentity(content)) {
      String name = keyFile.getFileName().toString();
      throw new UserError(Failure.NOT_A_PRIVATE_KEY, keyFile + " is a public identity; give the .key file"
          + (name.endsWith(".pub") ? " (" + name.substring(0, name.length() - 4) + ".key)" : ""));
    }
    try (Passphrase p = passphrase.existing(io, keyFile.getFileName().toString())) {
      return Keystore.decrypt(content, keyFile.getFileName().toString(), p);
    } catch (MalformedJsonException e) {
      throw new UserError(Failure.NOT_A_PRIVATE_KEY, keyFile + " is not a Sandyq private key: " + e.getMessage());
    }
  }

  /** Whether {@code content} is a public identity ({@code NAME.pub}), which cannot sign or decrypt. */
  private static boolean isPublicIdentity(byte[] content) {
    try {
      return "sandyq-identity".equals(Json.parse(content).path("type").asText());
    } catch (MalformedJsonException e) {
      return false;
    }
  }
}
