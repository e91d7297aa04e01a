package org.sandyq.crypto.envelope;

import java.util.HexFormat;

/**
 * The random 16-byte name of one submission, shown as 32 lowercase hex digits. It is bound into
 * every share's HPKE info and commitment, so a share can never be moved to another envelope.
 */
public record SubmissionId(String hex) {
  public static final int LENGTH = 16;

  public SubmissionId {
    if (hex == null || !hex.matches("[0-9a-f]{32}")) {
      throw new IllegalArgumentException("a submission id is 32 lowercase hex digits");
    }
  }

  public static SubmissionId fromBytes(byte[] sixteen) {
    if (sixteen.length != LENGTH) {
      throw new IllegalArgumentException("a submission id is " + LENGTH + " bytes");
    }
    return new SubmissionId(HexFormat.of().formatHex(sixteen));
  }

  public byte[] bytes() {
    return HexFormat.of().parseHex(hex);
  }

  @Override
  public String toString() {
    return hex;
  }
}
