package org.sandyq.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.sandyq.api.ProblemType;
import org.sandyq.api.body.Challenge;
import org.sandyq.api.body.ConsistencyProof;
import org.sandyq.api.body.Entries;
import org.sandyq.api.body.Health;
import org.sandyq.api.body.Received;
import org.sandyq.api.body.InclusionProof;
import org.sandyq.api.body.LogProof;
import org.sandyq.api.body.PolicyAnswer;
import org.sandyq.api.body.SourceStatus;
import org.sandyq.api.body.StatusQuery;
import org.sandyq.api.body.Stored;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;
import org.sandyq.crypto.receipt.LookupToken;
import org.sandyq.crypto.tlog.Tile;
import org.sandyq.server.PacedBodies;
import org.sandyq.server.Problem;
import org.sandyq.server.ServerLimits;
import org.sandyq.server.intake.Intake;
import org.sandyq.server.intake.PowChallenges;
import org.sandyq.server.lawyer.Holds;
import org.sandyq.server.lawyer.Replies;
import org.sandyq.server.lawyer.Unsealing;
import org.sandyq.server.log.TransparencyLog;
import org.sandyq.server.storage.BlobStore;
import org.sandyq.server.storage.Submissions;
import org.sandyq.server.vault.PolicyInForce;
import org.sandyq.server.vault.PolicyPublisher;
import org.sandyq.server.vault.Vault;

/** The HTTP API of docs/server-api.md: the handlers {@link Routing} lists, and how a refusal is answered. */
public final class Api {
  /** Most entries one {@code GET /v1/log/entries} returns. */
  public static final int MAX_ENTRIES = 1000;

  private final Vault vault;
  private final Intake intake;
  private final TransparencyLog log;
  private final Submissions submissions;
  private final SignedRequests signed;
  private final Replies replies;
  private final LawyerApi lawyers;
  private final Supplier<Health> health;
  private final byte[] openapi;
  private final ServerLimits limits;
  private final PacedBodies paced;

  /** The lawyer-side services the API relays to. */
  public record Casefiles(Unsealing unsealing, Replies replies, Holds holds, PolicyPublisher policies) {}

  public Api(Vault vault, Intake intake, TransparencyLog log, Submissions submissions, BlobStore blobs,
      SignedRequests signed, Casefiles casefiles, Clock clock, Supplier<Health> health, ServerLimits limits,
      PacedBodies paced) throws IOException {
    this.limits = limits;
    this.paced = paced;
    this.vault = vault;
    this.intake = intake;
    this.log = log;
    this.submissions = submissions;
    this.signed = signed;
    this.replies = casefiles.replies();
    this.lawyers = new LawyerApi(signed, submissions, blobs, casefiles, clock, limits, paced);
    this.health = health;
    try (InputStream in = Api.class.getResourceAsStream("openapi.yaml")) {
      if (in == null) {
        throw new IOException("openapi.yaml is missing from the server jar");
      }
      this.openapi = in.readAllBytes();
    }
  }

  /** The lawyers' endpoints, which {@link Routing} lists beside these. */
  LawyerApi lawyers() {
    return lawyers;
  }

  /** A refusal: RFC 9457 problem+json, after what the client sent is dealt with ({@link #finishUnread}). */
  void refused(ServerRequest req, ServerResponse res, Problem p) {
    if (p.problemType() == ProblemType.UPLOAD_CUT_OFF) {
      res.header(io.helidon.http.HeaderValues.CONNECTION_CLOSE); // the body broke: nothing more on this connection
    }
    finishUnread(req, res, paced);
    Responses.problem(res, p);
    lingerOnUnread(req, paced);
  }

  /** A failure of the server's own: logged without the request, answered as internal-error. */
  void failed(ServerRequest req, ServerResponse res, Throwable t) {
    finishUnread(req, res, paced);
    Responses.internalError(res, t);
    lingerOnUnread(req, paced);
  }

  /** What no route answers (the catch-all). */
  static void notFound(ServerRequest req, ServerResponse res) throws Problem {
    throw new Problem(ProblemType.NOT_FOUND, "there is no such resource or method; see /openapi.yaml");
  }

  void openapi(ServerRequest req, ServerResponse res) {
    Responses.text(res, "application/yaml; charset=utf-8", new String(openapi, StandardCharsets.UTF_8));
  }

