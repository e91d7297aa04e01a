package org.sandyq.server.intake.form;

import java.util.List;
import org.sandyq.sanitizer.FileReport;
import org.sandyq.server.log.TransparencyLog;

/**
 * A web form sealed and stored.
 *
 * @param receipt the receipt, formatted in groups ({@code 4821-0937-5512-8843-2216}); for a
 *     follow-up, the receipt the source gave (normalised)
 * @param submissionId the new submission's id (32 hex digits)
 * @param reports what the sanitizer did to each file, in the order sent
 * @param category the category id (a follow-up's is its parent's)
 * @param followup whether this was a follow-up
 * @param log its entry in the transparency log, with an inclusion proof and the checkpoint it is
 *     proven against (what {@code submit --json} prints as {@code log})
 */
public record Accepted(String receipt, String submissionId, List<FileReport> reports, String category,
    boolean followup, TransparencyLog.Inclusion log) {
  public Accepted {
    reports = List.copyOf(reports);
  }
}
