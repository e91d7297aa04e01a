package org.sandyq.server.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where an upload is kept while it arrives: a small envelope in memory (then in the database),
 * a large one in a file; the memory all small uploads may hold at once is bounded, so a crowd of
 * slow ones falls back to files instead of filling the heap.
 */
class BlobStoreTest {
  @TempDir Path dir;

  private BlobStore store() throws Exception {
    Path file = dir.resolve("vault.db");
    Database.create(file);
    return new BlobStore(Files.createDirectories(dir.resolve("blobs")), Files.createDirectories(dir.resolve("tmp")),
        Database.open(file, 1));
  }

  @Test
  void smallUploadsAreHeldInMemoryWithinABoundAndLargeOnesGoToFiles() throws Exception {
    BlobStore blobs = store();
    try (BlobStore.Upload large = blobs.begin(BlobStore.IN_DATABASE_MAX + 1)) {
      assertTrue(large.parkable(), "a file");
      assertEquals(1, Files.list(dir.resolve("tmp")).count());
    }
    List<BlobStore.Upload> crowd = new ArrayList<>();
    for (long n = 0; n < BlobStore.HELD_AT_ONCE / BlobStore.IN_DATABASE_MAX; n++) {
      BlobStore.Upload u = blobs.begin(BlobStore.IN_DATABASE_MAX);
      assertFalse(u.parkable(), "held in memory: " + n);
      crowd.add(u);
    }
    assertEquals(0, Files.list(dir.resolve("tmp")).count(), "nothing on disk for held uploads");
    try (BlobStore.Upload over = blobs.begin(BlobStore.IN_DATABASE_MAX)) {
      assertTrue(over.parkable(), "past the bound: a file");
    }
    crowd.removeFirst().close();
    try (BlobStore.Upload again = blobs.begin(BlobStore.IN_DATABASE_MAX)) {
      assertFalse(again.parkable(), "a closed upload gave its share back");
    }
    for (BlobStore.Upload u : crowd) {
      u.close();
    }
  }

  @Test
  void aHeldUploadTakesExactlyItsDeclaredLength() throws Exception {
    BlobStore blobs = store();
    try (BlobStore.Upload u = blobs.begin(10)) {
      u.write(new byte[6], 0, 6);
      assertThrows(IOException.class, () -> u.publish(Instant.EPOCH), "short");
      assertThrows(IOException.class, () -> u.write(new byte[5], 0, 5), "past the declared end");
      u.write(new byte[4], 0, 4);
      assertEquals(10, u.size());
      assertEquals(32, u.publish(Instant.EPOCH).name().length());
    }
  }
}
