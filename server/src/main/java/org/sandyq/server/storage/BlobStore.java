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
 * <p>Small envelopes (at most {@link #IN_DATABASE_MAX} bytes, declared before the body: a tip's
 * text and small files) are held in memory while they arrive and stored in the database's
 * {@code envelopes} table, in the same transaction as their row and log entry: the batch's one
 * WAL sync makes them durable, where a file costs its own sync, a rename and a sync of
 * {@code blobs/} (issue 14, {@code bench/README.md}). Their names are random too, and every read
 * looks in the table first. Nothing of them can be orphaned by a crash.
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

  /**
   * The largest envelope stored in the database rather than in a file of its own: every envelope
   * is at least 64 KiB (the payload's padding floor, docs/envelope.md §8), so this holds a tip's
   * text with a few small files; a phone's photo or recording goes to a file.
   */
  public static final int IN_DATABASE_MAX = 256 << 10;

  /**
   * What the uploads held in memory may declare together; past it a small envelope goes to a file
   * like a large one, so held envelopes waiting on commits add at most this to what the intake's
   * bounded requests hold anyway (issue 13).
   */
  static final long HELD_AT_ONCE = 32L << 20;

  private final Path blobs;
  private final Path tmp;
  private final Database db;
  private final java.util.concurrent.atomic.AtomicLong held = new java.util.concurrent.atomic.AtomicLong();

  /** {@code db}: where small envelopes are read from (the writer's transactions store them). */
  public BlobStore(Path blobs, Path tmp, Database db) {
    this.blobs = blobs;
    this.tmp = tmp;
    this.db = db;
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
    byte[] held = db.query(c -> held(c, name));
    return held != null ? new java.io.ByteArrayInputStream(held) : Files.newInputStream(path(name));
  }

  /** The bytes of a small envelope stored in the database, or null when {@code name} is not one. */
  static byte[] held(java.sql.Connection c, String name) throws SQLException {
    try (java.sql.PreparedStatement q = c.prepareStatement("SELECT bytes FROM envelopes WHERE blob = ?")) {
      q.setString(1, name);
      try (java.sql.ResultSet rs = q.executeQuery()) {
        return rs.next() ? rs.getBytes(1) : null;
      }
    }
  }

  /**
   * The first bytes a small envelope's header is looked for in: a header is a few KiB (its sealed
   * shares, 80 bytes a lawyer, and the sealed triage); a larger one is read with the whole envelope.
   */
  private static final int HEADER_WINDOW = 32 << 10;

  /** The envelope's prefix and header, parsed; {@link java.nio.file.NoSuchFileException} once it is gone. */
  public org.sandyq.crypto.envelope.EnvelopeHeader header(String name) throws IOException {
    // the inbox reads every live submission's header: not the whole of each small envelope
    byte[] start = db.query(c -> {
      try (java.sql.PreparedStatement q = c.prepareStatement("SELECT substr(bytes, 1, ?) FROM envelopes WHERE blob = ?")) {
        q.setInt(1, HEADER_WINDOW);
        q.setString(2, name);
        try (java.sql.ResultSet rs = q.executeQuery()) {
          return rs.next() ? rs.getBytes(1) : null;
        }
      }
    });
    boolean whole = start != null && (start.length < HEADER_WINDOW || start.length >= 12
        && org.sandyq.crypto.envelope.EnvelopeFormat.PREFIX_LENGTH
            + (java.nio.ByteBuffer.wrap(start, 8, 4).getInt() & 0xffffffffL) <= start.length);
    try (java.io.InputStream in = whole ? new java.io.ByteArrayInputStream(start) : read(name)) {
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
    // a small envelope stored in the database is deleted with its expiry (shredHeld), never here
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
   * Crypto-shredding of a small envelope stored in the database, inside the caller's transaction
   * (the expiry's): the row is deleted, and {@code secure_delete} overwrites its cells with zeros.
   * Whether {@code name} was one. Old page images can stay in the WAL until it is checkpointed,
   * which {@link Database#checkpoint} does after a sweep.
   */
  public static boolean shredHeld(java.sql.Connection c, String name) throws SQLException {
    try (java.sql.PreparedStatement d = c.prepareStatement("DELETE FROM envelopes WHERE blob = ?")) {
      d.setString(1, name);
      return d.executeUpdate() > 0;
    }
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

  /** A new, empty upload in {@code tmp/}, of a length not known yet. Close it to delete it unless it was published. */
  public Upload begin() throws IOException {
    String name = randomName();
    Path file = tmp.resolve(name + ".upload");
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    dayOnly(tmp);
    return new FileUpload(name, file, channel);
  }

  /**
   * A new, empty upload of an envelope of {@code length} bytes: held in memory and stored in the
   * database if it is small ({@link #IN_DATABASE_MAX}), else a file in {@code tmp/}.
   */
  public Upload begin(long length) throws IOException {
    if (length <= IN_DATABASE_MAX && held.addAndGet(length) <= HELD_AT_ONCE) {
      return new HeldUpload(randomName(), (int) length, () -> held.addAndGet(-length));
    }
    if (length <= IN_DATABASE_MAX) {
      held.addAndGet(-length);
    }
    return begin();
  }

  /**
   * A published envelope, not yet referenced by a committed row: {@link #record} makes it part of
   * the writer's batch that inserts the row.
   */
  public sealed interface Published {
    String name();
  }

  private record InFile(String name) implements Published {}

  private record Held(String name, byte[] bytes) implements Published {}

  /**
   * Makes {@code published} durable with the batch that inserts its row (call it from that row's
   * writer task): a file's directory is synced before the commit and the file deleted if the batch
   * fails; a small envelope's bytes are inserted in the task's own transaction.
   */
  public void record(Writer.Batch batch, Published published) throws SQLException {
    switch (published) {
      case InFile f -> {
        batch.syncBeforeCommit(blobs);
        batch.onRollback(() -> discard(f));
      }
      case Held h -> {
        try (java.sql.PreparedStatement i = batch.connection().prepareStatement(
            "INSERT INTO envelopes (blob, bytes) VALUES (?, ?)")) {
          i.setString(1, h.name());
          i.setBytes(2, h.bytes());
          i.executeUpdate();
        }
      }
    }
  }

  /** Deletes a published envelope whose row did not commit (a small one was never stored: nothing to do). */
  public void discard(Published published) {
    if (published instanceof InFile f) {
      try {
        delete(f.name());
      } catch (IOException e) {
        // recovery removes it at the next start
      }
    }
  }

  /** Deletes a published blob (after a failed commit or a refused duplicate). */
  public void delete(String name) throws IOException {
    Files.deleteIfExists(path(name));
    dayOnly(blobs);
  }

  /** An upload in progress. Close it to delete what it holds unless it was published. */
  public abstract static sealed class Upload extends OutputStream permits FileUpload, HeldUpload {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    /** The bytes written so far. */
    public abstract long size();

    /**
     * Makes the upload a published envelope, with day-only times. The caller's writer task must then
     * call {@link BlobStore#record}.
     */
    public abstract Published publish(Instant dayStart) throws IOException;

    /** Whether a cut-off upload may be kept for resuming: only one with a file of its own. */
    public abstract boolean parkable();
  }

  /** A small envelope held in memory until its row's transaction stores it. */
  private static final class HeldUpload extends Upload {
    private final String name;
    private final int length;
    private final Runnable release;
    private boolean closed;
    /** Grows as the intake hands bytes over (it reads a small body whole first, then writes it). */
    private final java.io.ByteArrayOutputStream bytes;

    private HeldUpload(String name, int length, Runnable release) {
      this.name = name;
      this.length = length;
      this.release = release;
      this.bytes = new java.io.ByteArrayOutputStream(Math.min(length, 8 << 10));
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (len > length - bytes.size()) {
        throw new IOException("more bytes than the envelope's declared " + length);
      }
      bytes.write(b, off, len);
    }

    @Override
    public long size() {
      return bytes.size();
    }

    @Override
    public Published publish(Instant dayStart) throws IOException {
      if (bytes.size() != length) {
        throw new IOException(bytes.size() + " bytes of a " + length + "-byte envelope");
      }
      return new Held(name, bytes.toByteArray());
    }

    @Override
    public boolean parkable() {
      return false;
    }

    /** Gives its share of {@link #HELD_AT_ONCE} back (once its row's commit has returned). */
    @Override
    public void close() {
      if (!closed) {
        closed = true;
        release.run();
      }
    }
  }

  /** An output stream onto a temporary file. */
  private final class FileUpload extends Upload {
    private final String name;
    private final Path file;
    private final FileChannel channel;
    private long size;
    private long flushedUpTo;
    private java.util.concurrent.CompletableFuture<Void> flushing;
    private boolean published;
    private boolean closed;

    private FileUpload(String name, Path file, FileChannel channel) {
      this.name = name;
      this.file = file;
      this.channel = channel;
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

    @Override
    public long size() {
      return size;
    }

    @Override
    public boolean parkable() {
      return true;
    }

    /** Syncs the file (with its day-only times) and renames it into {@code blobs/}. */
    @Override
    public Published publish(Instant dayStart) throws IOException {
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
      return new InFile(name);
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
