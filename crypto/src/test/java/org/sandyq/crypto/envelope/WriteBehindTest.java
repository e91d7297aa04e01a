package org.sandyq.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Syncing behind the writes, across several of its syncs, changes nothing of what is written. */
class WriteBehindTest {
  @TempDir Path dir;

  @Test
  void aFileWrittenAcrossSeveralSyncsReadsBackWhole() throws IOException {
    byte[] data = new byte[(int) (2 * WriteBehind.EVERY + 12345)];
    new Random(14).nextBytes(data);
    Path file = dir.resolve("out");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        WriteBehind behind = new WriteBehind(channel)) {
      long written = 0;
      for (int off = 0; off < data.length; ) {
        int n = Math.min(1 << 20, data.length - off);
        ByteBuffer b = ByteBuffer.wrap(data, off, n);
        while (b.hasRemaining()) {
          channel.write(b);
        }
        off += n;
        behind.written(written += n);
      }
      behind.sync();
    }
    assertArrayEquals(data, Files.readAllBytes(file));
  }
}
