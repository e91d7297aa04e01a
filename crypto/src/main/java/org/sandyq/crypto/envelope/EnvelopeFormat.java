package org.sandyq.crypto.envelope;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Constants of envelope format v1; {@code docs/envelope.md} explains each one. */
public final class EnvelopeFormat {
  /** {@code "SANDYQ" 0x00 0x01}: the last byte is the format version. */
  static final byte[] MAGIC = {'S', 'A', 'N', 'D', 'Y', 'Q', 0x00, 0x01};
  /** Magic plus the u32 header length. */
  public static final int PREFIX_LENGTH = MAGIC.length + 4;
  /** Headers are read into memory before anything is decrypted, so their size is bounded. */
  public static final int MAX_HEADER_LENGTH = 1 << 20;
  static final int HEADER_VERSION = 1;

  /** Section keys, shares and their values are 256 bits. */
  static final int KEY_LENGTH = 32;
  /** HPKE {@code enc} (32) + the 32-byte share + the AES-GCM tag (16). */
  static final int SEALED_SHARE_LENGTH = 80;

  /** Categories are visible to the server (retention and per-category thresholds need them). */
  static final Pattern CATEGORY = Pattern.compile("[a-z0-9-]{1,64}");

  /** RFC 6838 {@code type/subtype} names, without parameters. */
  static final Pattern MEDIA_TYPE =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}");

  /** Triage plaintexts are padded to at least 1 KiB. */
  static final int TRIAGE_MIN_PADDED = 1 << 10;
  /**
   * At most 60 KiB of framed triage. A multiple of 2^11, which is Padmé's rounding step just below
   * it, so padding never takes a permitted length above this bound.
   */
  static final int TRIAGE_MAX_PADDED = 60 << 10;
  /** AES-GCM nonce (12) and tag (16) around the triage plaintext. */
  static final int TRIAGE_OVERHEAD = 12 + 16;

  /** Payload plaintexts are padded to at least 64 KiB: a text-only tip looks like a small file. */
  static final long PAYLOAD_MIN_PADDED = 1 << 16;
  /** 1 TiB of ciphertext per payload section; the server sets lower upload limits. */
  static final long MAX_PAYLOAD_CIPHERTEXT = 1L << 40;
  static final int MAX_MANIFEST_LENGTH = 4 << 20;
  static final int MAX_TEXT_BYTES = 1 << 20;
  static final int MAX_FILES = 10_000;
  static final int MAX_ANSWERS = 1_000;

  static final byte[] SHARE_INFO_DOMAIN = domain("sandyq/v1/share");
  static final byte[] SHARE_COMMITMENT_DOMAIN = domain("sandyq/v1/share-commitment");
  static final byte[] TRIAGE_AAD_DOMAIN = domain("sandyq/v1/triage");

  private EnvelopeFormat() {}

  /** A domain-separation string: its ASCII bytes followed by one 0x00. */
  private static byte[] domain(String name) {
    return (name + "\0").getBytes(StandardCharsets.US_ASCII);
  }

  static String checkCategory(String category) {
    if (category == null || !CATEGORY.matcher(category).matches()) {
      throw new IllegalArgumentException("a category is 1 to 64 characters a-z, 0-9 or '-'");
    }
    return category;
  }
}
