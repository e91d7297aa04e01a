package org.sandyq.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.sandyq.api.Routes;
import org.sandyq.cli.net.HttpProblem;
import org.sandyq.cli.net.UploadProgress;
import org.sandyq.crypto.envelope.EnvelopeHeader;
import org.sandyq.crypto.envelope.EnvelopeOpener;
import org.sandyq.crypto.envelope.MalformedEnvelopeException;
import org.sandyq.crypto.envelope.OpenedPayload;
import org.sandyq.crypto.envelope.SectionKey;
import org.sandyq.crypto.envelope.WriteBehind;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.unseal.Approval;
import org.sandyq.crypto.unseal.EphemeralKey;
import org.sandyq.crypto.unseal.Quorum;
import org.sandyq.crypto.unseal.RequestId;
import org.sandyq.crypto.unseal.UnsealException;
import org.sandyq.crypto.unseal.UnsealRequest;

/**
 * The requester's side of an opening (docs/unseal.md, "The quorum rule"): the request and approvals
 * the vault relayed, each verified here against the roster of the policy the request names; the
 * quorum rule checked before anything is decrypted; then every re-sealed share opened with the
 * ephemeral key, checked against its commitment in the header and combined with the requester's
 * own share into the section key. Any failure names the lawyer whose document or share failed.
 */
record Opening(UnsealRequest request, List<Approval> approvals, Quorum quorum, SectionKey key) {

  /** Verifies a request document the vault sent for {@code id}, which must be this lawyer's own. */
  static UnsealRequest ownRequest(Lawyer l, JsonNode document, RequestId id) throws UnsealException {
    UnsealRequest request = UnsealRequest.verify(document, l.rosters());
    if (!request.id().equals(id)) {
      throw new UserError(Failure.BAD_ANSWER, "the vault sent request " + request.id() + " for " + id);
    }
    if (!request.requester().equals(l.me.keyId())) {
      throw new UserError(Failure.NOT_THE_REQUESTER, "request " + id + " was made by " + l.name(request.requester())
          + ": only its requester can open it");
    }
    return request;
  }

  /** Verifies approval documents against {@code request}: every one, none skipped. */
  static List<Approval> approvals(Iterable<JsonNode> documents, UnsealRequest request) throws UnsealException {
    List<Approval> out = new ArrayList<>();
    for (JsonNode doc : documents) {
      out.add(Approval.verify(doc, request));
    }
    return out;
  }

  /**
   * Checks the quorum rule for an opening on {@code day}, then opens the shares and combines them.
   * {@code header} is the submission's; {@code keyFile} the request's ephemeral key file.
   */
  static Opening open(Lawyer l, UnsealRequest request, List<Approval> approvals, byte[] keyFile,
      EnvelopeHeader header, LocalDate day) throws Exception {
    Quorum quorum = Quorum.check(request, approvals, l.threshold(request, header), day);
    EphemeralKey ephemeral = EphemeralKey.open(keyFile, l.me, request);
    return new Opening(request, approvals, quorum, quorum.open(l.me, ephemeral, header));
  }

  /**
   * Opens the section {@code key} belongs to as its envelope arrives from the vault, with no copy of
   * the envelope on disk: the header served with it must be exactly {@code header} (the one the
   * shares were checked against) before a payload byte is decrypted; the files are decrypted,
   * written and checked into a private directory next to {@code out}, which is renamed to
   * {@code out} only once the whole envelope arrived, exactly as long as the header says, and every
   * file matched its hash. Any failure (the download's, a segment's, a hash's) leaves nothing.
   * {@code progress} sees the bytes arrive, which is also how far they are opened.
   */
  static OpenedPayload fetchAndOpen(Lawyer l, EnvelopeHeader header, SectionKey key, Path out,
      UploadProgress progress) throws Exception {
    try {
      return l.http.streamSigned(Routes.ENVELOPE.target(header.submissionId().hex()), l.me, header.envelopeLength(),
          progress, body -> {
            InputStream in = new BufferedInputStream(body, 1 << 16);
            sameHeader(in, header);
            return EnvelopeOpener.open(header, in, key, out);
          });
    } catch (HttpProblem p) {
      throw Lawyer.expired(p, header.submissionId());
    }
  }

  /** An envelope downloaded into a file, and the SHA-256 of what arrived (the log records it). */
  record Downloaded(Path file, String sha256) {}

  /**
   * Streams the submission's envelope into a new private file in {@code dir}, synced (a court
   * bundle keeps it) and hashed as it arrives, held to the header's length and pace like
   * {@link #fetchAndOpen}; its header must be exactly {@code header} (the one the shares were
   * checked against). {@code progress} sees the bytes arrive.
   */
  static Downloaded download(Lawyer l, EnvelopeHeader header, Path dir, UploadProgress progress) throws Exception {
    Path file = Files.createTempFile(dir, ".sandyq-envelope-", ".partial");
    boolean kept = false;
    try {
      String sha256;
      try {
        sha256 = l.http.streamSigned(Routes.ENVELOPE.target(header.submissionId().hex()), l.me,
            header.envelopeLength(), progress, body -> {
              MessageDigest digest = Sha256.newDigest();
              byte[] buffer = new byte[1 << 16];
              try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE);
                  OutputStream out = Channels.newOutputStream(ch);
                  WriteBehind behind = new WriteBehind(ch)) {
                long written = 0;
                for (int n; (n = body.read(buffer)) >= 0; ) {
                  digest.update(buffer, 0, n);
                  out.write(buffer, 0, n);
                  behind.written(written += n);
                }
                behind.sync();
              }
              return HexFormat.of().formatHex(digest.digest());
            });
      } catch (HttpProblem p) {
        throw Lawyer.expired(p, header.submissionId());
      }
      try (InputStream in = Files.newInputStream(file)) {
        sameHeader(in, header);
      }
      kept = true;
      return new Downloaded(file, sha256);
    } finally {
      if (!kept) {
        Files.deleteIfExists(file);
      }
    }
  }

  /** Reads the envelope's header from {@code in}, which must be exactly {@code header}, the one the shares were checked against. */
  private static void sameHeader(InputStream in, EnvelopeHeader header) throws java.io.IOException {
    try {
      if (!Arrays.equals(EnvelopeHeader.read(in).encoded(), header.encoded())) {
        throw new UserError(Failure.BAD_ANSWER, "the envelope the vault sent has another header than the one it served before");
      }
    } catch (MalformedEnvelopeException e) {
      throw new UserError(Failure.BAD_ANSWER, "the envelope the vault sent is malformed: " + e.getMessage());
    }
  }

  /** Decrypts and checks the section into {@code out}, the bar following the envelope as it is read. */
  static OpenedPayload decrypt(Path envelope, SectionKey key, Path out, UploadProgress progress) throws Exception {
    long total = Files.size(envelope);
    try {
      return EnvelopeOpener.open(envelope, key, out, read -> progress.advance(Math.min(read, total), total));
    } finally {
      progress.done();
    }
  }
}
