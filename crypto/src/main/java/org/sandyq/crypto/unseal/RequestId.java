package org.sandyq.crypto.unseal;

import java.util.HexFormat;

/** The random 16-byte name of one unseal request, as 32 lowercase hex digits. */
public record RequestId(String hex) {
  public RequestId {
    Fields.checkHex16(hex, "a request id");
  }

  static RequestId random() {
    return new RequestId(HexFormat.of().formatHex(Fields.random16()));
  }

  public byte[] bytes() {
    return HexFormat.of().parseHex(hex);
  }

  @Override
  public String toString() {
    return hex;
  }
}
