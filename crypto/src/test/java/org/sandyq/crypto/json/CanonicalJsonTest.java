package org.sandyq.crypto.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
  private static String canon(String json) throws Exception {
    return new String(CanonicalJson.encode(Json.parse(json)), StandardCharsets.UTF_8);
  }

  @Test
  void sortsMembersByUtf16CodeUnitsAndDropsWhitespace() throws Exception {
    // RFC 8785 §3.2.3 sorting example: keys compare as UTF-16 code units, not code points.
    String input = "{\"\\u20ac\": 1, \"\\r\": 2, \"\\ud83d\\ude00\": 3, \"1\": 4, \"\\u0080\": 5, \"\\u00f6\": 6, \"\\ufb33\": 7}";
    assertEquals("{\"\\r\":2,\"1\":4,\"\u0080\":5,\"\u00f6\":6,\"\u20ac\":1,\"\ud83d\ude00\":3,\"\ufb33\":7}", canon(input));
  }

  @Test
  void escapesLikeJsonStringify() throws Exception {
    assertEquals("[\"\\u0000\\b\\t\\n\\f\\r\\u001f\\\"\\\\/\u2028é\"]",
        canon("[\"\\u0000\\b\\t\\n\\f\\r\\u001f\\\"\\\\\\/\\u2028\\u00e9\"]"));
  }

  @Test
  void keyOrderDoesNotChangeTheBytes() throws Exception {
    assertEquals(canon("{\"b\":[1,{\"y\":true,\"x\":null}],\"a\":\"s\"}"),
        canon("{ \"a\" : \"s\", \"b\" : [ 1, { \"x\": null, \"y\": true } ] }"));
  }

  @Test
  void refusesWhatCouldBeAmbiguous() {
    assertThrows(MalformedJsonException.class, () -> canon("{\"n\": 1.5}"));
    assertThrows(MalformedJsonException.class, () -> canon("{\"n\": 9007199254740992}"));
    assertThrows(MalformedJsonException.class, () -> canon("[\"\\ud800\"]"));
    assertThrows(MalformedJsonException.class, () -> Json.parse("{\"a\":1,\"a\":2}"));
    assertThrows(MalformedJsonException.class, () -> Json.parse("{\"a\":1} {}"));
    assertThrows(MalformedJsonException.class, () -> Json.parse("[".repeat(100) + "]".repeat(100)));
    assertThrows(MalformedJsonException.class, () -> Json.parse(""));
  }

  @Test
  void integralDecimalsAreWrittenAsIntegers() throws Exception {
    assertEquals("[1,-3,0]", canon("[1.0, -3, 0]"));
  }
}
