package org.sandyq.server.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.sandyq.api.ProblemType;
import org.sandyq.crypto.envelope.EnvelopeHeader;
import org.sandyq.crypto.envelope.MalformedEnvelopeException;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.receipt.LookupToken;
import org.sandyq.policy.Fingerprints;
import org.sandyq.server.PacedBodies;
import org.sandyq.server.Problem;
import org.sandyq.server.ServerLimits;
import org.sandyq.server.log.LogEvents;
import org.sandyq.server.log.TransparencyLog;
import org.sandyq.server.storage.BlobStore;
import org.sandyq.server.storage.Submissions;
import org.sandyq.server.storage.Writer;
import org.sandyq.server.vault.PolicyInForce;

/**
 * {@code POST /v1/submissions}: takes an envelope from a stream in constant memory and stores it
 * durably, or refuses it and keeps nothing.
 *
 * <ol>
 *   <li>proof of work (428/403) and the lookup token (400);
 *   <li>a declared length over the policy's {@code intake.max_bytes}: 413 before reading a byte;
 *   <li>the header (at most 1 MiB, parsed by {@code EnvelopeHeader.read}): 400 if malformed, 413 if
 *       the envelope it declares is too large, 422 if not sealed for this vault's policy in force,
 *       409 if the submission id or the lookup token is taken;
 *   <li>the rest streamed to a file in {@code tmp/} while hashing; exactly the declared length or
 *       400 (truncated, or extra bytes);
 *   <li>the file synced and renamed into {@code blobs/}; the row and its log entry committed by
 *       the writer; only then the answer.
 * </ol>
 */
public final class Intake {
  /** Per upload; a small tip gets a buffer of its own size. */
  private static final int BUFFER = 1 << 20;
  /** Envelopes larger than this are checked for a taken id or receipt before they stream. */
  private static final long EARLY_DUPLICATE_CHECK = 1 << 20;

  private final PolicyInForce policy;
  private final BlobStore blobs;
  private final Submissions submissions;
  private final Writer writer;
  private final TransparencyLog log;
  private final Clock clock;
  private final PowChallenges pow;
  /** Ids being stored: by an upload in progress, or by one kept for resuming. */
  private final Set<String> reserved = ConcurrentHashMap.newKeySet();
  private final ParkedUploads parked;
  private final long parkedFrom;

  public Intake(PolicyInForce policy, BlobStore blobs, Submissions submissions, Writer writer, TransparencyLog log,
      Clock clock, java.util.OptionalInt fixedPowBits, ServerLimits limits) {
    this.policy = policy;
    this.blobs = blobs;
    this.submissions = submissions;
    this.writer = writer;
    this.log = log;
    this.clock = clock;
    this.pow = new PowChallenges(clock, () -> policy.current().intake().powBits(), fixedPowBits);
    this.parked = new ParkedUploads(limits.parkedUploads(), limits.parkedBytes(), limits.parkedFor(), System::nanoTime,
        reserved::remove);
    this.parkedFrom = limits.parkedFrom();
  }

  /** Deletes the uploads kept for resuming (the server is stopping; a restart forgets them anyway). */
  public void close() {
    parked.clear();
  }

  public PowChallenges challenges() {
    return pow;
  }

  /** The policy in force's {@code intake.max_bytes}. */
  public long maxBytes() {
    return policy.current().intake().maxBytes();
  }

  /** What the 201 answer says; {@code parent} is null unless this is a follow-up. */
  public record Stored(String submissionId, String receivedDay, String parent, TransparencyLog.Inclusion log) {}

  /** {@code POST /v1/submissions}: a new submission, found later by its own lookup token. */
  public Stored submit(String powHeader, String lookupHeader, OptionalLong declaredLength, InputStream request)
      throws Problem, IOException {
    return submit(null, powHeader, lookupHeader, declaredLength, request);
  }

  /**
   * {@code POST /v1/submissions/{parent}/followups}: the same intake, for a source who proves with
   * the parent's lookup token that the submission is theirs. The follow-up gets no lookup of its
   * own (the source reaches it through the parent) and is logged as a {@code followup} event.
   */
  public Stored followup(String parent, String powHeader, String lookupHeader, OptionalLong declaredLength,
      InputStream request) throws Problem, IOException {
    return submit(parent, powHeader, lookupHeader, declaredLength, request);
  }

