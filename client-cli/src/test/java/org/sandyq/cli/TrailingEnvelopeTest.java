package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.envelope.EnvelopeSealer;
import org.sandyq.crypto.envelope.PayloadContents;
import org.sandyq.crypto.envelope.PayloadFile;
import org.sandyq.crypto.envelope.SealingParameters;
import org.sandyq.crypto.envelope.Triage;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.Role;
import org.sandyq.crypto.hash.Sha256;

/**
 * The upload's view of an envelope being sealed: it follows the writer, never gets the last byte
 * before sealing has finished, and fails (broken: no retry) once sealing failed. A real sealer
 * writes a real file; the reader runs on another thread, with bounded waits.
 */
class TrailingEnvelopeTest {
  @TempDir Path dir;

  private static SealingParameters params() throws Exception {
    PrivateIdentity lawyer = PrivateIdentity.generate(Role.LAWYER, "lawyer");
    return SealingParameters.builder()
        .policyFingerprint(Sha256.of(new byte[] {1}))
        .category("other")
        .recipients(java.util.List.of(lawyer.publicIdentity()))
        .evidenceThreshold(1)
        .build();
  }

  /** Seals {@code content} in order into {@code file}, telling {@code trail} as the submit does. */
  private static long seal(Path file, byte[] content, TrailingEnvelope trail) throws Exception {
    PayloadContents evidence = PayloadContents.builder()
        .file(PayloadFile.of("a.bin", "application/octet-stream", content.length,
            () -> new java.io.ByteArrayInputStream(content)))
        .build();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      return EnvelopeSealer.sealInOrder(params(), Triage.builder().category("other").build(), evidence,
          Optional.empty(), ch, n -> { }, trail).length();
    }
  }

  @Test
  void theLastByteWaitsForSealingToFinish() throws Exception {
    Path file = Files.createFile(dir.resolve("e.partial"));
    byte[] content = new byte[3 << 20];
    new java.util.Random(5).nextBytes(content);
    try (TrailingEnvelope trail = new TrailingEnvelope(file)) {
      long length = seal(file, content, trail);
      assertEquals(length, trail.length(), "the length read from the header");
      InputStream in = trail.open();
      byte[] head = in.readNBytes((int) length - 1); // all written: released at once, short of the last byte
      byte[] last = new byte[1];
      Thread reader = Thread.ofPlatform().start(() -> {
        try {
          last[0] = (byte) in.read();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      Thread.State state = reader.getState();
      for (int i = 0; i < 3000 && state != Thread.State.WAITING && state != Thread.State.TERMINATED; i++) {
        Thread.sleep(10);
        state = reader.getState();
      }
      assertEquals(Thread.State.WAITING, state, "the last byte waits for the sealer to say it finished");
      trail.sealed();
      reader.join(TimeUnit.SECONDS.toMillis(30));
      assertFalse(reader.isAlive());
      assertEquals(-1, in.read(), "then the end");
      byte[] all = Files.readAllBytes(file);
      assertArrayEquals(java.util.Arrays.copyOf(all, all.length - 1), head);
      assertEquals(all[all.length - 1], last[0]);
      assertFalse(trail.broken());
    }
  }

  @Test
  void aFailedSealingAbortsTheReaderAndNoRetryFollows() throws Exception {
    Path file = Files.createFile(dir.resolve("f.partial"));
    try (TrailingEnvelope trail = new TrailingEnvelope(file)) {
      CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
        try (InputStream in = trail.open()) {
          in.transferTo(new ByteArrayOutputStream());
          return null;
        } catch (IOException e) {
          return e;
        }
      });
      seal(file, new byte[2 << 20], trail);
      trail.failed(new IOException("a.bin changed between the passes"));
      Throwable e = reader.get(30, TimeUnit.SECONDS);
      assertInstanceOf(TrailingEnvelope.Aborted.class, e);
      assertTrue(trail.broken(), "the upload is not tried again");
      assertThrows(TrailingEnvelope.Aborted.class, () -> trail.open().read());
    }
  }

  @Test
  void closingStopsTheWriter() throws Exception {
    Path file = Files.createFile(dir.resolve("g.partial"));
    TrailingEnvelope trail = new TrailingEnvelope(file);
    trail.close();
    assertThrows(IllegalStateException.class, () -> trail.accept(1), "a sealer still writing is stopped");
    assertThrows(IOException.class, () -> trail.open().read(), "a reader still waiting is stopped");
  }
}
