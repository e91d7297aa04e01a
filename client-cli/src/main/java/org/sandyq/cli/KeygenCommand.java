package org.sandyq.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sandyq.crypto.identity.Keystore;
import org.sandyq.crypto.identity.Passphrase;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.crypto.identity.Role;
import org.sandyq.crypto.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "keygen", description = "Create a lawyer, auditor or witness identity: DIR/NAME.key (private, passphrase-protected) and DIR/NAME.pub.")
final class KeygenCommand implements Callable<Integer> {
  enum KeyRole { lawyer, auditor, witness }

  private final Io io;

  @Option(names = "--role", required = true, description = "lawyer, auditor or witness (a log witness: it cosigns checkpoints, nothing else)")
  KeyRole role;

  @Option(names = "--name", required = true, description = "Letters, digits, '.', '_' or '-' (it names the files).")
  String name;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the two files.")
  Path out;

  @Mixin PassphraseOptions passphrase;
  @Mixin Output output;

  KeygenCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    try {
      PublicIdentity.checkName(name);
    } catch (IllegalArgumentException e) {
      throw new UserError(Failure.INVALID_OPTION, "--name: " + e.getMessage());
    }
    Path keyFile = out.resolve(name + ".key");
    Path pubFile = out.resolve(name + ".pub");
    for (Path p : new Path[] {keyFile, pubFile}) {
      if (Files.exists(p)) {
        throw new UserError(Failure.ALREADY_EXISTS, p + " already exists; choose another --name or --out");
      }
    }
    Role r = switch (role) {
      case lawyer -> Role.LAWYER;
      case auditor -> Role.AUDITOR;
      case witness -> Role.WITNESS;
    };
    PrivateIdentity identity = PrivateIdentity.generate(r, name);
    byte[] keystore;
    try (Passphrase pass = passphrase.fresh(io, keyFile.getFileName().toString())) {
      keystore = Keystore.encrypt(identity, pass);
    }
    SafeFiles.write(keyFile, false, true, keystore);
    SafeFiles.write(pubFile, false, false,
        Json.pretty(identity.publicIdentity().toJson()).getBytes(StandardCharsets.UTF_8));

    ObjectNode result = Json.object();
    result.put("role", r.label());
    result.put("name", name);
    result.put("key_id", identity.keyId().hex());
    result.put("key_file", keyFile.toString());
    result.put("pub_file", pubFile.toString());
    output.emit(io, result, String.join("\n",
        "Created " + r.label() + " identity \"" + name + "\"",
        "  key id       " + identity.keyId(),
        "  private key  " + keyFile + "  (keep it secret; it needs the passphrase)",
        "  public key   " + pubFile + "  (give this to whoever builds the policy)"));
    return 0;
  }
}
