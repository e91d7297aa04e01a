package org.sandyq.tip;

import java.util.List;
import org.sandyq.crypto.envelope.SealedEnvelope;
import org.sandyq.policy.Category;
import org.sandyq.policy.Policy;
import org.sandyq.sanitizer.FileReport;

/**
 * A sealed tip and what the source should be told about it.
 *
 * @param envelope the envelope's header and length
 * @param reports what the sanitizer did to each file, in the order given
 * @param policy the policy version it was sealed under (the latest of the chain)
 * @param category the category
 * @param originals whether the untouched files were sealed too
 */
public record SealedTip(SealedEnvelope envelope, List<FileReport> reports, Policy policy, Category category,
    boolean originals) {
  public SealedTip {
    reports = List.copyOf(reports);
  }

  /** Lawyers needed to open the evidence, of how many. */
  public int threshold() {
    return category.thresholdUnder(policy);
  }
}
