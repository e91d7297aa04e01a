package org.sandyq.crypto.unseal;

import java.util.HexFormat;

/** The random 16-byte name of one reply, as 32 lowercase hex digits. */
public record ReplyId(String hex) {
  public ReplyId {
    Fields.checkHex16(hex, "a reply id");
  }

  static ReplyId random() {
    return new ReplyId(HexFormat.of().formatHex(Fields.random16()));
  }

  public byte[] bytes() {
    return HexFormat.of().parseHex(hex);
  }

  @Override
  public String toString() {
    return hex;
  }
}