  /** A refused body up to this size is read and dropped (paced), keeping the connection. */
  private static final long DRAIN_AT_MOST = 1 << 20;

  /**
   * A refusal before the body was read whole (unsigned, forged, too large, too slow). A body of at
   * most {@link #DRAIN_AT_MOST} bytes is read and dropped within the small-body deadline: closing
   * with bytes unread resets the connection, and the client may lose the answer with it. A larger
   * or undeclared one closes the connection unread: Helidon would otherwise read all of it, at the
   * client's pace, before the next request.
   */
  public static void finishUnread(ServerRequest req, ServerResponse res, PacedBodies paced) {
    if (res.isSent() || !req.content().hasEntity() || req.content().consumed()) {
      return;
    }
    long declared = req.headers().contentLength().orElse(-1);
    if (declared >= 0 && declared <= DRAIN_AT_MOST) {
      InputStream in;
      try {
        in = req.content().inputStream();
      } catch (IllegalStateException handedOut) {
        return; // the route took the stream and dropped what it left (dropSmallRest)
      }
      try (InputStream rest = paced.small(in)) {
        if (dropAtMost(rest, DRAIN_AT_MOST)) {
          return;
        }
      } catch (IOException | RuntimeException e) {
        // too slow or broken: close instead
      }
    }
    res.header(io.helidon.http.HeaderValues.CONNECTION_CLOSE);
  }

  /** The most of a refused body read and dropped after the answer ({@link #lingerOnUnread}). */
  private static final long LINGER_AT_MOST = 64L << 20;

  /**
   * After a refusal was sent on a connection that closes with the body unread: reads and drops
   * the body (at most {@link #LINGER_AT_MOST} bytes, within the small-body deadline) before the
   * connection closes, as a lingering close does. A client still sending would otherwise get a
   * reset, which can throw away the refusal it had already been sent (a CI run lost a 413 so).
   * Not for a client that waits for "100 Continue" before sending (it sends nothing now), nor for
   * a body a route already took. Ends by closing the connection (it throws Helidon's
   * {@code CloseConnectionException}), so it is the last thing a handler does.
   */
  public static void lingerOnUnread(ServerRequest req, PacedBodies paced) {
    if (!req.content().hasEntity() || req.content().consumed() || waitsToContinue(req)) {
      return;
    }
    InputStream in;
    try {
      in = req.content().inputStream();
    } catch (IllegalStateException handedOut) {
      return;
    }
    try {
      // not closed: closing Helidon's stream reads on, unguarded; the sweep lets go of it
      dropAtMost(paced.small(in), LINGER_AT_MOST);
    } catch (IOException | RuntimeException e) {
      // too slow, too long or broken: the connection closes now
    }
    // closed now: Helidon, whose answer went out before the body was read, would otherwise keep
    // the connection until its idle timeout
    throw new io.helidon.webserver.CloseConnectionException("refused; the rest of the body was read and dropped");
  }

  /** Whether the client sent {@code Expect: 100-continue}: it sends no body until it is asked for. */
  private static boolean waitsToContinue(ServerRequest req) {
    return req.headers().first(io.helidon.http.HeaderNames.EXPECT)
        .filter(v -> v.trim().equalsIgnoreCase("100-continue")).isPresent();
  }

