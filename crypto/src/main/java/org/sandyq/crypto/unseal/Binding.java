package org.sandyq.crypto.unseal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The HPKE infos, associated data and hash inputs of the lawyer protocol ({@code docs/unseal.md}):
 * a domain string (ASCII and one 0x00) followed by the raw bytes of what it binds.
 */
final class Binding {
  static final String REASON = "sandyq/v1/unseal-reason";
  static final String REASON_COMMITMENT = "sandyq/v1/unseal-reason-commitment";
  static final String APPROVAL_SHARE = "sandyq/v1/approval-share";
  static final String EPHEMERAL_KEY = "sandyq/v1/unseal-ephemeral-key";
  static final String REPLY_TEXT = "sandyq/v1/reply";
  static final String REPLY_KEY = "sandyq/v1/reply-key";
  static final byte[] SOURCE = "source".getBytes(StandardCharsets.US_ASCII);

  private Binding() {}

  static byte[] of(String domain, byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(domain.getBytes(StandardCharsets.US_ASCII));
    out.write(0);
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