  private Stored submit(String parent, String powHeader, String lookupHeader, OptionalLong declaredLength,
      InputStream request) throws Problem, IOException {
    ClientBody body = new ClientBody(request);
    try {
      pow.redeem(powHeader);
      LookupToken lookup = parseLookup(lookupHeader);
      if (parent != null) {
        checkParent(submissions.db()::read, parent, lookup.serverHash());
      }
      long max = maxBytes();
      if (declaredLength.isPresent() && declaredLength.getAsLong() > max) {
        throw tooLarge(declaredLength.getAsLong());
      }
      EnvelopeHeader header = readHeader(body);
      long length = header.envelopeLength();
      if (length > max) {
        throw tooLarge(length);
      }
      if (declaredLength.isPresent() && declaredLength.getAsLong() != length) {
        throw malformed("the request body is " + declaredLength.getAsLong() + " bytes but the envelope header declares "
            + length);
      }
      PolicyCheck.check(header, policy.current());
      String id = header.submissionId().hex();
      Sha256 lookupHash = parent == null ? lookup.serverHash() : null;
      parked.drop(id, lookup.serverHash()); // sent whole again: what was kept of it is not needed
      if (!reserved.add(id)) {
        throw duplicate(false);
      }
      boolean handedOver = false;
      try {
        // a duplicate is refused at commit anyway; a large one is worth refusing before it streams
        Optional<Submissions.Duplicate> taken =
            length > EARLY_DUPLICATE_CHECK ? submissions.conflict(id, lookupHash) : Optional.empty();
        if (taken.isPresent()) {
          throw duplicate(taken.get().lookup());
        }
        ParkedUploads.Partial partial = begin(header, lookupHash, lookup.serverHash(), parent);
        handedOver = true;
        return store(partial, body);
      } catch (java.sql.SQLException e) {
        throw new IOException("database: " + e.getMessage(), e);
      } finally {
        if (!handedOver) {
          reserved.remove(id);
        }
      }
    } catch (PacedBodies.TooSlow e) {
      throw new Problem(ProblemType.TOO_SLOW, e.getMessage());
    } catch (ClientBody.Interrupted e) {
      throw cutOff("the upload broke off before the envelope was complete");
    } catch (Truncated e) {
      throw truncated(e.missing);
    }
  }

  /**
   * {@code GET /v1/uploads/{id}}: how many bytes of envelope {@code id} an upload cut off part-way
   * left here, for whoever made it with this lookup token (anyone else is told there is none).
   */
  public long received(String id, String lookupHeader) throws Problem {
    LookupToken lookup = parseLookup(lookupHeader);
    return parked.received(id, lookup.serverHash()).orElseThrow(Intake::unknownUpload);
  }

  /**
   * {@code POST /v1/uploads/{id}}: the rest of an envelope whose upload was cut off, from byte
   * {@code offset} (which must be what was received: else 409 with the right one), by whoever
   * made that upload (the same lookup token). Stored and answered as {@link #submit} or
   * {@link #followup} would have; cut off again, it is kept again.
   */
  public Stored resume(String id, String lookupHeader, String offsetHeader, OptionalLong declaredLength,
      InputStream request) throws Problem, IOException {
    ClientBody body = new ClientBody(request);
    try {
      LookupToken lookup = parseLookup(lookupHeader);
      long offset = parseOffset(offsetHeader);
      ParkedUploads.Partial partial = parked.take(id, lookup.serverHash()).orElseThrow(Intake::unknownUpload);
      long length = partial.header().envelopeLength();
      Problem refused = null;
      if (offset != partial.received()) {
        refused = new Problem(ProblemType.UPLOAD_OFFSET, "this vault has the first " + partial.received()
            + " bytes of the envelope; send the rest from there");
      } else if (declaredLength.isPresent() && declaredLength.getAsLong() != length - offset) {
        refused = malformed("the request body is " + declaredLength.getAsLong() + " bytes but the rest of the envelope is "
            + (length - offset));
      }
      if (refused != null) {
        if (!parked.park(partial)) {
          throw unknownUpload();
        }
        throw refused;
      }
      return store(partial, body);
    } catch (PacedBodies.TooSlow e) {
      throw new Problem(ProblemType.TOO_SLOW, e.getMessage());
    } catch (ClientBody.Interrupted e) {
      throw cutOff("the upload broke off before the envelope was complete");
    } catch (Truncated e) {
      throw truncated(e.missing);
    }
  }