  /** Reads and drops at most {@code max} bytes of {@code in}: whether it ended within them. */
  private static boolean dropAtMost(InputStream in, long max) throws IOException {
    byte[] buffer = new byte[16 * 1024];
    for (long seen = 0; seen <= max; ) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, max + 1 - seen));
      if (n < 0) {
        return true;
      }
      seen += n;
    }
    return false;
  }

  void policy(ServerRequest req, ServerResponse res) throws Exception {
    PolicyInForce.State inForce = vault.policy().state();
    // each version after genesis's with its policy event, for clients to check against a checkpoint
    List<PolicyAnswer.Recorded> recorded = inForce.recorded().stream()
        .map(r -> new PolicyAnswer.Recorded(r.version(), r.index(), r.entry())).toList();
    Responses.json(res, 200, new PolicyAnswer(Json.parse(inForce.policy().chain().toBytes()),
        new PolicyAnswer.Genesis(0, log.entry(0), log.vkey(), vault.keys().intakePublicKey()), recorded).toJson());
  }

  void challenge(ServerRequest req, ServerResponse res) {
    PowChallenges.Issued c = intake.challenges().issue();
    Responses.json(res, 200, new Challenge(c.token(), c.bits(), c.expiresIn()).toJson());
  }

  void submit(ServerRequest req, ServerResponse res) throws Exception {
    UploadBody body = new UploadBody(req, paced);
    try {
      stored(res, intake.submit(header(req, "Sandyq-Pow"), header(req, "Sandyq-Lookup"),
          req.headers().contentLength(), body));
    } catch (Problem p) {
      dropSmallRest(req, res, body, p);
      throw p;
    }
  }

  void followup(ServerRequest req, ServerResponse res) throws Exception {
    String parent = req.path().pathParameters().get("id");
    if (!parent.matches("[0-9a-f]{32}")) {
      throw Intake.unknownReceipt();
    }
    UploadBody body = new UploadBody(req, paced);
    try {
      stored(res, intake.followup(parent, header(req, "Sandyq-Pow"), header(req, "Sandyq-Lookup"),
          req.headers().contentLength(), body));
    } catch (Problem p) {
      dropSmallRest(req, res, body, p);
      throw p;
    }
  }

  void uploadReceived(ServerRequest req, ServerResponse res) throws Problem {
    String id = req.path().pathParameters().get("id");
    if (!id.matches("[0-9a-f]{32}")) {
      throw Intake.unknownUpload();
    }
    Responses.json(res, 200, new Received(id, intake.received(id, header(req, "Sandyq-Lookup"))).toJson());
  }

  void uploadResume(ServerRequest req, ServerResponse res) throws Exception {
    String id = req.path().pathParameters().get("id");
    if (!id.matches("[0-9a-f]{32}")) {
      throw Intake.unknownUpload();
    }
    UploadBody body = new UploadBody(req, paced);
    try {
      stored(res, intake.resume(id, header(req, "Sandyq-Lookup"), header(req, "Sandyq-Offset"),
          req.headers().contentLength(), body));
    } catch (Problem p) {
      dropSmallRest(req, res, body, p);
      throw p;
    }
  }

  /**
   * An upload refused part-way (its header read): a small rest is read and dropped through the
   * stream already taken, so Helidon need not (it cannot read an entity whose stream was handed
   * out, and would close the connection with bytes unread, which resets it before the client
   * reads the refusal). Declared, the rest is small up to {@link #DRAIN_AT_MOST}; chunked, it is
   * read up to that bound unless the refusal says it is large or gone. Either way within the
   * small-body deadline, as {@link #finishUnread} does: a refusal must not hold a connection at an
   * upload's pace. A rest not read to its end closes the connection.
   */
  private void dropSmallRest(ServerRequest req, ServerResponse res, UploadBody body, Problem refusal) {
    if (!body.asked() && waitsToContinue(req)) {
      // refused before the body was asked for: the client waits for "100 Continue" and sends none of it
      res.header(io.helidon.http.HeaderValues.CONNECTION_CLOSE);
      return;
    }
    long declared = req.headers().contentLength().orElse(-1);
    boolean small = declared >= 0 ? declared <= DRAIN_AT_MOST : switch (refusal.problemType()) {
      case TOO_LARGE, TOO_SLOW, UPLOAD_CUT_OFF -> false;
      default -> true;
    };
    boolean drained = false;
    if (small) {
      try {
        // not closed: closing Helidon's stream reads on, unguarded; the sweep lets go of it
        drained = dropAtMost(paced.small(body), DRAIN_AT_MOST);
      } catch (IOException | RuntimeException e) {
        // too slow or broken: closed below
      }
    }
    if (!drained) {
      res.header(io.helidon.http.HeaderValues.CONNECTION_CLOSE);
    }
  }

  /**
   * An upload's body, asked of Helidon only when first read. Asking is what tells a client that
   * sent {@code Expect: 100-continue} to send it: the refusals that need no body (proof of work,
   * receipt, declared length) come first, and a large envelope refused on its length never crosses
   * a slow link, nor is its refusal lost to a connection reset while it still streams.
   */
  private static final class UploadBody extends InputStream {
    private final ServerRequest req;
    private final PacedBodies paced;
    private InputStream in;

    UploadBody(ServerRequest req, PacedBodies paced) {
      this.req = req;
      this.paced = paced;
    }

    boolean asked() {
      return in != null;
    }

    private InputStream in() {
      if (in == null) {
        in = paced.upload(req.content().inputStream());
      }
      return in;
    }

    @Override
    public int read() throws IOException {
      return in().read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return in().read(b, off, len);
    }

    @Override
    public void close() throws IOException {
      if (in != null) {
        in.close();
      }
    }
  }

  private static void stored(ServerResponse res, Intake.Stored stored) {
    Responses.json(res, 201, new Stored(stored.submissionId(), stored.receivedDay(),
        Optional.ofNullable(stored.parent()), logProof(stored.log())).toJson());
  }

  void status(ServerRequest req, ServerResponse res) throws Exception {
    JsonFields f = jsonBody(req, "status request", java.util.Set.of("lookup"), limits.jsonBodyBytes());
    LookupToken token;
    try {
      token = LookupToken.parseBase64(StatusQuery.fromJson(f.node()).lookup());
    } catch (MalformedJsonException | IllegalArgumentException e) {
      throw new Problem(ProblemType.LOOKUP_REQUIRED, "the body must be {\"lookup\": <base64 of the 32-byte lookup token>}");
    }
    Optional<Submissions.Stored> row = submissions.byLookup(token.serverHash());
    if (row.isEmpty()) {
      throw Intake.unknownReceipt();
    }
    Submissions.Stored s = row.get();
    Responses.json(res, 200, new SourceStatus(s.id(), s.receivedDay(), s.state(), Optional.ofNullable(s.category()),
        replies.forSource(s.id()), submissions.followups(s.id()), Optional.of(logProof(log.inclusion(s.logIndex()))))
        .toJson());
  }

  /** The published checkpoint: with witnesses, the newest one their quorum cosigned. */
  void checkpoint(ServerRequest req, ServerResponse res) throws Problem {
    TransparencyLog.Checkpoint cp = log.published().orElseThrow(() -> new Problem(ProblemType.BUSY,
        "the witnesses have not cosigned a checkpoint yet; " + org.sandyq.api.Routes.LOG_CHECKPOINT_SIGNED.path()
            + " has the newest signed one"));
    Responses.text(res, Responses.TEXT, cp.note());
  }

  /** The newest checkpoint signed by the log key, witnessed or not (for the impatient). */
  void signedCheckpoint(ServerRequest req, ServerResponse res) {
    Responses.text(res, Responses.TEXT, log.checkpoint().note());
  }

  /** The size proofs default to: the published checkpoint's, else the signed one's. */
  private long publishedSize() {
    return log.published().orElse(log.checkpoint()).size();
  }

  void inclusionProof(ServerRequest req, ServerResponse res) throws Exception {
    long size = optionalLong(req, "size").orElse(publishedSize());
    long index = requiredLong(req, "index");
    Responses.json(res, 200, new InclusionProof(index, size, log.inclusionProof(index, size)).toJson());
  }

  void consistencyProof(ServerRequest req, ServerResponse res) throws Exception {
    long oldSize = requiredLong(req, "old");
    long newSize = optionalLong(req, "new").orElse(publishedSize());
    Responses.json(res, 200, new ConsistencyProof(oldSize, newSize, log.consistencyProof(oldSize, newSize)).toJson());
  }

  void bundle(ServerRequest req, ServerResponse res) throws Exception {
    Responses.text(res, Responses.TEXT, log.inclusion(requiredLong(req, "index")).proof());
  }

  void entries(ServerRequest req, ServerResponse res) throws Exception {
    signed.admit(req).body(req, 0, paced::small);
    long start = requiredLong(req, "start");
    long end = requiredLong(req, "end");
    if (end < start || end - start > MAX_ENTRIES) {
      throw new Problem(ProblemType.BAD_REQUEST, "ask for at most " + MAX_ENTRIES + " entries, with start <= end");
    }
    List<byte[]> entries = log.entries(start, end);
    List<Entries.Entry> list = new java.util.ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      list.add(new Entries.Entry(start + i, entries.get(i)));
    }
    Responses.json(res, 200, new Entries(list).toJson());
  }

  /**
   * Full tiles never change (the log only appends and a tile's hashes are written once), so any
   * cache may keep them for good; a partial tile is the moving edge of the tree and is not cached.
   */
  static final String IMMUTABLE = "public, max-age=31536000, immutable";
  /** Entries bundles answer signed roster requests only, so no shared cache may hand them on. */
  static final String IMMUTABLE_PRIVATE = "private, max-age=31536000, immutable";
  static final String NO_STORE = "no-store";
  /** Where tile paths start (c2sp.org/tlog-tiles prefix): {@code /v1/log/tile/...} is {@code tile/...} under it. */
  private static final String TILES_PREFIX = "/v1/log/";

  void tile(ServerRequest req, ServerResponse res) throws Exception {
    Tile t = tilePath(req, Tile::parse);
    Responses.bytes(res, t.full() ? IMMUTABLE : NO_STORE, log.tile(t));
  }

  /** An entries bundle shows the entries themselves: for signed roster requests, as {@code /v1/log/entries}. */
  void tileEntries(ServerRequest req, ServerResponse res) throws Exception {
    signed.admit(req).body(req, 0, paced::small);
    Tile t = tilePath(req, Tile::parseEntries);
    Responses.bytes(res, t.full() ? IMMUTABLE_PRIVATE : NO_STORE, log.entryBundle(t));
  }

  /** The tile named by the raw path (not a decoded one: only the canonical spelling is a tile). */
  private static Tile tilePath(ServerRequest req, java.util.function.Function<String, Tile> parse) throws Problem {
    String raw = req.path().rawPath();
    try {
      return parse.apply(raw.startsWith(TILES_PREFIX) ? raw.substring(TILES_PREFIX.length()) : raw);
    } catch (IllegalArgumentException e) {
      throw new Problem(ProblemType.BAD_REQUEST, e.getMessage()
          + "; a tile is tile/<level>/<index>[.p/<width>] and a bundle tile/entries/<index>[.p/<width>] (c2sp.org/tlog-tiles)");
    }
  }

  void health(ServerRequest req, ServerResponse res) {
    Health now = health.get();
    Responses.json(res, now.status(), now.toJson());
  }

  static LogProof logProof(TransparencyLog.Inclusion inclusion) {
    return new LogProof(inclusion.index(), inclusion.entry(), inclusion.proof(), inclusion.checkpoint());
  }

  private static String header(ServerRequest req, String name) {
    return req.headers().first(io.helidon.http.HeaderNames.create(name)).orElse(null);
  }

  private JsonFields jsonBody(ServerRequest req, String what, java.util.Set<String> members, int max) throws Problem {
    if (req.headers().contentLength().orElse(0) > max) {
      throw new Problem(ProblemType.TOO_LARGE, "a " + what + " is at most " + max + " bytes");
    }
    try (InputStream in = paced.small(req.content().inputStream())) {
      byte[] body = in.readNBytes(max + 1);
      if (body.length > max) {
        throw new Problem(ProblemType.TOO_LARGE, "a " + what + " is at most " + max + " bytes");
      }
      JsonNode node = Json.parse(body);
      return JsonFields.of(node, what).only(members);
    } catch (PacedBodies.TooSlow e) {
      throw new Problem(ProblemType.TOO_SLOW, e.getMessage());
    } catch (MalformedJsonException | IOException e) {
      throw new Problem(ProblemType.BAD_REQUEST, "the body is not a valid " + what + ": " + e.getMessage());
    }
  }

  private static long requiredLong(ServerRequest req, String name) throws Problem {
    return optionalLong(req, name).orElseThrow(() -> new Problem(ProblemType.BAD_REQUEST, "the query parameter " + name + " is required"));
  }

  private static Optional<Long> optionalLong(ServerRequest req, String name) throws Problem {
    Optional<String> value = req.query().first(name).asOptional();
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      long v = Long.parseLong(value.get());
      if (v < 0) {
        throw new NumberFormatException();
      }
      return Optional.of(v);
    } catch (NumberFormatException e) {
      throw new Problem(ProblemType.BAD_REQUEST, "the query parameter " + name + " must be a non-negative integer");
    }
  }
}
