package org.sandyq.crypto.unseal;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.regex.Pattern;
import org.sandyq.crypto.envelope.SectionKind;
import org.sandyq.crypto.envelope.SubmissionId;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.KeyId;
import org.sandyq.crypto.json.CanonicalJson;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/** Strict readers and writers for the members of lawyer-protocol documents, every one bounded. */
final class Fields {
  private static final Pattern HEX16 = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern DAY = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  private static final Pattern POLICY = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private Fields() {}

  static byte[] random16() {
    return random(16);
  }

  static byte[] random(int length) {
    byte[] bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  static void checkHex16(String hex, String what) {
    if (hex == null || !HEX16.matcher(hex).matches()) {
      throw new IllegalArgumentException(what + " is 32 lowercase hex digits");
    }
  }

  private static String hex16(JsonFields f, String name) throws MalformedJsonException {
    String text = f.text(name);
    if (!HEX16.matcher(text).matches()) {
      throw new MalformedJsonException("\"" + name + "\" must be 32 lowercase hex digits");
    }
    return text;
  }

  static KeyId keyId(JsonFields f, String name) throws MalformedJsonException {
    return new KeyId(hex16(f, name));
  }

  static SubmissionId submission(JsonFields f, String name) throws MalformedJsonException {
    return new SubmissionId(hex16(f, name));
  }

  static RequestId request(JsonFields f, String name) throws MalformedJsonException {
    return new RequestId(hex16(f, name));
  }

  static ReplyId reply(JsonFields f, String name) throws MalformedJsonException {
    return new ReplyId(hex16(f, name));
  }

  /** {@code "sha256:<64 lowercase hex>"}, the one form a fingerprint takes inside a signed document. */
  static Sha256 policy(JsonFields f, String name) throws MalformedJsonException {
    String text = f.text(name);
    if (!POLICY.matcher(text).matches()) {
      throw new MalformedJsonException("\"" + name + "\" must be sha256: and 64 lowercase hex digits");
    }
    return Sha256.parse(text);
  }

  static String policy(Sha256 fingerprint) {
    return "sha256:" + fingerprint.hex();
  }

  /** 64 lowercase hex digits. */
  static Sha256 sha256(JsonFields f, String name) throws MalformedJsonException {
    String text = f.text(name);
    if (!text.matches("[0-9a-f]{64}")) {
      throw new MalformedJsonException("\"" + name + "\" must be 64 lowercase hex digits");
    }
    return Sha256.parse(text);
  }

  /** The two payload sections a request may name; the triage is never unsealed this way. */
  static SectionKind section(JsonFields f, String name) throws MalformedJsonException {
    String text = f.text(name);
    for (SectionKind kind : SectionKind.values()) {
      if (kind.isPayload() && kind.label().equals(text)) {
        return kind;
      }
    }
    throw new MalformedJsonException("\"" + name + "\" must be \"evidence\" or \"original\"");
  }

  static SectionKind checkSection(SectionKind kind) {
    if (kind == null || !kind.isPayload()) {
      throw new IllegalArgumentException("only the evidence or the original section is unsealed by request");
    }
    return kind;
  }

  /** A UTC day, exactly {@code YYYY-MM-DD} and a real date. */
  static LocalDate day(JsonFields f, String name) throws MalformedJsonException {
    String text = f.text(name);
    if (DAY.matcher(text).matches()) {
      try {
        return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
      } catch (DateTimeParseException e) {
        // fall through
      }
    }
    throw new MalformedJsonException("\"" + name + "\" must be a day, YYYY-MM-DD");
  }

  static String day(LocalDate day) {
    String text = day.format(DateTimeFormatter.ISO_LOCAL_DATE);
    if (!DAY.matcher(text).matches()) {
      throw new IllegalArgumentException("a day is between 0000-01-01 and 9999-12-31");
    }
    return text;
  }

  /** Standard padded base64 in its one canonical spelling, decoding to {@code min..max} bytes. */
  static byte[] base64(JsonFields f, String name, int min, int max) throws MalformedJsonException {
    String text = f.text(name);
    if (text.length() > (max + 2) / 3 * 4) {
      throw new MalformedJsonException("\"" + name + "\" is longer than " + max + " bytes");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new MalformedJsonException("\"" + name + "\" is not valid base64");
    }
    if (!base64(bytes).equals(text)) {
      throw new MalformedJsonException("\"" + name + "\" is not canonical padded base64");
    }
    if (bytes.length < min || bytes.length > max) {
      throw new MalformedJsonException("\"" + name + "\" must be " + (min == max ? min : min + " to " + max)
          + " bytes, is " + bytes.length);
    }
    return bytes;
  }

  /** The canonical bytes of a tree this package built (so it always has them). */
  static byte[] canonical(JsonNode node) {
    try {
      return CanonicalJson.encode(node);
    } catch (MalformedJsonException e) {
      throw new IllegalStateException("a document built here is canonical", e);
    }
  }

  static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  static JsonNode array(JsonFields f, String name, int min, int max) throws MalformedJsonException {
    JsonNode array = f.array(name);
    if (array.size() < min || array.size() > max) {
      throw new MalformedJsonException("\"" + name + "\" must have " + min + " to " + max + " entries");
    }
    return array;
  }

  /** Text as UTF-8, refusing lone surrogates (which would not survive a round trip). */
  static byte[] utf8(String text, int maxBytes, String what) {
    byte[] bytes;
    try {
      ByteBuffer buffer = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(text));
      bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(what + " is not valid Unicode text");
    }
    if (bytes.length == 0 || bytes.length > maxBytes) {
      throw new IllegalArgumentException(what + " must be 1 to " + maxBytes + " bytes of UTF-8, is " + bytes.length);
    }
    return bytes;
  }

  /** Decrypted text: strict UTF-8 within the limit, or the ciphertext is treated as invalid. */
  static String text(byte[] utf8, int maxBytes, String what) throws UnsealException {
    if (utf8.length == 0 || utf8.length > maxBytes) {
      throw UnsealException.invalid(what + " is " + utf8.length + " bytes, not 1 to " + maxBytes);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(utf8))
          .toString();
    } catch (CharacterCodingException e) {
      throw UnsealException.invalid(what + " is not valid UTF-8");
    }
  }
}
