package org.sandyq.cli.net;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Direct connections whose output is gathered into large writes. OkHttp hands its socket one
 * 8 KiB segment at a time, so a 1 GiB upload was 131,072 {@code write} calls, each a trip through
 * the kernel's TCP stack and a wake-up of the reader (measured: most of a loopback upload's time
 * was system time). Here the segments collect in a buffer and leave in one call each time it is
 * full or OkHttp flushes, which it does after a request's headers (so {@code Expect:
 * 100-continue} still waits with the body unsent) and at the request's end.
 *
 * <p>Only for direct connections: OkHttp opens SOCKS connections itself, and over Tor the
 * circuit, not the system call, is the limit.
 */
final class CoalescingSockets extends SocketFactory {
  /** Large enough that a write is dominated by the copy, small enough to mean nothing in memory. */
  static final int BUFFER = 256 * 1024;

  @Override
  public Socket createSocket() {
    return new CoalescingSocket();
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return open(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
    return open(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return open(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
    return open(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
  }

  /** A connected socket (OkHttp itself only asks for unconnected ones; the rest is the contract). */
  private static Socket open(InetSocketAddress to, InetSocketAddress local) throws IOException {
    Socket s = new CoalescingSocket();
    try {
      if (local != null) {
        s.bind(local);
      }
      s.connect(to);
      return s;
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  private static final class CoalescingSocket extends Socket {
    private OutputStream out;

    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
      if (out == null) {
        out = new BufferedOutputStream(super.getOutputStream(), BUFFER);
      }
      return out;
    }
  }
}
