package org.sandyq.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up clean-up: what a crash can leave behind is removed; what it cannot is refused. */
class RecoveryTest {
  @TempDir Path tmp;

  @Test
  void interruptedUploadsAndUncommittedBlobsAreRemovedAtStart() throws Exception {
    try (RunningVault v = RunningVault.start(tmp.resolve("vault"))) {
      byte[] env = v.fixture.envelope(v.fixture.params("other").build(), "kept", 300_000); // larger than BlobStore.IN_DATABASE_MAX: a file
      assertEquals(201, v.client.submit(env).status());
      Path kept = Fixture.files(v.layout.blobs()).get(0);
      v.stop();

      Files.write(v.layout.tmp().resolve("0123456789abcdef0123456789abcdef.upload"), new byte[4096]);
      Files.write(v.layout.blobs().resolve("fedcba9876543210fedcba9876543210"), env); // renamed, never committed
      Files.write(v.layout.blobs().resolve("stray.txt"), Fixture.utf8("?"));
      v.start(java.util.OptionalInt.of(0), java.time.Clock.systemUTC());

      assertEquals(1, v.server.recovery().interruptedUploads());
      assertEquals(2, v.server.recovery().orphanBlobs());
      assertEquals(List.of(kept), Fixture.files(v.layout.blobs()));
      assertEquals(0, v.tmpCount());
      assertEquals(201, v.client.submit(v.fixture.envelope("next")).status());
    }
  }

  @Test
  void aRowWhoseEnvelopeIsMissingOrShortStopsTheServer() throws Exception {
    try (RunningVault v = RunningVault.start(tmp.resolve("vault"))) {
      assertEquals(201, v.client.submit(v.fixture.envelope(v.fixture.params("other").build(), "x", 300_000)).status());
      v.stop();
      Path blob = Fixture.files(v.layout.blobs()).get(0);
      byte[] bytes = Files.readAllBytes(blob);

      Files.write(blob, java.util.Arrays.copyOf(bytes, bytes.length - 1));
      IOException shortBlob = assertThrows(IOException.class, () -> v.start(java.util.OptionalInt.of(0),
          java.time.Clock.systemUTC()));
      assertTrue(shortBlob.getMessage().contains("restore"), shortBlob.getMessage());

      Files.delete(blob);
      IOException missing = assertThrows(IOException.class, () -> v.start(java.util.OptionalInt.of(0),
          java.time.Clock.systemUTC()));
      assertTrue(missing.getMessage().contains("missing"), missing.getMessage());

      Files.write(blob, bytes);
      v.start(java.util.OptionalInt.of(0), java.time.Clock.systemUTC());
      assertEquals(2, v.server.log().checkpoint().size());
    }
  }

  @Test
  void aSmallEnvelopeIsStoredWithItsRowAndADamagedOneStopsTheServer() throws Exception {
    try (RunningVault v = RunningVault.start(tmp.resolve("vault"))) {
      byte[] env = v.fixture.envelope("a tip's text");
      assertEquals(201, v.client.submit(env).status());
      String id = org.sandyq.crypto.envelope.EnvelopeHeader.read(new java.io.ByteArrayInputStream(env))
          .submissionId().hex();
      v.stop();
      assertEquals(List.of(), Fixture.files(v.layout.blobs()), "no file: the database holds it");
      org.junit.jupiter.api.Assertions.assertArrayEquals(env, v.envelopeOf(id));

      String blob = v.query("SELECT blob FROM submissions WHERE id = ?", id);
      v.update("UPDATE envelopes SET bytes = ? WHERE blob = ?", java.util.Arrays.copyOf(env, env.length - 1), blob);
      IOException shortened = assertThrows(IOException.class, () -> v.start(java.util.OptionalInt.of(0),
          java.time.Clock.systemUTC()));
      assertTrue(shortened.getMessage().contains("restore"), shortened.getMessage());

      v.update("DELETE FROM envelopes WHERE blob = ?", blob);
      IOException missing = assertThrows(IOException.class, () -> v.start(java.util.OptionalInt.of(0),
          java.time.Clock.systemUTC()));
      assertTrue(missing.getMessage().contains("missing"), missing.getMessage());

      v.update("INSERT INTO envelopes (blob, bytes) VALUES (?, ?)", blob, env);
      v.update("INSERT INTO envelopes (blob, bytes) VALUES (?, ?)", "ab".repeat(16), env); // no row names it
      v.start(java.util.OptionalInt.of(0), java.time.Clock.systemUTC());
      assertEquals(1, v.server.recovery().orphanBlobs(), "the stray envelope went");
      assertEquals(1, v.blobCount());
      org.junit.jupiter.api.Assertions.assertArrayEquals(env, v.envelopeOf(id));
      assertEquals(2, v.server.log().checkpoint().size());
      assertEquals(201, v.client.submit(v.fixture.envelope("next")).status());
    }
  }
}
