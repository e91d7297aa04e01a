package org.sandyq.crypto.unseal;

import java.time.LocalDate;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * What the three verified documents of the lawyer protocol have in common: the signed document
 * they were read from (its wire form and its hash) and the UTC day it was made.
 */
public abstract sealed class ProtocolDocument permits UnsealRequest, Approval, Reply {
  private final SignedDocument document;
  private final LocalDate day;

  ProtocolDocument(SignedDocument document) throws UnsealException {
    this.document = document;
    try {
      this.day = Fields.day(document.body(), "day");
    } catch (MalformedJsonException e) {
      throw new UnsealException(UnsealException.Reason.INVALID_DOCUMENT, document.signer(),
          document.type().label() + ": " + e.getMessage());
    }
  }

  /** The signed document: {@link SignedDocument#toJson} for log entries, {@link SignedDocument#encode} for HTTP. */
  public SignedDocument document() {
    return document;
  }

  /**
   * SHA-256(JCS(body)): an approval's {@code request_sha256}, the approval hashes of an
   * {@code unseal-opened} log entry, a reply entry's {@code reply_sha256}.
   */
  public Sha256 sha256() {
    return document.sha256();
  }

  /** The UTC day the document was made (for a server: it must be today). */
  public LocalDate day() {
    return day;
  }
}
