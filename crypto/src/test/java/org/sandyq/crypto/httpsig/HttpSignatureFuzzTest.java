package org.sandyq.crypto.httpsig;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.sandyq.crypto.httpsig.StructuredFields.InnerList;
import org.sandyq.crypto.httpsig.StructuredFields.Item;
import org.sandyq.crypto.httpsig.StructuredFields.Member;

/**
 * The headers of every signed lawyer request, read before anything else: RFC 8941 dictionaries,
 * the RFC 9421 {@code Signature-Input} and {@code Signature}, and {@code Content-Digest}. Hostile
 * header values (read as ISO-8859-1, as HTTP delivers them) give a value or
 * {@link HttpSignatureException}, never anything else.
 */
class HttpSignatureFuzzTest {
  private static String header(byte[] input) {
    return new String(input, StandardCharsets.ISO_8859_1);
  }

  /** A dictionary that parses serializes to a dictionary that parses to the same serialization. */
  @FuzzTest
  void structuredFields(byte[] input) {
    Map<String, Member> dict;
    try {
      dict = StructuredFields.parseDictionary(header(input), "Fuzz");
    } catch (HttpSignatureException e) {
      return;
    }
    String serialized = serialize(dict);
    try {
      assertEquals(serialized, serialize(StructuredFields.parseDictionary(serialized, "Fuzz")));
    } catch (HttpSignatureException e) {
      throw new AssertionError("the serialization of a parsed dictionary does not parse: " + serialized, e);
    }
  }

  /** {@code Signature-Input} up to the first line feed, {@code Signature} after it. */
  @FuzzTest
  void signatureInput(byte[] input) {
    String text = header(input);
    int nl = text.indexOf('\n');
    String signatureInput = nl < 0 ? text : text.substring(0, nl);
    String signature = nl < 0 ? null : text.substring(nl + 1);
    try {
      SignedRequest request = SignedRequest.parse(signatureInput, signature);
      request.keyId();
      request.created();
    } catch (HttpSignatureException e) {
      // refused
    }
  }

  @FuzzTest
  void contentDigest(byte[] input) {
    ContentDigest digest;
    try {
      digest = ContentDigest.parse(header(input));
    } catch (HttpSignatureException e) {
      return;
    }
    try {
      assertEquals(digest, ContentDigest.parse(digest.headerValue()));
    } catch (HttpSignatureException e) {
      throw new AssertionError("a parsed digest's own header value does not parse", e);
    }
  }

  private static String serialize(Map<String, Member> dict) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Member> e : dict.entrySet()) {
      if (!b.isEmpty()) {
        b.append(", ");
      }
      b.append(e.getKey());
      switch (e.getValue()) {
        case Item item -> {
          if (!Boolean.TRUE.equals(item.value())) {
            b.append('=').append(StructuredFields.serializeBareItem(item.value()));
          }
        }
        case InnerList list -> {
          b.append("=(");
          for (int i = 0; i < list.items().size(); i++) {
            Item item = list.items().get(i);
            b.append(i == 0 ? "" : " ").append(StructuredFields.serializeBareItem(item.value()))
                .append(StructuredFields.serializeParameters(item.parameters()));
          }
          b.append(')');
        }
      }
      b.append(StructuredFields.serializeParameters(e.getValue().parameters()));
    }
    return b.toString();
  }
}
