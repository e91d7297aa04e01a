package org.sandyq.tip;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One file of a tip: a file on the source's device (the command line), or bytes held in memory
 * (the server's web intake, which writes no plaintext to disk). Both are cleaned by the same
 * sanitizer and sealed the same way.
 */
public sealed interface TipFile {
  /** The name the file came with; shown to the source, never sealed (files are sealed under neutral names). */
  String name();

  static TipFile of(Path path) {
    return new OnDisk(path);
  }

  static TipFile of(String name, byte[] bytes) {
    return new InMemory(name, bytes);
  }

  record OnDisk(Path path) implements TipFile {
    public OnDisk {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String name() {
      Path n = path.getFileName();
      return n == null ? path.toString() : n.toString();
    }
  }

  /** The bytes are the caller's: read, never modified nor zeroed by the sealer. */
  record InMemory(String name, byte[] bytes) implements TipFile {
    public InMemory {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(bytes, "bytes");
    }
  }
}
