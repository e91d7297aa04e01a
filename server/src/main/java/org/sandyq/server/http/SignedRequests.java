package org.sandyq.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.httpsig.HttpSignatureException;
import org.sandyq.crypto.httpsig.RequestTarget;
import org.sandyq.crypto.httpsig.SignatureHeaders;
import org.sandyq.crypto.httpsig.SignedRequest;
import org.sandyq.crypto.httpsig.VerifiedRequest;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.policy.VerifiedPolicy;
import org.sandyq.server.Problem;
import org.sandyq.server.storage.Writer;
import org.sandyq.server.vault.PolicyInForce;

/**
 * RFC 9421 signed requests from roster lawyers and auditors (docs/server-api.md, "Signed
 * requests"): the signature and the {@code Content-Digest} must verify over the request as
 * received, {@code created} must be within {@value #WINDOW_SECONDS} s of the server's clock, the
 * key must be a lawyer or auditor of the policy in force, and the nonce must be new for that key.
 *
 * <p>Nonces are persisted through the writer (a restart does not reopen replay) with a coarse
 * bucket ({@code created / }{@value #WINDOW_SECONDS}) and deleted once their window has passed.
 */
public final class SignedRequests {
  public static final long WINDOW_SECONDS = 300;

  private final PolicyInForce policy;
  private final Writer writer;
  private final Clock clock;

  public SignedRequests(PolicyInForce policy, Writer writer, Clock clock) {
    this.policy = policy;
    this.writer = writer;
    this.clock = clock;
  }

  /** Verifies the request's signature over {@code body} (the bytes actually received). */
  public PublicIdentity verify(ServerRequest req, byte[] body) throws Problem {
    return verify(req, body, policy.current());
  }

  /** {@link #verify}, and the signer must be a lawyer of the policy in force (not an auditor). */
  public PublicIdentity verifyLawyer(ServerRequest req, byte[] body) throws Problem {
    VerifiedPolicy inForce = policy.current(); // one version for both checks
    PublicIdentity signer = verify(req, body, inForce);
    if (inForce.lawyer(signer.keyId()).isEmpty()) {
      throw new Problem(403, "not-on-roster", "Not on the roster", "key " + signer.keyId()
          + " is an auditor's; only lawyers of the policy in force may do this");
    }
    return signer;
  }

  private PublicIdentity verify(ServerRequest req, byte[] body, VerifiedPolicy policy) throws Problem {
    Optional<String> input = req.headers().first(HeaderNames.create(SignatureHeaders.SIGNATURE_INPUT));
    Optional<String> signature = req.headers().first(HeaderNames.create(SignatureHeaders.SIGNATURE));
    if (input.isEmpty() || signature.isEmpty()) {
      throw invalid("this request must be signed (Signature-Input, Signature and Content-Digest headers) by a roster"
          + " lawyer or auditor");
    }
    SignedRequest signed;
    try {
      signed = SignedRequest.parse(joined(req, SignatureHeaders.SIGNATURE_INPUT), joined(req, SignatureHeaders.SIGNATURE));
    } catch (HttpSignatureException e) {
      throw invalid(e.getMessage());
    }
    PublicIdentity signer = policy.lawyer(signed.keyId()).or(() -> policy.auditor(signed.keyId()))
        .orElseThrow(() -> new Problem(403, "not-on-roster", "Not on the roster",
            "key " + signed.keyId() + " is not a lawyer or auditor of the policy in force"));
    VerifiedRequest verified;
    try {
      RequestTarget target = new RequestTarget(req.prologue().method().text(), req.path().rawPath(),
          req.query().rawValue());
      verified = signed.verify(signer, target, contentDigest(req), Sha256.of(body));
    } catch (HttpSignatureException | IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
    long now = clock.instant().getEpochSecond();
    if (Math.abs(now - verified.created()) > WINDOW_SECONDS) {
      throw invalid("the signature's created time is more than " + WINDOW_SECONDS
          + " s from the server's clock: check your clock and sign again");
    }
    remember(verified, now);
    return signer;
  }

  private void remember(VerifiedRequest verified, long now) throws Problem {
    long bucket = verified.created() / WINDOW_SECONDS;
    long expired = (now - WINDOW_SECONDS) / WINDOW_SECONDS - 1;
    try {
      writer.submit(batch -> {
        try (PreparedStatement prune = batch.connection().prepareStatement("DELETE FROM nonces WHERE bucket < ?");
            PreparedStatement insert = batch.connection().prepareStatement(
                "INSERT INTO nonces (key_id, nonce, bucket) VALUES (?, ?, ?)")) {
          prune.setLong(1, expired);
          prune.executeUpdate();
          insert.setString(1, verified.keyId().hex());
          insert.setString(2, verified.nonce());
          insert.setLong(3, bucket);
          insert.executeUpdate();
        }
        return null;
      }).join();
    } catch (CompletionException e) {
      if (String.valueOf(Writer.cause(e).getMessage()).contains("constraint failed")) {
        throw invalid("this nonce was already used: every request needs a fresh nonce (a replayed request is refused)");
      }
      throw e;
    }
  }

  private static String contentDigest(ServerRequest req) {
    return req.headers().contains(HeaderNames.create("Content-Digest")) ? joined(req, "Content-Digest") : null;
  }

  /** Field lines of one header joined with ", " (RFC 9110 §5.3), as the signature covers them. */
  private static String joined(ServerRequest req, String name) {
    return String.join(", ", req.headers().get(HeaderNames.create(name)).allValues());
  }

  private static Problem invalid(String detail) {
    return new Problem(401, "signature-invalid", "Signature invalid", detail);
  }
}
