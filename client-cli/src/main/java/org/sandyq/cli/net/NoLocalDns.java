package org.sandyq.cli.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import okhttp3.Dns;

/**
 * The resolver used whenever a proxy is set: it refuses every lookup. Names go to the SOCKS proxy
 * unresolved, so this is never called; if some code path ever tried to resolve locally, the request
 * fails loudly instead of leaking a DNS query.
 */
final class NoLocalDns implements Dns {
  @Override
  public List<InetAddress> lookup(String hostname) throws UnknownHostException {
    throw new UnknownHostException("refusing to resolve " + hostname + " locally while a proxy is set");
  }
}
