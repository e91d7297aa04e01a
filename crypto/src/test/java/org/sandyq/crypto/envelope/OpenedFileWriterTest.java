package org.sandyq.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.hash.Sha256;

/**
 * The opener hashes and writes on two threads of its own: files of every size around the buffer
 * boundaries come out byte for byte through one writer, and a failure on either thread, or of the
 * decryption while buffers are in flight, surfaces as its own type, stops both threads and
 * publishes nothing.
 */
class OpenedFileWriterTest {
  private static final int B = OpenedFileWriter.BUFFER;

  @TempDir Path dir;

  @Test
  void filesAroundEveryBufferBoundaryOpenByteForByteThroughOneWriter() throws Exception {
    long[] sizes = {0, 1, B - 1, B, B + 1, (long) OpenedFileWriter.BUFFERS * B + 1, 2 * B, 3};
    Random random = new Random(14);
    List<byte[]> contents = new ArrayList<>();
    PayloadContents.Builder evidence = PayloadContents.builder().text("boundaries");
    for (int i = 0; i < sizes.length; i++) {
      byte[] content = new byte[(int) sizes[i]];
      random.nextBytes(content);
      contents.add(content);
      evidence.file(Fixtures.bytes("f" + i + ".bin", "application/octet-stream", content));
    }
    Fixtures.Sealed sealed = Fixtures.sealed(dir, 1, 1, evidence.build());
    OpenedPayload opened = EnvelopeOpener.open(sealed.envelope(), sealed.key(SectionKind.EVIDENCE, 0, 1),
        dir.resolve("out"));
    for (int i = 0; i < sizes.length; i++) {
      assertArrayEquals(contents.get(i), Files.readAllBytes(opened.file(opened.files().get(i))), sizes[i] + " bytes");
      assertEquals(Sha256.of(contents.get(i)), opened.files().get(i).sha256());
    }
    assertNoWriterThreads();
  }

  @Test
  void aWriteFailureSurfacesAsTheFileSystemsErrorAndStopsBothThreads() throws Exception {
    FileChannel closed = FileChannel.open(dir.resolve("f"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    closed.close();
    try (OpenedFileWriter writer = new OpenedFileWriter()) {
      writer.begin(closed);
      assertThrows(ClosedChannelException.class, () -> {
        for (int i = 0; i < 2 * OpenedFileWriter.BUFFERS; i++) {
          byte[] b = writer.buffer();
          writer.hash(b, b.length);
        }
        writer.finish();
      });
      assertThrows(ClosedChannelException.class, writer::buffer, "every later call says so too");
    }
    assertNoWriterThreads();
  }

  @Test
  void aHasherFailureSurfacesAsItWasRaisedAndStopsBothThreads() throws Exception {
    try (FileChannel channel = FileChannel.open(dir.resolve("f"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        OpenedFileWriter writer = new OpenedFileWriter()) {
      writer.begin(channel);
      byte[] b = writer.buffer();
      writer.hash(b, b.length + 1); // a caller's bug: more than the buffer holds
      assertThrows(IllegalArgumentException.class, writer::finish);
    }
    assertNoWriterThreads();
  }

  @Test
  void aCallerInterruptedWhileWaitingForABufferGetsAnInterruptedIoExceptionAndBothThreadsStop() throws Exception {
    try (FileChannel channel = FileChannel.open(dir.resolve("f"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      try (OpenedFileWriter writer = new OpenedFileWriter()) {
        writer.begin(channel);
        for (int i = 0; i < OpenedFileWriter.BUFFERS; i++) {
          writer.buffer(); // all taken, none handed back: the next call waits
        }
        Thread.currentThread().interrupt();
        assertThrows(java.io.InterruptedIOException.class, writer::buffer);
      }
      assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
    }
    assertNoWriterThreads();
  }

  @Test
  void aSegmentThatFailsWhileBuffersAreInFlightPublishesNothing() throws Exception {
    byte[] content = new byte[4 << 20];
    new Random(15).nextBytes(content);
    Fixtures.Sealed sealed = Fixtures.sealed(dir, 1, 1,
        PayloadContents.builder().file(Fixtures.bytes("big.bin", "application/octet-stream", content)).build());
    // the third segment: two written, the writer's buffers in flight when it fails
    Fixtures.flipByte(sealed.envelope(), sealed.header().encoded().length + (2L << 20) + 123);
    Path out = dir.resolve("sub/out");
    assertThrows(EnvelopeAuthenticationException.class,
        () -> EnvelopeOpener.open(sealed.envelope(), sealed.key(SectionKind.EVIDENCE, 0, 1), out));
    assertFalse(Files.exists(out));
    try (var left = Files.list(out.getParent())) {
      assertEquals(0, left.count(), "the private directory is removed");
    }
    assertNoWriterThreads();
  }

  /** close() waits for both threads, so none may be alive once the writer is closed. */
  private static void assertNoWriterThreads() {
    List<String> alive = Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getName).filter(n -> n.startsWith("sandyq-open-")).toList();
    assertEquals(List.of(), alive);
  }
}
