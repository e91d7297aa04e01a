package org.sandyq.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.sandyq.crypto.identity.Keystore;
import org.sandyq.crypto.identity.Passphrase;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.json.MalformedJsonException;

/** Opening a lawyer's or auditor's keystore from the command line. */
final class Keys {
  private Keys() {}

  static PrivateIdentity open(Io io, PassphraseOptions passphrase, Path keyFile) throws Exception {
    if (!Files.isRegularFile(keyFile)) {
      throw new UserError("no such key file: " + keyFile);
    }
    byte[] content = Files.readAllBytes(keyFile);
    try (Passphrase p = passphrase.existing(io, keyFile.getFileName().toString())) {
      return Keystore.decrypt(content, keyFile.getFileName().toString(), p);
    } catch (MalformedJsonException e) {
      throw new UserError(keyFile + " is not a Sandyq private key: " + e.getMessage());
    }
  }
}
