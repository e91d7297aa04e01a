package org.sandyq.crypto.receipt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/** A receipt as a source types or pastes it: a receipt or {@link MalformedReceiptException}, and a receipt reads back as itself. */
class ReceiptFuzzTest {
  @FuzzTest
  void parse(byte[] input) throws MalformedReceiptException {
    Receipt receipt;
    try {
      receipt = Receipt.parse(new String(input, StandardCharsets.UTF_8));
    } catch (MalformedReceiptException e) {
      return;
    }
    assertEquals(receipt.formatted(), Receipt.parse(receipt.formatted()).formatted());
  }
}
