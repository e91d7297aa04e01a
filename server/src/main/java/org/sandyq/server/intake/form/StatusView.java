package org.sandyq.server.intake.form;

import java.util.List;

/**
 * What the status page shows a source who typed their receipt.
 *
 * @param state {@code received} or {@code held}
 * @param category the category id
 * @param day the UTC day it was received ({@code YYYY-MM-DD})
 * @param replies the lawyers' replies, decrypted in memory with the receipt's reply key, oldest first
 * @param followups how many follow-ups the source added
 */
public record StatusView(String state, String category, String day, List<Reply> replies, int followups) {
  public StatusView {
    replies = List.copyOf(replies);
  }

  /** One reply: the UTC day it was written and its text. */
  public record Reply(String day, String text) {}
}
