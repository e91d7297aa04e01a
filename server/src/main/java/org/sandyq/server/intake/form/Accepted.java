package org.sandyq.server.intake.form;

import java.util.List;
import org.sandyq.sanitizer.FileReport;

/**
 * A web form sealed and stored.
 *
 * @param receipt the receipt, formatted in groups ({@code 4821-0937-5512-8843-2216}); for a
 *     follow-up, the receipt the source gave (normalised)
 * @param submissionId the new submission's id (32 hex digits)
 * @param reports what the sanitizer did to each file, in the order sent
 * @param category the category id (a follow-up's is its parent's)
 * @param followup whether this was a follow-up
 */
public record Accepted(String receipt, String submissionId, List<FileReport> reports, String category,
    boolean followup) {
  public Accepted {
    reports = List.copyOf(reports);
  }
}
