package org.sandyq.server.lawyer;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.crypto.unseal.Reply;
import org.sandyq.crypto.unseal.Roster;
import org.sandyq.crypto.unseal.UnsealException;
import org.sandyq.server.Problem;
import org.sandyq.server.log.LogEvents;
import org.sandyq.server.log.TransparencyLog;
import org.sandyq.server.storage.Database;
import org.sandyq.server.storage.Writer;

/**
 * Lawyers' replies to sources (docs/unseal.md, "Reply"): signed by a lawyer of the policy in
 * force, sealed to the source and to exactly that roster, dated today; stored for the source's
 * {@code POST /v1/status} and logged by hash (the sealed text stays out of the log). A reply is
 * deleted with its submission's envelope when the submission expires.
 */
public final class Replies {
  private final Casework casework;
  private final Database db;
  private final Writer writer;
  private final TransparencyLog log;

  public Replies(Casework casework, Database db, Writer writer, TransparencyLog log) {
    this.casework = casework;
    this.db = db;
    this.writer = writer;
    this.log = log;
  }

  public TransparencyLog.Inclusion post(PublicIdentity lawyer, byte[] body, LocalDate today) throws Problem, IOException {
    Roster inForce = casework.inForce();
    Reply reply;
    try {
      reply = Reply.verify(body, inForce);
    } catch (UnsealException e) {
      throw Casework.problem(e);
    }
    Casework.requireAuthor(reply.author(), lawyer, "reply");
    Casework.requireToday(reply.day(), today, "reply");
    if (!reply.isSealedToExactly(inForce)) {
      throw Casework.invalid("the reply's key is not sealed to exactly the " + inForce.size()
          + " lawyers of the policy in force, in roster order");
    }
    String submission = reply.submission().hex();
    byte[] entry = LogEvents.reply(today, submission, reply.id().hex(), reply.author().hex(), reply.sha256().hex());
    long index = writer.run(batch -> {
      Connection c = batch.connection();
      Casework.live(c, submission);
      long i = log.append(c, entry);
      Casework.insert(c, "replies", "replies.id", "id, submission, document, log_index",
          () -> Casework.duplicate("reply", reply.id().hex()), reply.id().hex(), submission, reply.document().encode(), i);
      return i;
    });
    return log.inclusion(index);
  }

  /** The replies to {@code submission} and to its follow-ups, as signed documents, oldest first. */
  public List<JsonNode> forSource(String submission) throws Problem, IOException {
    return Casework.read(db, c -> {
      List<JsonNode> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT document FROM replies WHERE submission = ?"
          + " OR submission IN (SELECT id FROM submissions WHERE parent = ?) ORDER BY log_index")) {
        s.setString(1, submission);
        s.setString(2, submission);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            out.add(Casework.parse(rs.getBytes(1)));
          }
        }
      }
      return out;
    });
  }
}
