package org.sandyq.crypto.identity;

import java.nio.charset.StandardCharsets;

/**
 * Every signature names what it is for, so a signature made for one purpose can never be replayed
 * as another: the signed bytes are {@code context || 0x00 || message}.
 */
public enum SignatureDomain {
  POLICY("sandyq/v1/policy"),
  UNSEAL_REQUEST("sandyq/v1/unseal-request"),
  UNSEAL_APPROVAL("sandyq/v1/unseal-approval"),
  REPLY("sandyq/v1/reply");

  /** What every context starts with; other kinds of signed bytes must never start with it. */
  public static final String PREFIX = "sandyq/v1/";

  private final String context;

  SignatureDomain(String context) {
    this.context = context;
  }

  public String context() {
    return context;
  }

  byte[] frame(byte[] message) {
    byte[] ctx = context.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[ctx.length + 1 + message.length];
    System.arraycopy(ctx, 0, out, 0, ctx.length);
    System.arraycopy(message, 0, out, ctx.length + 1, message.length);
    return out;
  }
}
