package org.sandyq.sanitizer.format;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * The bytes a cleaner reads: a file (the command line) or an array in memory (the server's web
 * path, which must not write plaintext to disk). Every cleaner reads both the same way, so a file
 * is cleaned to the same bytes wherever it lives.
 */
public sealed interface Input {
  long size() throws IOException;

  /** A new channel positioned at 0; the caller closes it. */
  SeekableByteChannel open() throws IOException;

  /** A new stream from the start; the caller closes it. */
  InputStream stream() throws IOException;

  static Input of(Path file) {
    return new OnDisk(file);
  }

  static Input of(byte[] bytes) {
    return new InMemory(bytes, bytes.length);
  }

  record OnDisk(Path path) implements Input {
    public OnDisk {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public long size() throws IOException {
      return Files.size(path);
    }

    @Override
    public SeekableByteChannel open() throws IOException {
      return FileChannel.open(path, StandardOpenOption.READ);
    }

    @Override
    public InputStream stream() throws IOException {
      return Files.newInputStream(path);
    }
  }

  /** The first {@code length} bytes of {@code array}, shared, not copied. */
  record InMemory(byte[] array, int length) implements Input {
    public InMemory {
      Objects.checkFromIndexSize(0, length, array.length);
    }

    @Override
    public long size() {
      return length;
    }

    @Override
    public SeekableByteChannel open() {
      return new MemoryChannel(array, length);
    }

    @Override
    public InputStream stream() {
      return new ByteArrayInputStream(array, 0, length);
    }

    /** A copy of exactly the content. */
    public byte[] toByteArray() {
      return java.util.Arrays.copyOf(array, length);
    }

    /** Zeroes the whole backing array. */
    public void wipe() {
      java.util.Arrays.fill(array, (byte) 0);
    }
  }
}
