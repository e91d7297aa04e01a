package org.sandyq.crypto.receipt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class ReceiptTest {
  private static final String SAMPLE = "48210937551288432217"; // check digit 7

  @Test
  void dammMatchesThePublishedExample() {
    assertEquals(4, Damm.checkDigit("572")); // Damm's worked example: 572 -> 5724
    assertTrue(Damm.valid("5724"));
    assertTrue(Damm.valid(SAMPLE));
  }

  @Test
  void everySingleDigitSubstitutionIsCaught() {
    for (int i = 0; i < SAMPLE.length(); i++) {
      for (char d = '0'; d <= '9'; d++) {
        if (d == SAMPLE.charAt(i)) {
          continue;
        }
        String typo = SAMPLE.substring(0, i) + d + SAMPLE.substring(i + 1);
        MalformedReceiptException e = assertThrows(MalformedReceiptException.class, () -> Receipt.parse(typo), typo);
        assertTrue(e.getMessage().startsWith("receipt has a typo (check digit)"), e.getMessage());
      }
    }
  }

  @Test
  void everyAdjacentTranspositionIsCaught() {
    int transpositions = 0;
    for (int i = 0; i + 1 < SAMPLE.length(); i++) {
      if (SAMPLE.charAt(i) == SAMPLE.charAt(i + 1)) {
        continue;
      }
      String swapped = SAMPLE.substring(0, i) + SAMPLE.charAt(i + 1) + SAMPLE.charAt(i) + SAMPLE.substring(i + 2);
      assertThrows(MalformedReceiptException.class, () -> Receipt.parse(swapped), swapped);
      transpositions++;
    }
    assertTrue(transpositions >= 15);
    // And for random receipts, not just the sample.
    SecureRandom random = new SecureRandom();
    for (int n = 0; n < 200; n++) {
      String r = Receipt.generate(random).formatted().replace("-", "");
      for (int i = 0; i + 1 < r.length(); i++) {
        if (r.charAt(i) != r.charAt(i + 1)) {
          assertFalse(Damm.valid(r.substring(0, i) + r.charAt(i + 1) + r.charAt(i) + r.substring(i + 2)));
        }
      }
    }
  }

  @Test
  void generatedReceiptsAreWellFormedAndDistinct() throws Exception {
    Receipt a = Receipt.generate();
    Receipt b = Receipt.generate();
    assertTrue(a.formatted().matches("\\d{4}(-\\d{4}){4}"), a.formatted());
    assertEquals(a, Receipt.parse(a.formatted()));
    assertNotEquals(a, b);
    assertFalse(a.toString().matches(".*\\d.*"), "toString must not reveal digits");
  }

  @Test
  void parsingIsLenientAboutSeparatorsAndScripts() throws Exception {
    Receipt r = Receipt.parse(SAMPLE);
    assertEquals("4821-0937-5512-8843-2217", r.formatted());
    assertEquals(r, Receipt.parse("4821-0937-5512-8843-2217"));
    assertEquals(r, Receipt.parse(" 4821 0937 5512 8843 2217\n"));
    assertEquals(r, Receipt.parse("4821.0937.5512.8843.2217"));
    assertEquals(r, Receipt.parse("4821\u20130937\u00a05512_8843/2217"));
    assertEquals(r, Receipt.parse("٤٨٢١-٠٩٣٧-٥٥١٢-٨٨٤٣-٢٢١٧")); // Arabic-Indic
    assertEquals(r, Receipt.parse("۴۸۲۱ ۰۹۳۷ ۵۵۱۲ ۸۸۴۳ ۲۲۱۷")); // Persian (Extended Arabic-Indic)
    assertEquals(r, Receipt.parse("４８２１０９３７５５１２８８４３２２１７")); // full-width
  }

  @Test
  void wrongShapesAreRefusedClearly() {
    assertMessage("this has 19", "4821-0937-5512-8843-221");
    assertMessage("this has more", "4821-0937-5512-8843-22170");
    assertMessage("found 'O'", "4821-O937-5512-8843-2217");
    assertMessage("found U+2164", "4821-0937-5512-8843-2217\u2164");
    assertMessage("this has 0", "");
    assertMessage("no receipt", null);
  }

  private static void assertMessage(String expected, String input) {
    MalformedReceiptException e = assertThrows(MalformedReceiptException.class, () -> Receipt.parse(input));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void lookupTokenBase64IsStrict() {
    LookupToken t = LookupToken.fromBytes(new byte[32]);
    assertEquals(t, LookupToken.parseBase64(t.base64()));
    assertThrows(IllegalArgumentException.class, () -> LookupToken.parseBase64("AAAA"));
    assertThrows(IllegalArgumentException.class, () -> LookupToken.parseBase64(t.base64().replace('=', 'A')));
    assertThrows(IllegalArgumentException.class, () -> LookupToken.parseBase64(null));
    assertThrows(IllegalArgumentException.class, () -> LookupToken.parseBase64("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB=")); // non-canonical
    assertThrows(IllegalArgumentException.class, () -> LookupToken.fromBytes(new byte[31]));
  }
}
