package org.sandyq.cli.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CoalescingSocketsTest {
  /**
   * OkHttp's 8 KiB segments leave in one system call once the buffer is full or flushed, and not
   * before: the peer sees nothing of a partly filled buffer, then every byte, in order, on flush.
   */
  @Test
  void segmentsLeaveTogetherOnFlushAndWhenTheBufferIsFull() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = new CoalescingSockets().createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket peer = server.accept()) {
      peer.setSoTimeout(10_000);
      OutputStream out = client.getOutputStream();
      InputStream in = peer.getInputStream();
      byte[] segment = new byte[8192];
      int segments = CoalescingSockets.BUFFER / segment.length - 1;
      for (int i = 0; i < segments; i++) {
        Arrays.fill(segment, (byte) i);
        out.write(segment);
      }
      Thread.sleep(300);
      assertEquals(0, in.available(), "nothing leaves before the buffer is full or flushed");

      out.flush();
      byte[] got = in.readNBytes(segments * segment.length);
      for (int i = 0; i < segments; i++) {
        byte[] expected = new byte[segment.length];
        Arrays.fill(expected, (byte) i);
        assertArrayEquals(expected, Arrays.copyOfRange(got, i * segment.length, (i + 1) * segment.length));
      }

      // a write larger than the buffer goes straight through, without a flush
      byte[] large = new byte[CoalescingSockets.BUFFER * 2];
      Arrays.fill(large, (byte) 7);
      out.write(large);
      assertArrayEquals(large, in.readNBytes(large.length));
      assertEquals(client.getOutputStream(), out, "one buffer per socket");
    }
  }
}
