package org.sandyq.server.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Envelope files. An upload is written to {@code tmp/}, synced, renamed into {@code blobs/} under
 * a random name (never a name the client chose, so no upload can replace another's file), and
 * only then may a row point at it; the writer syncs {@code blobs/} before that row commits. A file
 * in {@code tmp/}, or in {@code blobs/} without a row, is garbage from a crash and is removed at
 * start.
 *
 * <p>Files carry no time of day: their modification and access times are set to the start of the
 * UTC day of receipt (the inode's change time cannot be set from user space; see the threat model).
 */
public final class BlobStore {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern NAME = Pattern.compile("[0-9a-f]{32}");
  /** How much an upload writes before its data is pushed towards the disk in the background. */
  static final long WRITE_BACK_EVERY = 32L << 20;
  /** Platform threads: an fsync blocks in the kernel, and a virtual thread would pin its carrier. */
  private static final java.util.concurrent.ExecutorService WRITE_BACK =
      java.util.concurrent.Executors.newCachedThreadPool(Thread.ofPlatform().name("sandyq-write-back").daemon(true).factory());

  private final Path blobs;
  private final Path tmp;

  public BlobStore(Path blobs, Path tmp) {
    this.blobs = blobs;
    this.tmp = tmp;
  }

  public Path blobDirectory() {
    return blobs;
  }

  public Path tmpDirectory() {
    return tmp;
  }

  public Path path(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a blob name");
    }
    return blobs.resolve(name);
  }

  /** Reads a published blob; {@link java.nio.file.NoSuchFileException} once it is gone. */
  public java.io.InputStream read(String name) throws IOException {
    return Files.newInputStream(path(name));
  }

  /** The envelope's prefix and header, parsed; {@link java.nio.file.NoSuchFileException} once it is gone. */
  public org.sandyq.crypto.envelope.EnvelopeHeader header(String name) throws IOException {
    try (java.io.InputStream in = read(name)) {
      return org.sandyq.crypto.envelope.EnvelopeHeader.read(in);
    } catch (org.sandyq.crypto.envelope.MalformedEnvelopeException e) {
      throw new IOException("blob " + name + " does not start with a valid envelope header: " + e.getMessage(), e);
    }
  }

  /**
   * The bytes {@link #shred} overwrites: the prefix and the largest header an envelope can have,
   * which hold every sealed share (docs/envelope.md).
   */
  static final long SHRED_PREFIX = org.sandyq.crypto.envelope.EnvelopeFormat.PREFIX_LENGTH
      + org.sandyq.crypto.envelope.EnvelopeFormat.MAX_HEADER_LENGTH;

  /**
   * Crypto-shredding of one envelope: its first bytes (the header, with every sealed share and
   * commitment) are overwritten with zeros and synced, then the file is deleted. Without its
   * header the payload ciphertext cannot be decrypted by anyone, a quorum included. A file that
   * is already gone is not an error (an interrupted sweep is finished again). The caller syncs
   * {@link #blobDirectory()} afterwards, once for a run of these. Returns whether a file was there.
   *
   * <p>Overwriting is best effort below the file system: journaling, copy-on-write file systems,
   * snapshots and SSD wear levelling may keep old blocks (threat-model.md).
   */
  public boolean shred(String name) throws IOException {
    Path file = path(name);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      long end = Math.min(ch.size(), SHRED_PREFIX);
      ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(end, 1 << 16));
      for (long at = 0; at < end; ) {
        zeros.clear().limit((int) Math.min(zeros.capacity(), end - at));
        at += ch.write(zeros, at);
      }
      ch.force(true);
    } catch (java.nio.file.NoSuchFileException gone) {
      return false;
    }
    Files.deleteIfExists(file);
    dayOnly(blobs);
    return true;
  }

  /**
   * Sets a directory's modification time back to the start of the current UTC day: a file created
   * or deleted in it must not date a submission, an upload or an expiry to the second (the files
   * carry day-only times too). The inode change time cannot be set from Java and still dates the
   * last change for someone holding the disk (threat-model.md).
   */
  static void dayOnly(Path dir) {
    dayOnly(dir, java.time.LocalDate.now(java.time.ZoneOffset.UTC).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
  }

  private static void dayOnly(Path dir, Instant dayStart) {
    try {
      Files.setLastModifiedTime(dir, FileTime.from(dayStart));
    } catch (IOException e) {
      // best effort: a time detail, never a reason to fail a submission
    }
  }

  /** A new, empty upload in {@code tmp/}. Close it to delete it unless it was published. */
  public Upload begin() throws IOException {
    String name = randomName();
    Path file = tmp.resolve(name + ".upload");
    // owner-only like the rest of the vault: ciphertext, but a copy for no other user to take
    FileChannel channel = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
        Durable.ownerOnlyFile());
    dayOnly(tmp);
    return new Upload(name, file, channel);
  }

  /** Deletes a published blob (after a failed commit or a refused duplicate). */
  public void delete(String name) throws IOException {
    Files.deleteIfExists(path(name));
    dayOnly(blobs);
  }

  /** An upload in progress: an output stream onto a temporary file. */
  public final class Upload extends OutputStream {
    private final String name;
    private final Path file;
    private final FileChannel channel;
    private long size;
    private long flushedUpTo;
    private java.util.concurrent.CompletableFuture<Void> flushing;
    private boolean published;
    private boolean closed;

    private Upload(String name, Path file, FileChannel channel) {
      this.name = name;
      this.file = file;
      this.channel = channel;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      ByteBuffer buf = ByteBuffer.wrap(b, off, len);
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      size += len;
      if (size - flushedUpTo >= WRITE_BACK_EVERY && (flushing == null || flushing.isDone())) {
        startWriteBack();
      }
    }

    /**
     * Large uploads: start the disk on what is written so far while the rest streams in (an
     * fsync on a helper thread; the kernel would otherwise hold it all in the page cache until the
     * final sync), so the last sync before the commit has little left to do.
     */
    private void startWriteBack() throws IOException {
      if (flushing != null) {
        await(flushing);
      }
      flushedUpTo = size;
      flushing = java.util.concurrent.CompletableFuture.runAsync(() -> {
        try {
          channel.force(false);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }, WRITE_BACK);
    }

    private static void await(java.util.concurrent.CompletableFuture<Void> f) throws IOException {
      try {
        f.join();
      } catch (java.util.concurrent.CompletionException e) {
        if (e.getCause() instanceof java.io.UncheckedIOException u) {
          throw u.getCause();
        }
        throw new IOException("write-back failed", e.getCause());
      }
    }

    public long size() {
      return size;
    }

    /**
     * Syncs the file (with its day-only times), renames it into {@code blobs/} and returns its
     * name. The caller's writer task must call {@code batch.syncBeforeCommit(blobDirectory())}.
     */
    public String publish(Instant dayStart) throws IOException {
      FileTime day = FileTime.from(dayStart);
      if (flushing != null) {
        await(flushing);
      }
      Files.getFileAttributeView(file, BasicFileAttributeView.class).setTimes(day, day, null);
      channel.force(true);
      channel.close();
      Path target = blobs.resolve(name);
      try {
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the blob directory must be on the same file system as tmp/", e);
      }
      published = true;
      dayOnly(blobs, dayStart);
      dayOnly(tmp, dayStart);
      return name;
    }

    /** Deletes the temporary file unless it was published. */
    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        if (flushing != null) {
          flushing.exceptionally(e -> null).join();
        }
        channel.close();
      } finally {
        if (!published) {
          Files.deleteIfExists(file);
          dayOnly(tmp);
        }
      }
    }
  }

  /** What {@link #removeOrphans} asks about each published blob. */
  @FunctionalInterface
  public interface Referenced {
    boolean test(String name) throws SQLException;
  }

  /** Deletes every file in {@code blobs/} that no row references. Returns how many. */
  public int removeOrphans(Referenced referenced) throws IOException, SQLException {
    int n = 0;
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(blobs)) {
      for (Path p : dir) {
        String name = p.getFileName().toString();
        if (!NAME.matcher(name).matches() || !referenced.test(name)) {
          Files.delete(p);
          n++;
        }
      }
    }
    if (n > 0) {
      Durable.syncDirectory(blobs);
    }
    dayOnly(blobs);
    return n;
  }

  /** Deletes everything in {@code tmp/}: uploads a crash interrupted. Returns how many. */
  public int clearTmp() throws IOException {
    int n = 0;
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(tmp)) {
      for (Path p : dir) {
        Files.delete(p);
        n++;
      }
    }
    if (n > 0) {
      Durable.syncDirectory(tmp);
    }
    dayOnly(tmp);
    return n;
  }

  private static String randomName() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
