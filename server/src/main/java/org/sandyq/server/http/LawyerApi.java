package org.sandyq.server.http;

import org.sandyq.api.ProblemType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.crypto.json.Json;
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
    ObjectNode answer = Json.object();
    ArrayNode list = answer.putArray("submissions");
    for (Submissions.Listed l : submissions.inbox()) {
      Submissions.Stored s = l.submission();
      ObjectNode o = list.addObject();
      o.put("submission", s.id());
      o.put("received_day", s.receivedDay());
      o.put("category", s.category());
      o.put("size", s.size());
      if (s.parent() == null) {
        o.putNull("parent");
      } else {
        o.put("parent", s.parent());
      }
      o.put("state", s.state());
      o.put("followups", l.followups());
      o.put("replies", l.replies());
      byte[] header = s.expired() ? null : headerBytes(s);
      if (header == null) {
        o.putNull("header");
      } else {
        o.put("header", Base64.getEncoder().encodeToString(header));
      }
    }
    Responses.json(res, 200, answer);
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
    ObjectNode answer = Json.object();
    answer.put("state", changed.state());
    answer.set("log", Api.inclusionJson(changed.log()));
    Responses.json(res, 200, answer);
  }

  void request(ServerRequest req, ServerResponse res) throws Exception {
    SignedRequests.Admitted admitted = signed.admitLawyer(req);
    byte[] body = body(admitted, req);
    PublicIdentity lawyer = admitted.signer();
    Unsealing.Requested r = unsealing.request(lawyer, body, today());
    ObjectNode answer = Json.object();
    answer.put("request", r.request());
    answer.set("log", Api.inclusionJson(r.log()));
    Responses.json(res, 201, answer);
  }

  void pending(ServerRequest req, ServerResponse res) throws Exception {
    PublicIdentity lawyer = noBody(signed.admitLawyer(req), req);
    ObjectNode answer = Json.object();
    ArrayNode list = answer.putArray("requests");
    for (Unsealing.Pending p : unsealing.pending(lawyer, today())) {
      ObjectNode o = list.addObject();
      o.set("request", p.request());
      o.put("approvals", p.approvals());
      o.put("needed", p.needed());
    }
    Responses.json(res, 200, answer);
  }

  void findRequest(ServerRequest req, ServerResponse res) throws Exception {
    noBody(signed.admit(req), req);
    Unsealing.Found found = unsealing.find(id(req, "rid"));
    ObjectNode answer = Json.object();
    answer.set("request", found.request());
    answer.set("approvals", array(found.approvals()));
    answer.put("opened", found.opened());
    Responses.json(res, 200, answer);
  }

  void approve(ServerRequest req, ServerResponse res) throws Exception {
    SignedRequests.Admitted admitted = signed.admitLawyer(req);
    byte[] body = body(admitted, req);
    PublicIdentity lawyer = admitted.signer();
    ObjectNode answer = Json.object();
    answer.set("log", Api.inclusionJson(unsealing.approve(lawyer, id(req, "rid"), body, today())));
    Responses.json(res, 201, answer);
  }

  void open(ServerRequest req, ServerResponse res) throws Exception {
    PublicIdentity lawyer = noBody(signed.admitLawyer(req), req);
    Unsealing.Opened opened = unsealing.open(lawyer, id(req, "rid"), today());
    ObjectNode answer = Json.object();
    answer.set("request", opened.request());
    answer.set("approvals", array(opened.approvals()));
    answer.set("log", Api.inclusionJson(opened.log()));
    Responses.json(res, 200, answer);
  }

  void reply(ServerRequest req, ServerResponse res) throws Exception {
    SignedRequests.Admitted admitted = signed.admitLawyer(req);
    byte[] body = body(admitted, req);
    PublicIdentity lawyer = admitted.signer();
    ObjectNode answer = Json.object();
    answer.set("log", Api.inclusionJson(replies.post(lawyer, body, today())));
    Responses.json(res, 201, answer);
  }

  /** A new policy version: the whole chain as the body, the same bytes as a policy.json file. */
  void publish(ServerRequest req, ServerResponse res) throws Exception {
    byte[] body = body(signed.admitLawyer(req), req);
    PolicyPublisher.Published published = policies.publish(body, today());
    ObjectNode answer = Json.object();
    answer.put("policy", Fingerprints.format(published.policy().fingerprint()));
    answer.put("version", published.policy().version());
    answer.set("log", Api.inclusionJson(published.log()));
    Responses.json(res, 200, answer);
  }

  private static ArrayNode array(List<JsonNode> nodes) {
    ArrayNode a = Json.object().arrayNode();
    nodes.forEach(a::add);
    return a;
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
