package org.sandyq.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * A kind of report (unpaid wages, confiscated documents, ...): its stable id, its labels, how long
 * its submissions are kept, an optional unseal threshold of its own, and a short questionnaire.
 */
public record Category(
    String id, Labels labels, OptionalInt threshold, int retentionDays, List<Question> questionnaire) {
  public static final int MAX_RETENTION_DAYS = 36_525; // a century: a ceiling, not a suggestion
  public static final int MAX_QUESTIONS = 32;
  private static final Set<String> MEMBERS = Set.of("id", "labels", "threshold", "retention_days", "questionnaire");

  public Category {
    questionnaire = List.copyOf(questionnaire);
  }

  /** The threshold for unsealing a submission of this category under {@code policy}. */
  public int thresholdUnder(Policy policy) {
    return threshold.orElse(policy.threshold());
  }

  /**
   * Reads a category. The per-category threshold is checked against 2 here and against the number
   * of lawyers by {@link Policy}, which knows the roster.
   */
  static Category fromJson(JsonNode node, String where) throws MalformedJsonException {
    JsonFields f = JsonFields.of(node, where).only(MEMBERS);
    String id = Text.id(f, "id", where);
    String at = where + " \"" + id + "\"";
    OptionalInt threshold = node.has("threshold") // present means an integer; null is refused
        ? OptionalInt.of((int) f.integer("threshold", Policy.MIN_THRESHOLD, Policy.MAX_LAWYERS))
        : OptionalInt.empty();
    int retention = (int) f.integer("retention_days", 1, MAX_RETENTION_DAYS);
    JsonNode questions = f.array("questionnaire");
    if (questions.size() > MAX_QUESTIONS) {
      throw new MalformedJsonException(at + ": more than " + MAX_QUESTIONS + " questions");
    }
    List<Question> list = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < questions.size(); i++) {
      Question q = Question.fromJson(questions.get(i), at + ".questionnaire[" + i + "]");
      if (!ids.add(q.id())) {
        throw new MalformedJsonException(at + ": question id \"" + q.id() + "\" appears twice");
      }
      list.add(q);
    }
    return new Category(id, Labels.fromJson(f, at), threshold, retention, list);
  }
}
