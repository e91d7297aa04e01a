package org.sandyq.server.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** The few file-system steps that make a write survive a power cut, in the order that matters. */
public final class Durable {
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

  private Durable() {}

  /** Makes a directory's entries (created, renamed, deleted files) durable. */
  public static void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /**
   * Writes {@code content} to {@code target} (which must not exist) owner-only: a temporary file in
   * the same directory, synced, renamed, and the directory synced.
   */
  public static void writeNew(Path target, byte[] content) throws IOException {
    write(target, content, false);
  }

  /**
   * Replaces {@code target} with {@code content} the same way: a reader (or a crash) sees either
   * the old file whole or the new one whole, never a mix.
   */
  public static void replace(Path target, byte[] content) throws IOException {
    write(target, content, true);
  }

  private static void write(Path target, byte[] content, boolean replace) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".partial", ownerOnlyFile());
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      if (!replace && Files.exists(target)) {
        throw new IOException(target + " already exists; not overwriting it");
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        if (replace) {
          throw e; // a copy could leave half a file behind
        }
        Files.move(tmp, target);
      }
      syncDirectory(dir);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Creates a directory readable by its owner only (and syncs its parent). */
  public static void createPrivateDirectory(Path dir) throws IOException {
    try {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
    } catch (UnsupportedOperationException notPosix) {
      Files.createDirectory(dir);
    }
    syncDirectory(dir.toAbsolutePath().getParent());
  }

  public static FileAttribute<?>[] ownerOnlyFile() {
    try {
      return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)};
    } catch (UnsupportedOperationException notPosix) {
      return new FileAttribute<?>[0];
    }
  }
}