  private static long parseOffset(String header) throws Problem {
    if (header == null || !header.trim().matches("0|[1-9][0-9]{0,17}")) {
      throw new Problem(ProblemType.BAD_REQUEST, "send the Sandyq-Offset header: the number of bytes of the envelope "
          + "this vault already has (GET the same path to learn it)");
    }
    return Long.parseLong(header.trim());
  }

  public static Problem unknownUpload() {
    return new Problem(ProblemType.UNKNOWN_UPLOAD, "this vault keeps no part of that envelope for this receipt (it was "
        + "never cut off here, was completed, or was given up after a while): send the whole envelope");
  }

  /**
   * The request body, whose read failures (the client went away, the connection broke) are told
   * apart from the server's own I/O failures (the disk): they are the client's problem, a 400.
   */
  private static final class ClientBody extends java.io.FilterInputStream {
    static final class Interrupted extends IOException {
      private static final long serialVersionUID = 1L;

      Interrupted(Throwable cause) {
        super("the request body could not be read", cause);
      }
    }

    ClientBody(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (PacedBodies.TooSlow e) {
        throw e; // the client's pace, told apart from a broken connection
      } catch (IOException | RuntimeException e) {
        throw new Interrupted(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (PacedBodies.TooSlow e) {
        throw e; // the client's pace, told apart from a broken connection
      } catch (IOException | RuntimeException e) {
        throw new Interrupted(e);
      }
    }
  }

  /** A follow-up's parent and the lookup hash the source proved it with. */
  private record Parent(String id, Sha256 lookupHash) {}

  /** A read on some connection: the read pool before streaming, the writer's inside the commit. */
  @FunctionalInterface
  private interface OnConnection {
    boolean check(org.sandyq.server.storage.Database.Query<Boolean> q) throws java.sql.SQLException, IOException;
  }

  /**
   * The parent of a follow-up must exist, not have expired ({@code 410 expired}) and have this
   * lookup token; an unknown id and a wrong token get the same {@code 404 unknown-receipt}.
   */
  private static void checkParent(OnConnection on, String parent, Sha256 lookupHash) throws Problem, IOException {
    boolean expired;
    boolean matches;
    try {
      expired = on.check(c -> Submissions.find(c, parent).map(Submissions.Stored::expired).orElse(false));
      matches = on.check(c -> Submissions.lookupMatches(c, parent, lookupHash));
    } catch (java.sql.SQLException e) {
      throw new IOException("database: " + e.getMessage(), e);
    }
    if (expired) {
      throw org.sandyq.server.lawyer.Casework.expired(parent);
    }
    if (!matches) {
      throw unknownReceipt();
    }
  }

  /** No submission has this lookup token (or not the one named). */
  public static Problem unknownReceipt() {
    return new Problem(ProblemType.UNKNOWN_RECEIPT, "no submission matches this receipt: check the digits (the check digit passed, so a digit may be swapped);"
            + " a submission whose retention period ran out is destroyed and no longer known");
  }

  /** A new upload: its file begun with the header, which the hash covers too. */
  private ParkedUploads.Partial begin(EnvelopeHeader header, Sha256 lookupHash, Sha256 owner, String parent)
      throws IOException {
    MessageDigest digest = Sha256.newDigest();
    BlobStore.Upload upload = blobs.begin();
    try {
      byte[] prefix = header.encoded();
      digest.update(prefix);
      upload.write(prefix, 0, prefix.length);
    } catch (IOException | RuntimeException e) {
      upload.close();
      throw e;
    }
    return new ParkedUploads.Partial(header, lookupHash, owner, parent, upload, digest);
  }

  /**
   * Receives the rest of {@code partial}, publishes and commits it. Owns the id's reservation and
   * the upload: both are given up here, unless the client's side of the upload failed (cut off,
   * too slow, short) after enough bytes that the upload is kept for resuming.
   */
  private Stored store(ParkedUploads.Partial partial, InputStream body) throws Problem, IOException {
    boolean kept = false;
    try {
      try {
        copyExactly(body, partial.header().envelopeLength() - partial.received(), partial.upload(), partial.digest());
      } catch (ClientBody.Interrupted | PacedBodies.TooSlow | Truncated e) {
        kept = partial.received() >= parkedFrom && parked.park(partial);
        throw e;
      }
      LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
      String blob = partial.upload().publish(day.atStartOfDay(ZoneOffset.UTC).toInstant());
      Parent parent = partial.parent() == null ? null : new Parent(partial.parent(), partial.owner());
      return commit(day, partial.header(), HexFormat.of().formatHex(partial.digest().digest()), blob,
          partial.lookupHash(), parent);
    } finally {
      if (!kept) {
        partial.upload().close();
        reserved.remove(partial.id());
      }
    }
  }

  /** Writes a whole envelope to {@code out} and returns its header: the web intake's sealer. */
  @FunctionalInterface
  public interface Sealing<E extends Exception> {
    EnvelopeHeader writeTo(OutputStream out) throws E, IOException;
  }

  /**
   * Sealed at intake (the web page): the envelope is sealed on this server by {@code sealing}
   * straight into a new upload (ciphertext only reaches the disk), then checked and committed as
   * {@link #submit} commits one that arrived sealed: the same file, row and log entry. With a
   * {@code parent}, a follow-up proven by {@code lookup}. No proof of work: the web form is
   * throttled by the caller's bound on forms in progress.
   */
  public <E extends Exception> Stored sealedAtIntake(String parent, LookupToken lookup, Sealing<E> sealing)
      throws E, Problem, IOException {
    if (parent != null) {
      checkParent(submissions.db()::read, parent, lookup.serverHash());
    }
    LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    MessageDigest digest = Sha256.newDigest();
    EnvelopeHeader header;
    String blob;
    try (BlobStore.Upload upload = blobs.begin()) {
      OutputStream out = new java.io.BufferedOutputStream(new java.security.DigestOutputStream(upload, digest), 1 << 16);
      header = sealing.writeTo(out);
      out.flush();
      if (upload.size() != header.envelopeLength()) {
        throw new IOException("the sealer wrote " + upload.size() + " bytes of a " + header.envelopeLength()
            + "-byte envelope");
      }
      if (header.envelopeLength() > maxBytes()) {
        throw tooLarge(header.envelopeLength());
      }
      PolicyCheck.check(header, policy.current());
      blob = upload.publish(day.atStartOfDay(ZoneOffset.UTC).toInstant());
    }
    return commit(day, header, HexFormat.of().formatHex(digest.digest()), blob,
        parent == null ? lookup.serverHash() : null, parent == null ? null : new Parent(parent, lookup.serverHash()));
  }

  /** The published blob's row and log entry, in one writer transaction; the blob is deleted if it fails. */
  private Stored commit(LocalDate day, EnvelopeHeader header, String sha256, String blob, Sha256 lookupHash,
      Parent parent) throws Problem, IOException {
    String policyFpr = Fingerprints.format(header.policyFingerprint());
    byte[] entry = parent == null
        ? LogEvents.submission(day, header.submissionId().hex(), header.category(), policyFpr, header.envelopeLength(),
            sha256)
        : LogEvents.followup(day, header.submissionId().hex(), parent.id(), header.category(), policyFpr,
            header.envelopeLength(), sha256);
    long index;
    try {
      index = writer.submit(batch -> {
        batch.syncBeforeCommit(blobs.blobDirectory());
        batch.onRollback(() -> deleteQuietly(blob));
        if (parent != null) { // it may have expired while the follow-up streamed in
          checkParent(q -> q.run(batch.connection()), parent.id(), parent.lookupHash());
        }
        long i = log.append(batch.connection(), entry);
        Submissions.insert(batch.connection(), new Submissions.Row(header.submissionId().hex(), lookupHash,
            day.toString(), header.category(), policyFpr, header.envelopeLength(), sha256, blob, i,
            parent == null ? null : parent.id()));
        return i;
      }).join();
    } catch (CompletionException e) {
      deleteQuietly(blob);
      Throwable cause = Writer.cause(e);
      if (cause instanceof Submissions.Duplicate d) {
        throw duplicate(d.lookup());
      }
      if (cause instanceof Problem p) {
        throw p;
      }
      throw new IOException("the submission could not be stored", cause);
    }
    return new Stored(header.submissionId().hex(), day.toString(), parent == null ? null : parent.id(),
        log.inclusion(index));
  }

  /**
   * Copies exactly {@code remaining} bytes, then requires the end of the body. A small envelope is
   * copied in one go; a large one through a {@link PipelinedCopy}, so hashing and writing overlap
   * with receiving.
   */
  private static void copyExactly(InputStream in, long remaining, BlobStore.Upload out, MessageDigest digest)
      throws IOException, Problem {
    if (remaining <= BUFFER) {
      byte[] buf = in.readNBytes((int) remaining);
      digest.update(buf);
      out.write(buf, 0, buf.length);
      if (buf.length < remaining) {
        throw new Truncated(remaining - buf.length);
      }
    } else {
      try (PipelinedCopy copy = new PipelinedCopy(out, digest, 3, BUFFER)) {
        while (remaining > 0) {
          byte[] buf = copy.buffer();
          // fill the buffer (the request stream hands out socket-sized pieces): fewer, larger writes
          int n = in.readNBytes(buf, 0, (int) Math.min(buf.length, remaining));
          if (n == 0) {
            copy.finish(); // what came is kept, for a resume
            throw new Truncated(remaining);
          }
          copy.write(buf, n);
          remaining -= n;
        }
        copy.finish();
      }
    }
    if (in.read() >= 0) {
      throw malformed("the request body has bytes after the end of the envelope its header declares");
    }
  }

  /** The body ended before the envelope did (the client's side, like a broken connection). */
  private static final class Truncated extends IOException {
    private static final long serialVersionUID = 1L;
    final long missing;

    Truncated(long missing) {
      super(missing + " bytes missing");
      this.missing = missing;
    }
  }

  private static Problem truncated(long missing) {
    return cutOff("the body ended " + missing + " bytes short of the envelope length its header declares");
  }

  /**
   * The body stopped before the envelope's end (broken, or ended early): typed apart from a
   * malformed envelope, so a client whose link broke sends the rest rather than giving up, even
   * when this answer reached it past the break.
   */
  private static Problem cutOff(String detail) {
    return new Problem(ProblemType.UPLOAD_CUT_OFF, detail);
  }

  private static EnvelopeHeader readHeader(InputStream body) throws Problem, IOException {
    try {
      return EnvelopeHeader.read(body);
    } catch (MalformedEnvelopeException e) {
      throw malformed(e.getMessage());
    }
  }

  private static LookupToken parseLookup(String header) throws Problem {
    try {
      return LookupToken.parseBase64(header == null ? null : header.trim());
    } catch (IllegalArgumentException e) {
      throw new Problem(ProblemType.LOOKUP_REQUIRED, "send the Sandyq-Lookup header: the base64 of the 32-byte lookup token derived from your receipt");
    }
  }

  private void deleteQuietly(String blob) {
    try {
      blobs.delete(blob);
    } catch (IOException e) {
      // recovery removes it at the next start
    }
  }

  static Problem malformed(String detail) {
    return new Problem(ProblemType.MALFORMED_ENVELOPE, detail);
  }

  private Problem tooLarge(long length) {
    return new Problem(ProblemType.TOO_LARGE, "the envelope is " + length + " bytes; this vault accepts at most " + maxBytes());
  }

  private static Problem duplicate(boolean lookup) {
    return new Problem(ProblemType.DUPLICATE_SUBMISSION, lookup
        ? "this receipt is already in use: draw a new receipt for a new submission"
        : "a submission with this id is already stored (or being stored): seal the submission again");
  }
}
