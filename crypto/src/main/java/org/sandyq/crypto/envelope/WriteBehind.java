package org.sandyq.crypto.envelope;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Syncs a large file to disk while it is still being written: every {@link #EVERY} bytes an
 * fdatasync on a helper thread starts the disk on what is written so far. The kernel otherwise
 * holds it all in the page cache until the final sync, which then cost about 0.4 s per GiB after
 * the work was done (strace -ttt of a 1 GiB seal; bench/README.md); with this the final
 * {@link #sync} took 0.03 s. Used for a sealed envelope and for opened files; the server's uploads
 * do the same (BlobStore.Upload).
 */
public final class WriteBehind implements AutoCloseable {
  static final long EVERY = 32L << 20;

  private final FileChannel channel;
  /** A platform thread: an fsync blocks in the kernel. */
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(Thread.ofPlatform().name("sandyq-write-behind").daemon(true).factory());
  private Future<?> syncing;
  private long syncedUpTo;

  public WriteBehind(FileChannel channel) {
    this.channel = channel;
  }

  /** Told how much is written so far: starts a sync when enough is and none is running. */
  public void written(long written) {
    if (written - syncedUpTo >= EVERY && (syncing == null || syncing.isDone())) {
      syncedUpTo = written;
      syncing = thread.submit(() -> {
        channel.force(false);
        return null;
      });
    }
  }

  /** Waits for the sync running in the background, then syncs the whole file, metadata included. */
  public void sync() throws IOException {
    if (syncing != null) {
      try {
        syncing.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while syncing");
      } catch (ExecutionException e) {
        throw e.getCause() instanceof IOException io ? io : new IOException("syncing failed", e.getCause());
      }
    }
    channel.force(true);
  }

  /** Lets a running sync finish on its own (the file may be gone by then; nothing waits for it). */
  @Override
  public void close() {
    thread.shutdown();
  }
}
