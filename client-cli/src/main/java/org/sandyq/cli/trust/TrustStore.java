package org.sandyq.cli.trust;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.sandyq.cli.SafeFiles;
import org.sandyq.cli.UserError;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * The client's memory of the vaults it verified, one file per server URL under
 * {@code $SANDYQ_HOME/vaults/} (default {@code ~/.sandyq}; docs/trust-store.md). Directory 0700,
 * files 0600, each written whole to a temporary file, synced and renamed. A file is named by a
 * hash of the URL, so a vault's address is not spelled out in a directory listing.
 */
public final class TrustStore {
  /** Where the client keeps its state; {@code ~/.sandyq} when unset. */
  public static final String HOME = "SANDYQ_HOME";

  private final Path vaults;

  private TrustStore(Path vaults) {
    this.vaults = vaults;
  }

  /** The client's state directory: {@code $SANDYQ_HOME}, else {@code ~/.sandyq}. */
  public static Path home(Map<String, String> env) {
    String home = env.get(HOME);
    return home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".sandyq");
  }

  public static TrustStore in(Map<String, String> env) {
    return new TrustStore(home(env).resolve("vaults"));
  }

  /** The file for {@code server} (a normalised base URL). */
  public Path file(String server) {
    return vaults.resolve(name(server) + ".json");
  }

  private static String name(String server) {
    return Sha256.of(server.getBytes(StandardCharsets.UTF_8)).hex().substring(0, 32);
  }

  /** What was remembered about {@code server}; a damaged file is an error, never silently forgotten. */
  public Optional<Remembered> read(String server) {
    Path file = file(server);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Remembered r;
    try {
      r = Remembered.decode(Files.readAllBytes(file));
    } catch (MalformedJsonException | IOException e) {
      throw new UserError("cannot read what this client remembers about " + server + " (" + file + "): "
          + e.getMessage() + "; restore it from a backup, or delete it and pin again with --pin");
    }
    if (!r.server().equals(server)) {
      throw new UserError(file + " is for " + r.server() + ", not " + server + "; delete it and pin again with --pin");
    }
    return Optional.of(r);
  }

  /** Every vault remembered here that can be read (for hints: a damaged file is skipped, not repaired). */
  public java.util.List<Remembered> all() {
    java.util.List<Remembered> out = new java.util.ArrayList<>();
    if (!Files.isDirectory(vaults)) {
      return out;
    }
    try (java.nio.file.DirectoryStream<Path> files = Files.newDirectoryStream(vaults, "*.json")) {
      for (Path f : files) {
        try {
          out.add(Remembered.decode(Files.readAllBytes(f)));
        } catch (MalformedJsonException | IOException damaged) {
          // read() reports it when that vault is used
        }
      }
    } catch (IOException | java.nio.file.DirectoryIteratorException e) {
      // nothing to suggest
    }
    return out;
  }

  /** Replaces what is remembered about the entry's server, atomically. */
  public void write(Remembered remembered) {
    try {
      privateDirectory();
      SafeFiles.write(file(remembered.server()), true, true, remembered.encode());
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new UserError("cannot write to the trust store " + vaults + ": " + e.getMessage(), e);
    }
  }

  /**
   * Holds the trust store (all of it: contacts are short) for one contact with {@code server}, so that two commands running at once cannot
   * overwrite a newer checkpoint with an older one. Released by the operating system if the
   * process dies.
   */
  public Locked lock(String server) {
    try {
      privateDirectory();
      Path file = vaults.resolve(".lock"); // one for all vaults: no file left behind per address
      FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        return new Locked(ch.lock());
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UserError("cannot lock the trust store " + vaults + ": " + e.getMessage(), e);
    }
  }

  /** A held lock; closing it releases it. */
  public static final class Locked implements AutoCloseable {
    private final FileLock lock;

    private Locked(FileLock lock) {
      this.lock = lock;
    }

    @Override
    public void close() {
      try {
        lock.channel().close();
      } catch (IOException ignored) {
        // closing the channel releases the lock; nothing else to undo
      }
    }
  }

  private void privateDirectory() throws IOException {
    if (Files.isDirectory(vaults)) {
      return;
    }
    Files.createDirectories(vaults);
    try {
      Files.setPosixFilePermissions(vaults, PosixFilePermissions.fromString("rwx------"));
      Files.setPosixFilePermissions(vaults.getParent(), PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException notPosix) {
      // the platform's defaults
    }
  }
}
