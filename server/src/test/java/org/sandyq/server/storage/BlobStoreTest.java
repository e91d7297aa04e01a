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

  @Test
  void aSmallEnvelopesHeaderIsReadFromItsFirstBytesAndALongerOneWhole() throws Exception {
    BlobStore blobs = store();
    org.sandyq.crypto.identity.PrivateIdentity lawyer =
        org.sandyq.crypto.identity.PrivateIdentity.generate(org.sandyq.crypto.identity.Role.LAWYER, "lawyer");
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    org.sandyq.crypto.envelope.EnvelopeSealer.seal(org.sandyq.crypto.envelope.SealingParameters.builder()
        .policyFingerprint(org.sandyq.crypto.hash.Sha256.of(new byte[] {2})).category("other")
        .recipients(List.of(lawyer.publicIdentity())).evidenceThreshold(1).build(),
        org.sandyq.crypto.envelope.Triage.builder().build(),
        org.sandyq.crypto.envelope.PayloadContents.builder().text("t").build(), java.util.Optional.empty(), out);
    byte[] envelope = out.toByteArray();
    byte[] header = org.sandyq.crypto.envelope.EnvelopeHeader.read(new java.io.ByteArrayInputStream(envelope)).encoded();
    // a header claiming more bytes than the first window holds: read whole, then refused as truncated
    byte[] claimsMore = envelope.clone();
    java.nio.ByteBuffer.wrap(claimsMore, 8, 4).putInt(envelope.length);
    try (java.sql.Connection c = Database.connect(dir.resolve("vault.db"));
        java.sql.PreparedStatement i = c.prepareStatement("INSERT INTO envelopes (blob, bytes) VALUES (?, ?)")) {
      i.setString(1, "01".repeat(16));
      i.setBytes(2, envelope);
      i.executeUpdate();
      i.setString(1, "02".repeat(16));
      i.setBytes(2, claimsMore);
      i.executeUpdate();
    }
    org.junit.jupiter.api.Assertions.assertArrayEquals(header, blobs.header("01".repeat(16)).encoded());
    IOException truncated = assertThrows(IOException.class, () -> blobs.header("02".repeat(16)));
    assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
    assertThrows(java.nio.file.NoSuchFileException.class, () -> blobs.header("03".repeat(16)));
  }
}
