package org.sandyq.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writing files so that a crash never leaves a half-written key, policy or envelope behind: write
 * a temporary file in the same directory, fsync it, then rename it into place.
 */
public final class SafeFiles {
  private SafeFiles() {}

  /** What a {@link #write} body does with the temporary file's stream. */
  @FunctionalInterface
  public interface Body {
    void writeTo(OutputStream out) throws IOException, java.security.GeneralSecurityException;
  }

  /**
   * Writes {@code target} atomically. {@code replace} false refuses an existing file;
   * {@code ownerOnly} makes it mode 0600 (private keys).
   */
  public static void write(Path target, boolean replace, boolean ownerOnly, Body body)
      throws IOException, java.security.GeneralSecurityException {
    if (!replace && Files.exists(target)) {
      throw new UserError(Failure.ALREADY_EXISTS, target + " already exists; not overwriting it");
    }
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".partial");
    try {
      try {
        // temporary files start owner-only; public files (identities, policies, envelopes) are readable
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(ownerOnly ? "rw-------" : "rw-r--r--"));
      } catch (UnsupportedOperationException notPosix) {
        // not a POSIX file system: keep the platform's defaults
      }
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
          OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
        body.writeTo(out);
        out.flush();
        ch.force(true);
      }
      if (!replace && Files.exists(target)) {
        throw new UserError(Failure.ALREADY_EXISTS, target + " appeared while writing; not overwriting it");
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  public static void write(Path target, boolean replace, boolean ownerOnly, byte[] content)
      throws IOException, java.security.GeneralSecurityException {
    write(target, replace, ownerOnly, out -> out.write(content));
  }

  /** Deletes {@code dir} and everything in it (a scratch or unfinished directory). */
  public static void deleteTree(Path dir) throws IOException {
    // walkFileTree rather than Files.walk: an entry another thread removes while we walk (a
    // command still running while Ctrl-C cleans up) is skipped, not an UncheckedIOException
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (e instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE;
        }
        throw e;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        if (e != null && !(e instanceof NoSuchFileException)) {
          throw e;
        }
        Files.deleteIfExists(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }

}
