package org.sandyq.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.sandyq.cli.trust.TrustStore;
import org.sandyq.crypto.unseal.RequestId;
import picocli.CommandLine.Option;

/**
 * Where a requester keeps the ephemeral key of each unseal request ({@code <state>/<request id>.json},
 * sealed to their own long-term key; docs/unseal.md, "Client state"): directory mode 0700, files 0600.
 */
public final class UnsealState {
  @Option(names = "--state", paramLabel = "DIR",
      description = "Where the ephemeral keys of your requests are kept (default $SANDYQ_HOME/unseal, ~/.sandyq/unseal).")
  Path state;

  private final Io io;

  UnsealState(Io io) {
    this.io = io;
  }

  Path dir() {
    return state != null ? state : TrustStore.home(io.env()).resolve("unseal");
  }

  Path file(RequestId id) {
    return dir().resolve(id.hex() + ".json");
  }

  /** Writes the key file of a new request (never over an existing one). */
  Path save(RequestId id, byte[] keyFile) throws Exception {
    Path dir = dir();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      try {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      } catch (UnsupportedOperationException notPosix) {
        // the platform's defaults
      }
    }
    Path file = file(id);
    SafeFiles.write(file, false, true, keyFile);
    return file;
  }

  /** The requests whose keys are kept here, at most {@code max} (a file not named by a request id is skipped). */
  List<RequestId> kept(int max) throws IOException {
    Path dir = dir();
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<RequestId> ids = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        try {
          ids.add(new RequestId(name.substring(0, name.length() - ".json".length())));
        } catch (IllegalArgumentException notOurs) {
          continue;
        }
        if (ids.size() >= max) {
          break;
        }
      }
    }
    return ids;
  }

  byte[] load(RequestId id) throws IOException {
    Path file = file(id);
    if (!Files.isRegularFile(file)) {
      throw new UserError(Failure.NO_REQUEST_KEY, "no ephemeral key for request " + id + " in " + dir() + ": only the lawyer who made the"
          + " request can open it, with the --state directory it was made with");
    }
    return Files.readAllBytes(file);
  }
}
