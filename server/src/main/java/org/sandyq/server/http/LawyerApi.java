package org.sandyq.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.sandyq.api.ProblemType;
import org.sandyq.api.body.Appended;
import org.sandyq.api.body.Decline;
import org.sandyq.api.body.HoldChanged;
import org.sandyq.api.body.Inbox;
import org.sandyq.api.body.Opened;
import org.sandyq.api.body.PendingRequests;
import org.sandyq.api.body.Published;
import org.sandyq.api.body.RequestFound;
import org.sandyq.api.body.Requested;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.MalformedJsonException;
import org.sandyq.policy.Fingerprints;
import org.sandyq.server.PacedBodies;
import org.sandyq.server.Problem;
import org.sandyq.server.ServerLimits;
import org.sandyq.server.lawyer.Casework;
import org.sandyq.server.lawyer.Holds;
import org.sandyq.server.lawyer.Replies;
import org.sandyq.server.lawyer.Unsealing;
import org.sandyq.server.storage.BlobStore;
import org.sandyq.server.storage.Submissions;
import org.sandyq.server.vault.PolicyPublisher;

/**
 * The lawyer endpoints of docs/unseal.md: inbox, headers and envelopes, unseal requests,
 * approvals and openings, replies, holds; and a new policy version ({@code POST /v1/policy},
 * docs/server-api.md). Every request is signed (RFC 9421) by a lawyer of the policy in force;
 * {@code GET /v1/unseal/requests/{rid}} also by an auditor. Days are the UTC day of the server's
 * clock.
 */
final class LawyerApi {
  private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
  private static final String OCTETS = "application/octet-stream";

  private final SignedRequests signed;
  private final Submissions submissions;
  private final BlobStore blobs;
  private final Unsealing unsealing;
  private final Replies replies;
  private final Holds holds;
  private final PolicyPublisher policies;
  private final Clock clock;
  private final ServerLimits limits;
  private final PacedBodies paced;

