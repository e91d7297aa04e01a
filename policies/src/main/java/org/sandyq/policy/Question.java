package org.sandyq.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * One question of a category's questionnaire. The id is stable across versions and languages, so
 * answers can be compared; the labels are what a source reads.
 */
public record Question(String id, QuestionKind kind, Labels labels) {
  private static final Set<String> MEMBERS = Set.of("id", "kind", "labels");

  static Question fromJson(JsonNode node, String where) throws MalformedJsonException {
    JsonFields f = JsonFields.of(node, where).only(MEMBERS);
    String id = Text.id(f, "id", where);
    String kindLabel = f.text("kind");
    QuestionKind kind = QuestionKind.parse(kindLabel);
    if (kind == null) {
      throw new MalformedJsonException(
          where + ": \"kind\" is \"" + kindLabel + "\", must be text, number or date");
    }
    return new Question(id, kind, Labels.fromJson(f, where));
  }
}
