package org.sandyq.crypto.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The strict JSON reader under every policy, signed document, log entry and identity: hostile bytes
 * give a tree or {@link MalformedJsonException}. A tree that has a canonical form (RFC 8785) reads
 * back to the same tree, and its canonical form is stable.
 */
class JsonFuzzTest {
  @FuzzTest
  void parse(byte[] input) {
    JsonNode node;
    try {
      node = Json.parse(input);
    } catch (MalformedJsonException e) {
      return;
    }
    byte[] canonical;
    try {
      canonical = CanonicalJson.encode(node);
    } catch (MalformedJsonException e) {
      return; // no canonical form (a number JCS cannot write): refused, not a crash
    }
    JsonNode again;
    try {
      again = Json.parse(canonical);
      assertArrayEquals(canonical, CanonicalJson.encode(again), "the canonical form is stable");
    } catch (MalformedJsonException e) {
      throw new AssertionError("the canonical form of a parsed document does not parse: " + e.getMessage(), e);
    }
    assertEquals(again.size(), node.size());
  }
}
