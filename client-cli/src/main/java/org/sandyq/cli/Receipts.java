package org.sandyq.cli;

import java.security.GeneralSecurityException;
import org.sandyq.crypto.receipt.MalformedReceiptException;
import org.sandyq.crypto.receipt.Receipt;
import org.sandyq.crypto.receipt.ReceiptKeys;

/** Reading, deriving and showing receipts on the command line. */
final class Receipts {
  private Receipts() {}

  /** Checks what the source typed (Damm check digit) before anything is derived or sent. */
  static Receipt parse(String typed) {
    try {
      return Receipt.parse(typed);
    } catch (MalformedReceiptException e) {
      throw new UserError("--receipt: " + e.getMessage());
    }
  }

  static ReceiptKeys derive(Receipt receipt, byte[] salt) throws GeneralSecurityException {
    return ReceiptKeys.derive(receipt, salt);
  }

  /** The receipt in a box, groups spaced out, so it is easy to copy by hand. */
  static String box(Receipt receipt) {
    String inner = "    " + String.join(" - ", receipt.formatted().split("-")) + "    ";
    String rule = "+" + "-".repeat(inner.length()) + "+";
    String blank = "|" + " ".repeat(inner.length()) + "|";
    return String.join("\n", "  " + rule, "  " + blank, "  |" + inner + "|", "  " + blank, "  " + rule);
  }

  /** What a source must do with the receipt, in plain words. */
  static final String KEEP_SAFE = String.join("\n",
      "Write this receipt down and keep it safe and private. It is the only way to read replies",
      "and add evidence, and anyone who has it can do the same. It cannot be recovered.");
}
