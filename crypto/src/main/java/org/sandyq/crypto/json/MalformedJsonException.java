package org.sandyq.crypto.json;

/** A JSON document that cannot be read, or that breaks the rules of the format reading it. */
public class MalformedJsonException extends Exception {
  private static final long serialVersionUID = 1L;

  public MalformedJsonException(String message) {
    super(message);
  }
}
