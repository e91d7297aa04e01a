package org.sandyq.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.sandyq.api.ProblemType;
import org.sandyq.api.Routes;
import org.sandyq.api.body.Challenge;
import org.sandyq.api.body.Received;
import org.sandyq.cli.net.HttpProblem;
import org.sandyq.cli.net.UploadBody;
import org.sandyq.cli.net.UploadProgress;
import org.sandyq.cli.net.VaultHttp;
import org.sandyq.crypto.envelope.EnvelopeHeader;
import org.sandyq.crypto.envelope.MalformedEnvelopeException;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.pow.PowChallenge;
import org.sandyq.crypto.pow.PowSolution;
import org.sandyq.crypto.pow.ProofOfWork;
import org.sandyq.crypto.receipt.ReceiptKeys;
import org.sandyq.policy.Fingerprints;
import org.sandyq.policy.Policy;

/**
 * Sending a sealed envelope to the vault, for `submit` (a new tip) and `followup` (evidence linked
 * to one): a proof-of-work challenge is solved, then the file is streamed with the receipt's lookup
 * token and hashed as it goes (the log entry must record exactly what was sent; reading it a
 * second time just to hash it cost as much as sending it from a local disk).
 */
final class EnvelopeUpload {
  private final UploadBody file;
  private final EnvelopeHeader header;
  private final long size;
  /** The hex SHA-256 of what was sent, once it was. */
  private String sha256;
  /** The bar the upload moves, if not its own "Sending" one. */
  private UploadProgress bar;
  /** {@link #SENDING}, then {@link #WHOLE} (its last byte about to go) or {@link #STOPPED} (an interrupt said not sent). */
  private final AtomicInteger state = new AtomicInteger(SENDING);
  private static final int SENDING = 0;
  private static final int WHOLE = 1;
  private static final int STOPPED = 2;

  private EnvelopeUpload(UploadBody file, EnvelopeHeader header, long size) {
    this.file = file;
    this.header = header;
    this.size = size;
  }

  /** Reads the header of {@code file}, which must be sealed under {@code policy} (the one in force). */
  static EnvelopeUpload of(Path file, Policy policy) throws Exception {
    return of(UploadBody.of(file), policy);
  }

  /**
   * As above for a body that may still be being written (sealing in order while it is sent): its
   * header is read as soon as it is there.
   */
  static EnvelopeUpload of(UploadBody file, Policy policy) throws Exception {
    EnvelopeHeader header;
    try (InputStream in = file.open()) {
      header = EnvelopeHeader.read(in);
    } catch (MalformedEnvelopeException e) {
      throw new UserError(Failure.NOT_AN_ENVELOPE, file.name() + " is not a Sandyq envelope: " + e.getMessage());
    }
    if (!header.policyFingerprint().equals(policy.fingerprint())) {
      throw new UserError(Failure.STALE_ENVELOPE, file.name() + " was sealed under policy " + Fingerprints.format(header.policyFingerprint())
          + ", but the vault's policy is now " + Fingerprints.format(policy.fingerprint()) + "; seal it again");
    }
    return new EnvelopeUpload(file, header, file.length());
  }

