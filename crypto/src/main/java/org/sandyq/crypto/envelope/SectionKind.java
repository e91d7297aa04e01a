package org.sandyq.crypto.envelope;

import java.util.Locale;

/** The three sections of an envelope, each under its own key and its own k-of-n split. */
public enum SectionKind {
  /** Category, region, dates, summary, language: what a lawyer needs to decide what to do next. */
  TRIAGE(1),
  /** The sanitized files, the text and the answers. */
  EVIDENCE(2),
  /** Optional: the original files with their metadata, for court, only if the source opted in. */
  ORIGINAL(3);

  private final int code;

  SectionKind(int code) {
    this.code = code;
  }

  /** The byte that names this kind in the header, the HPKE info and the share commitment. */
  public int code() {
    return code;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isPayload() {
    return this != TRIAGE;
  }

  static SectionKind fromCode(int code) throws MalformedEnvelopeException {
    for (SectionKind kind : values()) {
      if (kind.code == code) {
        return kind;
      }
    }
    throw new MalformedEnvelopeException("unknown section kind " + code);
  }
}
