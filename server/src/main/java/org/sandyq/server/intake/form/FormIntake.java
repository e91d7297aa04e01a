package org.sandyq.server.intake.form;

import java.io.InputStream;
import org.sandyq.server.intake.Intake;
import org.sandyq.server.lawyer.Replies;
import org.sandyq.server.storage.Submissions;
import org.sandyq.server.vault.Vault;

/**
 * Sealed at intake: the source web page's submissions, follow-ups and status, for a browser that
 * cannot seal on its own. The form lives in memory only; its files are sanitized with the same
 * sanitizer and the tip sealed exactly as the command line seals it (the {@code tip} module), then
 * stored through the same intake path as a {@code POST /v1/submissions}. A live server therefore
 * sees these forms in plaintext: {@code threat-model.md}, "sealed at intake".
 *
 * <p>How a route uses it: {@code try (var slot = intake.admit()) { TipForm f = ...parse or
 * openSealed...; Accepted a = intake.submit(f); }} — {@link #admit()} first, before reading any of
 * the body, so a full server refuses at once ({@code busy}, 503) instead of buffering.
 */
public final class FormIntake {
  private final Vault vault;
  private final Intake intake;
  private final Submissions submissions;
  private final Replies replies;
  private final FormLimits limits;

  /** Constructed by {@code VaultServer}; {@code limits} is capped by the policy's intake limit. */
  public FormIntake(Vault vault, Intake intake, Submissions submissions, Replies replies, FormLimits limits) {
    this.vault = vault;
    this.intake = intake;
    this.submissions = submissions;
    this.replies = replies;
    this.limits = limits.cappedAt(vault.policy().intake().maxBytes());
  }

  /** A place among the forms being processed at once; close it when the answer is built. */
  public interface Slot extends AutoCloseable {
    @Override
    void close();
  }

  /** Takes a slot, or refuses at once with {@code busy} (503) when all are taken. */
  public Slot admit() throws FormRefused {
    throw new UnsupportedOperationException("coming next");
  }

  /** The limits in force (the default form limits, capped by the policy's intake limit). */
  public FormLimits limits() {
    return limits;
  }

  /** {@link FormParser#parse} within {@link #limits()}. */
  public TipForm parse(String contentType, InputStream body) throws FormRefused {
    return FormParser.parse(contentType, body, limits());
  }

  /**
   * A new submission: checks the category and answers, sanitizes the files in memory, draws the
   * receipt, seals and stores. The form's file bytes are zeroed when this returns, accepted or not.
   */
  public Accepted submit(TipForm form) throws FormRefused {
    throw new UnsupportedOperationException("coming next");
  }

  /** Evidence added to the submission whose receipt the form carries; file bytes zeroed on return. */
  public Accepted followup(TipForm form) throws FormRefused {
    throw new UnsupportedOperationException("coming next");
  }

  /** The state of the submission with this receipt and its replies, decrypted in memory. */
  public StatusView status(String receipt) throws FormRefused {
    throw new UnsupportedOperationException("coming next");
  }

  /**
   * The JS path: {@code body} is {@code enc (32 bytes) || ciphertext} (HPKE base mode, X25519,
   * HKDF-SHA256, AES-256-GCM, info {@code "sandyq intake form v1"}, empty AAD) of
   * {@code "sandyq-form/1\n" || content type || "\n" || multipart body}; decrypted in memory and
   * parsed with {@link FormParser}.
   *
   * @throws FormRefused {@code undecryptable} (400), or what {@link FormParser#parse} refuses
   */
  public TipForm openSealed(byte[] body, FormLimits limits) throws FormRefused {
    throw new UnsupportedOperationException("coming next");
  }

  /**
   * {@link #openSealed(byte[], FormLimits)} reading at most what the limits allow from
   * {@code body} ({@code too-large} beyond).
   */
  public TipForm openSealed(InputStream body) throws FormRefused {
    throw new UnsupportedOperationException("coming next");
  }
}
