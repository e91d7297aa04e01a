package org.sandyq.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A flaky link in front of a real vault: it relays TCP both ways and breaks a connection (both
 * sides) once it has carried {@code cutAfter} bytes towards the vault, up to {@code cuts} times, as
 * a censored or mobile network does to a long upload. Loopback only; threads end with the sockets.
 */
final class CuttingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int vaultPort;
  private final long cutAfter;
  private final AtomicInteger cutsLeft;
  final AtomicInteger cut = new AtomicInteger();
  final String url;

  CuttingProxy(int vaultPort, long cutAfter, int cuts) throws IOException {
    this.vaultPort = vaultPort;
    this.cutAfter = cutAfter;
    this.cutsLeft = new AtomicInteger(cuts);
    listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    url = "http://127.0.0.1:" + listener.getLocalPort() + "/";
    Thread.ofPlatform().daemon().name("cutting-proxy").start(this::accept);
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket vault = new Socket(InetAddress.getLoopbackAddress(), vaultPort);
        Thread.ofPlatform().daemon().start(() -> pump(client, vault, true));
        Thread.ofPlatform().daemon().start(() -> pump(vault, client, false));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void pump(Socket from, Socket to, boolean towardsVault) {
    byte[] buf = new byte[64 * 1024];
    long carried = 0;
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      for (int n; (n = in.read(buf)) > 0; ) {
        if (towardsVault && carried + n > cutAfter && cutsLeft.getAndUpdate(c -> Math.max(0, c - 1)) > 0) {
          out.write(buf, 0, (int) (cutAfter - carried));
          out.flush();
          cut.incrementAndGet();
          break; // the link breaks
        }
        out.write(buf, 0, n);
        carried += n;
      }
    } catch (IOException e) {
      // the other side went away
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
