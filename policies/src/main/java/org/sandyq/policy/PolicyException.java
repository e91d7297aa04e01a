package org.sandyq.policy;

/**
 * Anything wrong with a policy, a policy chain or a template. The message is one line that says
 * what is wrong and, where there is one, what to do about it; it is meant to be shown as is.
 */
public class PolicyException extends Exception {
  private static final long serialVersionUID = 1L;

  public PolicyException(String message) {
    super(message);
  }

  public PolicyException(String message, Throwable cause) {
    super(message, cause);
  }
}
