package org.sandyq.cli;

import java.security.GeneralSecurityException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
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
      // by its typed reason, so every language says it whole (never the crypto's English appended)
      throw switch (e.reason()) {
        case LENGTH -> Words.error(e, "error.receipt-length", e.digits());
        case CHARACTER -> Words.error(e, "error.receipt-characters");
        case CHECK_DIGIT -> Words.error(e, "error.receipt-typo");
      };
    }
  }

  static ReceiptKeys derive(Receipt receipt, byte[] salt) throws GeneralSecurityException {
    return ReceiptKeys.derive(receipt, salt);
  }

  /**
   * The receipt's keys derived on a thread of their own (Argon2id, about half a second of one
   * core), so that the policy is verified and the files cleaned meanwhile on the other. A daemon:
   * a command that fails first does not wait for it.
   */
  static CompletableFuture<ReceiptKeys> deriveAside(Receipt receipt, byte[] salt) {
    CompletableFuture<ReceiptKeys> keys = new CompletableFuture<>();
    Thread.ofPlatform().daemon().name("sandyq-receipt").start(() -> {
      try {
        keys.complete(ReceiptKeys.derive(receipt, salt));
      } catch (Throwable e) {
        keys.completeExceptionally(e);
      }
    });
    return keys;
  }

  /** The keys {@link #deriveAside} derives, once they are there; its failure as it was thrown. */
  static ReceiptKeys await(Future<ReceiptKeys> keys) throws Exception {
    try {
      return keys.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** The receipt in a box, groups spaced out, so it is easy to copy by hand. */
  static String box(Receipt receipt) {
    String inner = "    " + String.join(" - ", receipt.formatted().split("-")) + "    ";
    String rule = "+" + "-".repeat(inner.length()) + "+";
    String blank = "|" + " ".repeat(inner.length()) + "|";
    return String.join("\n", "  " + rule, "  " + blank, "  |" + inner + "|", "  " + blank, "  " + rule);
  }

  /**
   * The receipt as one token a shell takes whole ({@code R=4821-0937-…}), beside the box whose spaced
   * groups are for copying by hand: pasted, it sets {@code $R} for the commands that follow.
   */
  static String pasteable(Receipt receipt) {
    return "  R=" + receipt.formatted();
  }

  /** The receipt under its title, with what a source must do with it, in plain words. */
  static String shown(Receipt receipt, Words words) {
    return words.get("receipt.title") + "\n" + box(receipt) + "\n" + pasteable(receipt) + "\n"
        + words.get("receipt.keep");
  }

  /** One line of facts under a result: a label (translated), aligned, then its value. */
  static String fact(Words words, String label, Object value) {
    String l = words.get("label." + label);
    return "  " + l + " ".repeat(Math.max(1, 12 - l.length())) + value;
  }
}