  LawyerApi(SignedRequests signed, Submissions submissions, BlobStore blobs, Api.Casefiles casefiles, Clock clock,
      ServerLimits limits, PacedBodies paced) {
    this.limits = limits;
    this.paced = paced;
    this.signed = signed;
    this.submissions = submissions;
    this.blobs = blobs;
    this.unsealing = casefiles.unsealing();
    this.replies = casefiles.replies();
    this.holds = casefiles.holds();
    this.policies = casefiles.policies();
    this.clock = clock;
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  void inbox(ServerRequest req, ServerResponse res) throws Exception {
    noBody(signed.admitLawyer(req), req);
    List<Inbox.Item> items = new ArrayList<>();
    for (Submissions.Listed l : submissions.inbox()) {
      Submissions.Stored s = l.submission();
      byte[] header = s.expired() ? null : headerBytes(s);
      items.add(new Inbox.Item(s.id(), s.receivedDay(), s.category(), s.size(), Optional.ofNullable(s.parent()),
          s.state(), l.followups(), l.replies(), Optional.ofNullable(header)));
    }
    Responses.json(res, 200, new Inbox(items).toJson());
  }

  /** The envelope's prefix and header, or null when the file went (shredded) meanwhile. */
  private byte[] headerBytes(Submissions.Stored s) throws IOException {
    try {
      return blobs.header(s.blob()).encoded();
    } catch (NoSuchFileException shredded) {
      return null;
    }
  }

  void header(ServerRequest req, ServerResponse res) throws Exception {
    noBody(signed.admitLawyer(req), req);
    byte[] header = headerBytes(live(req));
    if (header == null) {
      throw Casework.expired(id(req, "id"));
    }
    res.status(200);
    res.header(HeaderNames.CONTENT_TYPE, OCTETS);
    res.send(header);
  }

  /** The whole envelope, streamed from its file in constant memory. */
  void envelope(ServerRequest req, ServerResponse res) throws Exception {
    noBody(signed.admitLawyer(req), req);
    Submissions.Stored s = live(req);
    InputStream in;
    try {
      in = blobs.read(s.blob());
    } catch (NoSuchFileException shredded) {
      throw Casework.expired(s.id());
    }
    try (in) {
      res.status(200);
      res.header(HeaderNames.CONTENT_TYPE, OCTETS);
      res.contentLength(s.size());
      try (OutputStream out = res.outputStream()) {
        in.transferTo(out);
      }
    }
  }

  /** The submission named in the path: it must exist and not have expired. */
  private Submissions.Stored live(ServerRequest req) throws Problem, IOException {
    String id = id(req, "id");
    Submissions.Stored s = submissions.db().query(c -> Submissions.find(c, id))
        .orElseThrow(() -> Casework.unknownSubmission(id));
    if (s.expired()) {
      throw Casework.expired(id);
    }
    return s;
  }

  void hold(ServerRequest req, ServerResponse res) throws Exception {
    hold(req, res, true);
  }

  void release(ServerRequest req, ServerResponse res) throws Exception {
    hold(req, res, false);
  }

  private void hold(ServerRequest req, ServerResponse res, boolean hold) throws Exception {
    PublicIdentity lawyer = noBody(signed.admitLawyer(req), req);
    Holds.Changed changed = holds.set(lawyer, id(req, "id"), hold, today());
    Responses.json(res, 200, new HoldChanged(changed.state(), changed.votes(), Api.logProof(changed.log())).toJson());
  }

  void request(ServerRequest req, ServerResponse res) throws Exception {
    SignedRequests.Admitted admitted = signed.admitLawyer(req);
    byte[] body = body(admitted, req);
    PublicIdentity lawyer = admitted.signer();
    Unsealing.Requested r = unsealing.request(lawyer, body, today());
    Responses.json(res, 201, new Requested(r.request(), Api.logProof(r.log())).toJson());
  }

  void pending(ServerRequest req, ServerResponse res) throws Exception {
    PublicIdentity lawyer = noBody(signed.admitLawyer(req), req);
    List<PendingRequests.Item> items = unsealing.pending(lawyer, today()).stream()
        .map(p -> new PendingRequests.Item(p.request(), p.approvals(), p.needed())).toList();
    Responses.json(res, 200, new PendingRequests(items).toJson());
  }

  void findRequest(ServerRequest req, ServerResponse res) throws Exception {
    noBody(signed.admit(req), req);
    Unsealing.Found found = unsealing.find(id(req, "rid"));
    List<Decline.Entry> declines = found.declines().stream()
        .map(d -> new Decline.Entry(d.lawyer(), d.day().toString(), d.reason())).toList();
    Responses.json(res, 200, new RequestFound(found.request(), found.approvals(), declines, found.opened()).toJson());
  }

  void approve(ServerRequest req, ServerResponse res) throws Exception {
    SignedRequests.Admitted admitted = signed.admitLawyer(req);
    byte[] body = body(admitted, req);
    PublicIdentity lawyer = admitted.signer();
    Responses.json(res, 201, new Appended(Api.logProof(unsealing.approve(lawyer, id(req, "rid"), body, today()))).toJson());
  }

  void decline(ServerRequest req, ServerResponse res) throws Exception {
    SignedRequests.Admitted admitted = signed.admitLawyer(req);
    byte[] body = body(admitted, req);
    Decline decline;
    try {
      decline = Decline.fromJson(Json.parse(body));
    } catch (MalformedJsonException e) {
      throw Casework.invalid("the decline: " + e.getMessage());
    }
    Responses.json(res, 201, new Appended(Api.logProof(
        unsealing.decline(admitted.signer(), id(req, "rid"), decline.reason(), today()))).toJson());
  }

  void open(ServerRequest req, ServerResponse res) throws Exception {
    PublicIdentity lawyer = noBody(signed.admitLawyer(req), req);
    Unsealing.Opened opened = unsealing.open(lawyer, id(req, "rid"), today());
    Responses.json(res, 200, new Opened(opened.request(), opened.approvals(), Api.logProof(opened.log())).toJson());
  }

  void reply(ServerRequest req, ServerResponse res) throws Exception {
    SignedRequests.Admitted admitted = signed.admitLawyer(req);
    byte[] body = body(admitted, req);
    PublicIdentity lawyer = admitted.signer();
    Responses.json(res, 201, new Appended(Api.logProof(replies.post(lawyer, body, today()))).toJson());
  }

  /** A new policy version: the whole chain as the body, the same bytes as a policy.json file. */
  void publish(ServerRequest req, ServerResponse res) throws Exception {
    byte[] body = body(signed.admitLawyer(req), req);
    PolicyPublisher.Published published = policies.publish(body, today());
    Responses.json(res, 200, new Published(Fingerprints.format(published.policy().fingerprint()),
        published.policy().version(), Api.logProof(published.log())).toJson());
  }

  /** A path id: 32 lowercase hex digits, else nothing can match it. */
  private static String id(ServerRequest req, String name) throws Problem {
    String id = req.path().pathParameters().get(name);
    if (!ID.matcher(id).matches()) {
      throw name.equals("rid")
          ? new Problem(ProblemType.UNKNOWN_REQUEST, "a request id is 32 lowercase hex digits")
          : new Problem(ProblemType.UNKNOWN_SUBMISSION, "a submission id is 32 lowercase hex digits");
    }
    return id;
  }

  /**
   * A signed document or policy chain: read only once the signature headers verified (so an
   * unsigned or forged request is refused before a byte of its body is held), within the limit and
   * the small-body deadline, and checked against the signed digest.
   */
  private byte[] body(SignedRequests.Admitted admitted, ServerRequest req) throws Problem, IOException {
    return admitted.body(req, limits.signedBodyBytes(), paced::small);
  }

  /** A route that takes no body: an empty one, signed as such. */
  private PublicIdentity noBody(SignedRequests.Admitted admitted, ServerRequest req) throws Problem, IOException {
    admitted.body(req, 0, paced::small);
    return admitted.signer();
  }
}
