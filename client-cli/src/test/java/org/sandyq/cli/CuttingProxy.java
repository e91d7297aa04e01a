package org.sandyq.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A flaky link in front of a real vault: it relays TCP both ways and cuts a connection once it has
 * carried {@code cutAfter} bytes towards the vault, up to {@code cuts} times, as a censored or
 * mobile network does to a long upload. Loopback only; threads end with the sockets.
 */
final class CuttingProxy implements AutoCloseable {
  /** What a cut does. */
  enum Cut {
    /** Both sides are closed at once: the client's write fails. */
    RESET,
    /**
     * The request stream towards the vault ends (its side is shut for writing) while the client's
     * further bytes are dropped, and the vault's answer still comes back: the client finishes
     * sending, then reads the vault's refusal of a body that stopped short.
     */
    ANSWER_PASSES
  }

  private final ServerSocket listener;
  private final int vaultPort;
  private final long cutAfter;
  private final AtomicInteger cutsLeft;
  private final Cut how;
  final AtomicInteger cut = new AtomicInteger();
  /** Bytes carried towards the vault, over every connection. */
  final java.util.concurrent.atomic.AtomicLong carriedTotal = new java.util.concurrent.atomic.AtomicLong();
  final String url;

  CuttingProxy(int vaultPort, long cutAfter, int cuts) throws IOException {
    this(vaultPort, cutAfter, cuts, Cut.RESET);
  }

  CuttingProxy(int vaultPort, long cutAfter, int cuts, Cut how) throws IOException {
    this.vaultPort = vaultPort;
    this.cutAfter = cutAfter;
    this.cutsLeft = new AtomicInteger(cuts);
    this.how = how;
    listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    url = "http://127.0.0.1:" + listener.getLocalPort() + "/";
    Thread.ofPlatform().daemon().name("cutting-proxy").start(this::accept);
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket vault = new Socket(InetAddress.getLoopbackAddress(), vaultPort);
        Thread.ofPlatform().daemon().start(() -> towardsVault(client, vault));
        Thread.ofPlatform().daemon().start(() -> back(vault, client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void towardsVault(Socket client, Socket vault) {
    byte[] buf = new byte[64 * 1024];
    long carried = 0;
    boolean cutHere = false;
    try {
      InputStream in = client.getInputStream();
      OutputStream out = vault.getOutputStream();
      for (int n; (n = in.read(buf)) > 0; ) {
        if (cutHere) {
          continue; // dropped
        }
        if (carried + n > cutAfter && cutsLeft.getAndUpdate(c -> Math.max(0, c - 1)) > 0) {
          out.write(buf, 0, (int) (cutAfter - carried));
          out.flush();
          cut.incrementAndGet();
          if (how == Cut.RESET) {
            break; // the link breaks
          }
          vault.shutdownOutput(); // the vault sees the body end
          cutHere = true;
          continue;
        }
        out.write(buf, 0, n);
        carried += n;
        carriedTotal.addAndGet(n);
      }
    } catch (IOException e) {
      // the other side went away
    } finally {
      closeQuietly(client);
      closeQuietly(vault);
    }
  }

  private void back(Socket vault, Socket client) {
    try {
      vault.getInputStream().transferTo(client.getOutputStream());
    } catch (IOException e) {
      // the other side went away
    } finally {
      if (how == Cut.RESET) {
        closeQuietly(vault);
        closeQuietly(client);
      } else {
        // the client reads the answer to its end, then closes; closing under it could reset the answer away
        try {
          client.shutdownOutput();
        } catch (IOException e) {
          closeQuietly(client);
        }
      }
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
