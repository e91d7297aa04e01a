package org.sandyq.policy;

import java.util.Locale;

/** What kind of answer a questionnaire question takes; clients pick the input field from it. */
public enum QuestionKind {
  /** Free text, one line. */
  TEXT,
  /** A whole number (months, people, children). */
  NUMBER,
  /** A calendar day (ISO 8601 {@code YYYY-MM-DD}; a client may offer month-only precision). */
  DATE;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static QuestionKind parse(String label) {
    for (QuestionKind k : values()) {
      if (k.label().equals(label)) {
        return k;
      }
    }
    return null;
  }
}
