package org.sandyq.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;
import org.sandyq.api.ProblemType;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.httpsig.HttpSignatureException;
import org.sandyq.crypto.httpsig.RequestTarget;
import org.sandyq.crypto.httpsig.SignatureHeaders;
import org.sandyq.crypto.httpsig.SignedRequest;
import org.sandyq.crypto.httpsig.VerifiedHeaders;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.policy.VerifiedPolicy;
import org.sandyq.server.PacedBodies;
import org.sandyq.server.Problem;
import org.sandyq.server.storage.Constraint;
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

  /**
   * A request whose signature headers verified (signer on the roster in force, {@code created}
   * fresh, nonce new, {@code Content-Digest} covered) before a byte of its body was read; the body
   * is then read by {@link #body} within a route's maximum and checked against the signed digest.
   */
  public static final class Admitted {
    private final PublicIdentity signer;
    private final VerifiedHeaders headers;

    private Admitted(PublicIdentity signer, VerifiedHeaders headers) {
      this.signer = signer;
      this.headers = headers;
    }

    public PublicIdentity signer() {
      return signer;
    }

    /** The body, paced, at most {@code max} bytes (413 beyond, refused on its declared length first), matching its digest. */
    public byte[] body(ServerRequest req, int max, UnaryOperator<InputStream> pace) throws Problem, IOException {
      OptionalLong declared = req.headers().contentLength();
      if (declared.isPresent() && declared.getAsLong() > max) {
        throw tooLarge(max);
      }
      if (max == 0 && declared.isEmpty() && !req.content().hasEntity()) {
        return checked(new byte[0]);
      }
      byte[] body;
      try (InputStream in = pace.apply(req.content().inputStream())) {
        body = in.readNBytes(max + 1);
      } catch (PacedBodies.TooSlow e) {
        throw new Problem(ProblemType.TOO_SLOW, e.getMessage());
      }
      if (body.length > max) {
        throw tooLarge(max);
      }
      return checked(body);
    }

    /** {@code body} (bytes already received) must match the signed digest. */
    byte[] checked(byte[] body) throws Problem {
      try {
        headers.body(Sha256.of(body));
      } catch (HttpSignatureException e) {
        throw invalid(e.getMessage());
      }
      return body;
    }

    private static Problem tooLarge(int max) {
      return new Problem(ProblemType.TOO_LARGE, "this request's body is at most " + max + " bytes");
    }
  }

  /** Verifies the request's signature over {@code body} (the bytes actually received). */
  public PublicIdentity verify(ServerRequest req, byte[] body) throws Problem {
    Admitted a = admit(req, policy.current());
    a.checked(body);
    return a.signer;
  }

  /** The signature headers of a lawyer's or auditor's request, checked before its body is read. */
  public Admitted admit(ServerRequest req) throws Problem {
    return admit(req, policy.current());
  }

  /** {@link #admit}, and the signer must be a lawyer of the policy in force (not an auditor). */
  public Admitted admitLawyer(ServerRequest req) throws Problem {
    VerifiedPolicy inForce = policy.current(); // one version for both checks
    Admitted a = admit(req, inForce);
    if (inForce.lawyer(a.signer.keyId()).isEmpty()) {
      throw new Problem(ProblemType.NOT_ON_ROSTER, "key " + a.signer.keyId()
          + " is an auditor's; only lawyers of the policy in force may do this");
    }
    return a;
  }

  /** {@link #verify}, and the signer must be a lawyer of the policy in force (not an auditor). */
  public PublicIdentity verifyLawyer(ServerRequest req, byte[] body) throws Problem {
    Admitted a = admitLawyer(req);
    a.checked(body);
    return a.signer;
  }

  private Admitted admit(ServerRequest req, VerifiedPolicy policy) throws Problem {
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
        .orElseThrow(() -> new Problem(ProblemType.NOT_ON_ROSTER, "key " + signed.keyId() + " is not a lawyer or auditor of the policy in force"));
    long now = clock.instant().getEpochSecond();
    if (Math.abs(now - signed.created()) > WINDOW_SECONDS) { // cheap, before the signature check
      throw invalid("the signature's created time is more than " + WINDOW_SECONDS
          + " s from the server's clock: check your clock and sign again");
    }
    VerifiedHeaders verified;
    try {
      RequestTarget target = new RequestTarget(req.prologue().method().text(), req.path().rawPath(),
          req.query().rawValue());
      verified = signed.verifyHeaders(signer, target, contentDigest(req));
    } catch (HttpSignatureException | IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
    remember(verified.keyId().hex(), verified.nonce(), verified.created());
    return new Admitted(signer, verified);
  }

  private void remember(String keyId, String nonce, long created) throws Problem {
    long bucket = created / WINDOW_SECONDS;
    long expired = expiredBelow(clock.instant().getEpochSecond());
    try {
      writer.submit(batch -> {
        try (PreparedStatement prune = batch.connection().prepareStatement("DELETE FROM nonces WHERE bucket < ?");
            PreparedStatement insert = batch.connection().prepareStatement(
                "INSERT INTO nonces (key_id, nonce, bucket) VALUES (?, ?, ?)")) {
          prune.setLong(1, expired);
          prune.executeUpdate();
          insert.setString(1, keyId);
          insert.setString(2, nonce);
          insert.setLong(3, bucket);
          insert.executeUpdate();
        }
        return null;
      }).join();
    } catch (CompletionException e) {
      if (Constraint.isDuplicate(Writer.cause(e), "nonces.key_id, nonces.nonce")) {
        throw invalid("this nonce was already used: every request needs a fresh nonce (a replayed request is refused)");
      }
      throw e;
    }
  }

  /** Buckets below this one hold only nonces whose window has passed (a replay of them is refused as stale). */
  private static long expiredBelow(long now) {
    return (now - WINDOW_SECONDS) / WINDOW_SECONDS - 1;
  }

  /**
   * Deletes the nonces whose window has passed; {@code VaultServer} runs it every window, so a
   * quiet vault does not keep a record of when lawyers last signed.
   */
  public void prune() {
    long expired = expiredBelow(clock.instant().getEpochSecond());
    writer.submit(batch -> {
      try (PreparedStatement prune = batch.connection().prepareStatement("DELETE FROM nonces WHERE bucket < ?")) {
        prune.setLong(1, expired);
        prune.executeUpdate();
      }
      return null;
    }).join();
  }

  private static String contentDigest(ServerRequest req) {
    return req.headers().contains(HeaderNames.create("Content-Digest")) ? joined(req, "Content-Digest") : null;
  }

  /** Field lines of one header joined with ", " (RFC 9110 §5.3), as the signature covers them. */
  private static String joined(ServerRequest req, String name) {
    return String.join(", ", req.headers().get(HeaderNames.create(name)).allValues());
  }

  private static Problem invalid(String detail) {
    return new Problem(ProblemType.SIGNATURE_INVALID, detail);
  }
}
