package org.sandyq.cli.net;

import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * What the JDK answers when a SOCKS5 proxy asks for a user name and password. Tor does ask when
 * the client offers it, and without an answer the JDK would send the local account's user name.
 * Instead every run of sandyq sends a fixed name and a fresh random password: no local detail
 * reaches the proxy, and Tor (IsolateSOCKSAuth, on by default) puts each run on circuits of its own,
 * so two runs cannot be linked by sharing a circuit.
 */
final class SocksCredentials extends Authenticator {
  static final String USER = "sandyq";
  private static final char[] PASSWORD = randomPassword();

  private final Authenticator previous;

  private SocksCredentials(Authenticator previous) {
    this.previous = previous;
  }

  /** Installs the answer process-wide (once); other requests still go to any earlier authenticator. */
  static synchronized void install() {
    Authenticator current = Authenticator.getDefault();
    if (!(current instanceof SocksCredentials)) {
      Authenticator.setDefault(new SocksCredentials(current));
    }
  }

  private static char[] randomPassword() {
    byte[] b = new byte[16];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b).toCharArray();
  }

  @Override
  protected PasswordAuthentication getPasswordAuthentication() {
    if ("SOCKS5".equals(getRequestingProtocol()) && getRequestorType() == RequestorType.SERVER) {
      return new PasswordAuthentication(USER, PASSWORD.clone());
    }
    if (previous == null) {
      return null;
    }
    return previous.requestPasswordAuthenticationInstance(getRequestingHost(), getRequestingSite(),
        getRequestingPort(), getRequestingProtocol(), getRequestingPrompt(), getRequestingScheme(),
        getRequestingURL(), getRequestorType());
  }
}
