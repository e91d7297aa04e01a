package org.sandyq.cli.net;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small SOCKS5 server (RFC 1928 CONNECT, with RFC 1929 user/password when the client offers it,
 * as Tor does) that records what each client asked for and relays every connection to one local
 * port, whatever name or address was asked.
 */
public final class Socks5Server implements AutoCloseable {
  public static final int ATYP_IPV4 = 1;
  public static final int ATYP_DOMAIN = 3;
  public static final int ATYP_IPV6 = 4;

  /** What one client sent: the address type and the host (a name, or an address as text), the port, the user name. */
  public record Connect(int atyp, String host, int port, String user) {}

  public final List<Connect> connects = new CopyOnWriteArrayList<>();
  private final ServerSocket server;
  private final int target;
  private final Thread acceptor;

  public Socks5Server(int targetPort) throws IOException {
    this.target = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = Thread.ofPlatform().daemon().start(this::acceptLoop);
  }

  public int port() {
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Thread.ofPlatform().daemon().start(() -> serve(client));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      DataInputStream in = new DataInputStream(client.getInputStream());
      OutputStream out = client.getOutputStream();
      if (in.readUnsignedByte() != 5) {
        return;
      }
      byte[] methods = in.readNBytes(in.readUnsignedByte());
      boolean userPass = false;
      for (byte m : methods) {
        userPass |= m == 2;
      }
      String user = null;
      if (userPass) { // like Tor: prefer user/password when offered (stream isolation)
        out.write(new byte[] {5, 2});
        out.flush();
        if (in.readUnsignedByte() != 1) {
          return;
        }
        user = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.ISO_8859_1);
        in.readNBytes(in.readUnsignedByte());
        out.write(new byte[] {1, 0});
      } else {
        out.write(new byte[] {5, 0});
      }
      out.flush();
      int ver = in.readUnsignedByte();
      int cmd = in.readUnsignedByte();
      in.readUnsignedByte();
      int atyp = in.readUnsignedByte();
      String host = switch (atyp) {
        case ATYP_IPV4 -> InetAddress.getByAddress(in.readNBytes(4)).getHostAddress();
        case ATYP_DOMAIN -> new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.US_ASCII);
        case ATYP_IPV6 -> InetAddress.getByAddress(in.readNBytes(16)).getHostAddress();
        default -> throw new IOException("bad ATYP " + atyp);
      };
      int port = in.readUnsignedShort();
      connects.add(new Connect(atyp, host, port, user));
      if (ver != 5 || cmd != 1) {
        out.write(new byte[] {5, 7, 0, 1, 0, 0, 0, 0, 0, 0});
        return;
      }
      if (host.endsWith(".invalid")) { // as Tor answers a name it cannot resolve: host unreachable
        out.write(new byte[] {5, 4, 0, 1, 0, 0, 0, 0, 0, 0});
        return;
      }
      try (Socket upstream = new Socket()) {
        upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 5_000);
        out.write(new byte[] {5, 0, 0, 1, 0, 0, 0, 0, 0, 0});
        out.flush();
        Thread up = Thread.ofPlatform().daemon().start(() -> pump(in, upstream));
        pump(upstream.getInputStream(), client);
        up.join(5_000);
      }
    } catch (IOException | InterruptedException e) {
      // the client went away
    }
  }

  private static void pump(InputStream from, Socket to) {
    try {
      from.transferTo(to.getOutputStream());
      to.shutdownOutput();
    } catch (IOException e) {
      // one side closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    try {
      acceptor.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