  /** The hex SHA-256 of a file, read in constant memory. */
  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return Sha256.of(in).hex();
    }
  }

  /** Shows the upload on {@code bar} (shared with sealing) rather than on a bar of its own. */
  EnvelopeUpload shownOn(UploadProgress bar) {
    this.bar = bar;
    return this;
  }

  EnvelopeHeader header() {
    return header;
  }

  long size() {
    return size;
  }

  /**
   * Whether the last piece of the envelope has gone (or is going) to the connection: until then the
   * vault cannot have stored it (it stores only an envelope it received whole).
   */
  boolean wholeSent() {
    return state.get() == WHOLE;
  }

  /**
   * For an interrupt: stops the upload before its last piece unless that is already on its way,
   * and says which. False: it is stopped, the vault cannot have it (told "not sent", which stays
   * true: the sending thread, still running while the interrupt is handled, writes no more); true:
   * the vault may have it.
   */
  boolean stopUnlessWhole() {
    state.compareAndSet(SENDING, STOPPED);
    return state.get() == WHOLE;
  }

  /** How often the rest is sent after the connection broke, before the failure is told. */
  private static final int ATTEMPTS = 4;

  /**
   * POSTs the envelope to {@code path} with a solved challenge and the lookup token; the server's
   * answer ({@code Stored}). If the vault kept part of it from an earlier attempt (an upload cut
   * off, then `submit --envelope` again), or the connection breaks on the way, only the rest is
   * sent, from where the vault says it got to.
   */
  JsonNode send(VaultHttp http, Routes.Target path, ReceiptKeys keys, Io io, Output output) throws Exception {
    Optional<Long> kept = keptNow(http, keys);
    if (kept.isPresent()) {
      io.err().println("the vault kept " + kept.get() + " of this envelope's " + size
          + " bytes from an earlier attempt; sending the rest");
    }
    for (int attempt = 1; ; attempt++) {
      try {
        return kept.isPresent() ? sendRest(http, kept.get(), keys, io, output) : sendWhole(http, path, keys, io, output);
      } catch (RuntimeException e) {
        if (!brokeOff(e) || attempt == ATTEMPTS || file.broken()) {
          throw e;
        }
        // the vault that said the upload broke off has kept what it keeps already
        kept = e instanceof HttpProblem ? keptNow(http, keys) : kept(http, keys, attempt);
        if (kept.isPresent()) {
          io.err().println("the connection broke; sending the rest (" + (size - kept.get()) + " of " + size
              + " bytes) from where the vault got to");
        } else if (e instanceof HttpProblem) {
          // the vault said the upload broke off, so it stored nothing, and kept too little to resume
          io.err().println("the connection broke; sending it again");
        } else {
          throw e; // too little arrived to be kept, or it was stored and the answer lost: the caller says which to check
        }
      }
    }
  }

  /**
   * Whether the upload broke off on the way: the connection failed, or the vault says the body
   * stopped short (a link that ends the request stream can still carry the vault's answer back).
   */
  private static boolean brokeOff(RuntimeException e) {
    return VaultHttp.connectionFailed(e) || e instanceof HttpProblem p && p.is(ProblemType.UPLOAD_CUT_OFF);
  }

  private JsonNode sendWhole(VaultHttp http, Routes.Target path, ReceiptKeys keys, Io io, Output output)
      throws Exception {
    try {
      return sendOnce(http, path, keys, io, output);
    } catch (HttpProblem p) {
      // the intake got busier while we solved: the server asks for a proof of the new difficulty (once is enough)
      if (p.is(ProblemType.PROOF_OF_WORK_STALE)) {
        return sendOnce(http, path, keys, io, output);
      }
      throw p;
    }
  }

  /** The vault keeps a cut-off upload from this much on (docs/server-api.md, "Resuming an upload"). */
  private static final long KEPT_FROM = 1 << 20;

  /** How long after a break a vault may take to notice it and keep what arrived, asked once a second. */
  private static final int NOTICED_WITHIN_SECONDS = 10;

  /**
   * What the vault kept of this envelope from an upload that was cut off, asked after a pause
   * that grows with {@code attempt} (the vault notices a broken connection when its read fails).
   * After a break, an envelope large enough to be kept is asked about once a second for a while:
   * a vault still reading the broken upload answers that it keeps nothing, for now.
   */
  private Optional<Long> kept(VaultHttp http, ReceiptKeys keys, int attempt) throws InterruptedException {
    Thread.sleep(1000L * attempt);
    Optional<Long> kept = keptNow(http, keys);
    for (int waited = 0; kept.isEmpty() && size >= KEPT_FROM && waited < NOTICED_WITHIN_SECONDS; waited++) {
      Thread.sleep(1000L);
      kept = keptNow(http, keys);
    }
    return kept;
  }

  private Optional<Long> keptNow(VaultHttp http, ReceiptKeys keys) {
    try {
      Received r = http.get(Routes.UPLOAD_RECEIVED.target(header.submissionId().hex()),
          Map.of("Sandyq-Lookup", keys.lookup().base64()), Received::fromJson);
      if (!r.submissionId().equals(header.submissionId().hex()) || r.receivedBytes() < 0 || r.receivedBytes() > size) {
        throw new UserError(Failure.BAD_ANSWER, "the vault's answer about what it kept of this envelope is inconsistent");
      }
      return Optional.of(r.receivedBytes());
    } catch (HttpProblem p) {
      if (p.is(ProblemType.UNKNOWN_UPLOAD) || p.is(ProblemType.NOT_FOUND)) {
        return Optional.empty(); // nothing kept (or a vault from before resuming)
      }
      throw p;
    }
  }

  /** The rest of the envelope, from byte {@code from}, to finish an upload the vault kept. */
  private JsonNode sendRest(VaultHttp http, long from, ReceiptKeys keys, Io io, Output output) throws Exception {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Sandyq-Lookup", keys.lookup().base64());
    headers.put("Sandyq-Offset", Long.toString(from));
    return send(http, Routes.UPLOAD_RESUME.target(header.submissionId().hex()), from, headers, io, output);
  }

  private JsonNode sendOnce(VaultHttp http, Routes.Target path, ReceiptKeys keys, Io io, Output output) throws Exception {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Sandyq-Pow", solveChallenge(http));
    headers.put("Sandyq-Lookup", keys.lookup().base64());
    return send(http, path, 0, headers, io, output);
  }

  private JsonNode send(VaultHttp http, Routes.Target path, long from, Map<String, String> headers, Io io,
      Output output) throws Exception {
    MessageDigest digest = Sha256.newDigest();
    UploadProgress shown = bar != null ? bar : ProgressBar.forUpload(io, output, "Sending");
    if (from >= size) {
      state.compareAndSet(SENDING, WHOLE); // nothing left to send: the vault may complete it
    }
    UploadProgress watched = new UploadProgress() {
      @Override
      public boolean mayWrite(long upTo, long total) {
        if (upTo >= total) { // the last piece: from now on the vault may have it all
          return state.compareAndSet(SENDING, WHOLE) || state.get() == WHOLE;
        }
        return state.get() != STOPPED;
      }

      @Override
      public void advance(long sent, long total) {
        shown.advance(sent, total);
      }

      @Override
      public void done() {
        shown.done();
      }
    };
    JsonNode answer = http.upload(path, file, from, VaultHttp.ENVELOPE, headers, watched, digest,
        VaultHttp.TREE); // read by the caller, which still shows the receipt if the answer is wrong
    sha256 = HexFormat.of().formatHex(digest.digest());
    return answer;
  }

  /** Whether a log entry records exactly this envelope: its id, category, policy, size and hash. */
  boolean recordedAs(String submission, String category, String policy, long size, String envelopeSha256) {
    return submission.equals(header.submissionId().hex()) && category.equals(header.category())
        && policy.equals(Fingerprints.format(header.policyFingerprint())) && size == this.size
        && envelopeSha256.equals(Objects.requireNonNull(sha256, "not sent yet"));
  }

  /** Gets a proof-of-work challenge and solves it: the {@code Sandyq-Pow} header value. */
  private static String solveChallenge(VaultHttp http) {
    Challenge c = http.get(Routes.INTAKE_CHALLENGE.target(), Challenge::fromJson);
    try {
      String token = c.challenge();
      int bits = c.bits();
      if (bits > PowChallenge.MAX_BITS) {
        throw new IllegalArgumentException("\"bits\" is " + bits + ", at most " + PowChallenge.MAX_BITS);
      }
      byte[] bytes = Base64.getUrlDecoder().decode(token);
      PowSolution solution = ProofOfWork.solve(PowChallenge.of(bytes, bits));
      return token + ":" + solution.text();
    } catch (IllegalArgumentException e) {
      throw new UserError(Failure.BAD_ANSWER, "the server's proof-of-work challenge is malformed: " + e.getMessage());
    }
  }
}
