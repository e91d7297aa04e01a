package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/** Where a cleaner writes its copy: a new file, or an array in memory ({@link Input}'s twin). */
public sealed interface Output {
  /** Opens the destination for writing, once. */
  SeekableByteChannel create() throws IOException;

  /** Throws away what was written: deletes the file, or zeroes the array. */
  void discard() throws IOException;

  /** A new file; refuses to replace one. */
  record ToFile(Path path) implements Output {
    public ToFile {
      Objects.requireNonNull(path, "path");
    }

    /** Owner-only from its first byte (mode 0600): a cleaned file is still the source's plaintext. */
    @Override
    public SeekableByteChannel create() throws IOException {
      java.util.Set<StandardOpenOption> options = java.util.EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      try {
        return FileChannel.open(path, options,
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException notPosix) {
        return FileChannel.open(path, options);
      }
    }

    @Override
    public void discard() throws IOException {
      java.nio.file.Files.deleteIfExists(path);
    }
  }

  /** A growing array; read it back with {@link #contents()} once the cleaner has closed it. */
  final class InMemory implements Output {
    private MemoryChannel channel;

    @Override
    public SeekableByteChannel create() {
      if (channel != null) {
        throw new IllegalStateException("an in-memory output is written once");
      }
      channel = new MemoryChannel();
      return channel;
    }

    /** What was written (empty if nothing was), sharing the array. */
    public Input.InMemory contents() {
      return channel == null ? new Input.InMemory(new byte[0], 0) : channel.contents();
    }

    @Override
    public void discard() {
      contents().wipe();
    }
  }
}
