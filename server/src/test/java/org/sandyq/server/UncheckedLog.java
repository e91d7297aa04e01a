package org.sandyq.server;

import java.io.IOException;
import org.sandyq.server.log.TransparencyLog;

/**
 * Appends an entry to a running server's transparency log as it is, with no check at all, through
 * the server's own writer (so the log's tree and signed checkpoint follow), as a compromised or
 * buggy server would. Auditor tests record what the server refuses to log (an opening with too
 * few approvals, an event about an unknown submission) and check that {@code audit verify}
 * catches it. Test code, in the server's test-jar for client-cli: the product cannot do this.
 */
public final class UncheckedLog {
  private UncheckedLog() {}

  /** Appends {@code entry} in its own transaction; its inclusion against the new checkpoint. */
  public static TransparencyLog.Inclusion append(VaultServer server, byte[] entry) throws IOException, Problem {
    TransparencyLog log = server.log();
    return log.inclusion(server.writer().run(batch -> log.append(batch.connection(), entry.clone())));
  }
}
