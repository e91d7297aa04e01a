package org.sandyq.cli.net;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import org.sandyq.cli.Failure;
import org.sandyq.cli.UserError;

/**
 * A SOCKS5 proxy given as {@code socks5://HOST:PORT} (Tor's is usually {@code socks5://127.0.0.1:9050}).
 * The proxy's own address is kept unresolved too, and every name a request needs is sent to the
 * proxy as a name (RFC 1928 address type 3), so {@code .onion} works and no DNS query leaves the machine.
 */
public record ProxySpec(String host, int port) {

  public static ProxySpec parse(String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw bad(text);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("socks5") && !scheme.equals("socks5h")) {
      throw new UserError(Failure.INVALID_OPTION, "--proxy " + text + ": only socks5://HOST:PORT is supported (Tor: socks5://127.0.0.1:9050)");
    }
    if (uri.getHost() == null || uri.getPort() < 1 || uri.getUserInfo() != null
        || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
        || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw bad(text);
    }
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new ProxySpec(host, uri.getPort());
  }

  private static UserError bad(String text) {
    return new UserError(Failure.INVALID_OPTION, "--proxy " + text + ": expected socks5://HOST:PORT, e.g. socks5://127.0.0.1:9050");
  }

  Proxy toProxy() {
    return new Proxy(Proxy.Type.SOCKS, InetSocketAddress.createUnresolved(host, port));
  }

  @Override
  public String toString() {
    return "socks5://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
