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
      byte[] env = v.fixture.envelope("kept");
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
      assertEquals(201, v.client.submit(v.fixture.envelope("x")).status());
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
}
