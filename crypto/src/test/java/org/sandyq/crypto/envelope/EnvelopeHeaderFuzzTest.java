package org.sandyq.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * The envelope header is the first thing the server reads of an upload, before any key is at hand:
 * hostile bytes must give a header or {@link MalformedEnvelopeException}, never anything else.
 * {@code mvn verify} replays {@code src/test/resources/.../EnvelopeHeaderFuzzTestInputs/<method>/};
 * {@code bench/fuzz.sh} fuzzes them.
 */
class EnvelopeHeaderFuzzTest {
  /** {@link EnvelopeHeader#parse}: exactly the prefix and header; a parsed header encodes to its input. */
  @FuzzTest
  void parse(byte[] input) throws IOException, MalformedEnvelopeException {
    EnvelopeHeader header;
    try {
      header = EnvelopeHeader.parse(input);
    } catch (MalformedEnvelopeException e) {
      return;
    }
    assertArrayEquals(input, header.encoded());
    assertEquals(input.length, header.length());
    EnvelopeHeader again = EnvelopeHeader.read(new ByteArrayInputStream(input));
    assertArrayEquals(input, again.encoded());
  }

  /** {@link EnvelopeHeader#read}: a stream with payload bytes after the header, as an upload is. */
  @FuzzTest
  void read(byte[] input) throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(input);
    EnvelopeHeader header;
    try {
      header = EnvelopeHeader.read(in);
    } catch (MalformedEnvelopeException e) {
      return;
    }
    byte[] encoded = header.encoded();
    assertEquals(input.length - encoded.length, in.available(), "read stops right after the header");
    assertArrayEquals(java.util.Arrays.copyOf(input, encoded.length), encoded);
    try {
      assertArrayEquals(encoded, EnvelopeHeader.parse(encoded).encoded());
    } catch (MalformedEnvelopeException e) {
      throw new AssertionError("read accepted a header that parse refuses: " + e.getMessage(), e);
    }
  }
}
