package org.sandyq.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * A starting point for a policy: categories with their labels, retention and questionnaires, the
 * intake limits and the triage threshold. Templates are data files ({@code templates/NAME.json} on
 * the class path, or any file), not code.
 *
 * <p>Format: {@code {"type":"sandyq-policy-template","name":…,"description":…,"triage_threshold":…,
 * "intake":{…},"questions":{"ID":{"kind":…,"labels":{…}},…},"categories":[{"id":…,"labels":{…},
 * "retention_days":…,["threshold":…,]"questionnaire":["ID",…]},…]}}. Questions are written once
 * and referred to by id; a policy made from the template carries them in full in each category.
 */
public final class PolicyTemplate {
  public static final String TYPE = "sandyq-policy-template";
  public static final String DEFAULT = "default";
  private static final Set<String> MEMBERS =
      Set.of("type", "name", "description", "triage_threshold", "intake", "questions", "categories");
  private static final Set<String> QUESTION_MEMBERS = Set.of("kind", "labels");

  private final String name;
  private final String description;
  private final int triageThreshold;
  private final ObjectNode intake;
  private final ArrayNode categories;

  private PolicyTemplate(String name, String description, int triageThreshold, ObjectNode intake, ArrayNode categories) {
    this.name = name;
    this.description = description;
    this.triageThreshold = triageThreshold;
    this.intake = intake;
    this.categories = categories;
  }

  /** The default template: the ten categories of the product brief. */
  public static PolicyTemplate defaults() throws PolicyException {
    return builtIn(DEFAULT);
  }

  /** A template shipped in this library, by name (for now: {@value #DEFAULT}). */
  public static PolicyTemplate builtIn(String name) throws PolicyException {
    if (!Text.ID.matcher(name).matches()) {
      throw new PolicyException("no built-in policy template \"" + name + "\" (try \"" + DEFAULT + "\")");
    }
    try (InputStream in = PolicyTemplate.class.getResourceAsStream("templates/" + name + ".json")) {
      if (in == null) {
        throw new PolicyException("no built-in policy template \"" + name + "\" (try \"" + DEFAULT + "\")");
      }
      return parse(in.readNBytes(Json.MAX_DOCUMENT_BYTES + 1), "template " + name);
    } catch (IOException e) {
      throw new PolicyException("cannot read the built-in template \"" + name + "\": " + e.getMessage(), e);
    }
  }

  public static PolicyTemplate read(Path file) throws IOException, PolicyException {
    return parse(Files.readAllBytes(file), file.getFileName().toString());
  }

  private static PolicyTemplate parse(byte[] bytes, String where) throws PolicyException {
    try {
      return fromJson(Json.parse(bytes), where);
    } catch (MalformedJsonException e) {
      throw new PolicyException(where + ": " + e.getMessage());
    }
  }

  private static PolicyTemplate fromJson(JsonNode node, String where) throws MalformedJsonException {
    JsonFields f = JsonFields.of(node, where).only(MEMBERS);
    if (!TYPE.equals(f.text("type"))) {
      throw new MalformedJsonException(where + ": \"type\" must be \"" + TYPE + "\"");
    }
    String name = Text.id(f, "name", where);
    String description = Text.display(f, "description", 1000, where);
    int triage = (int) f.integer("triage_threshold", 1, Policy.MAX_LAWYERS);
    IntakeLimits.fromJson(f.get("intake"), where + ".intake");
    Map<String, ObjectNode> questions = questions(f.object("questions"), where);
    Set<String> used = new HashSet<>();
    ArrayNode categories = Json.object().arrayNode();
    JsonNode list = f.array("categories");
    for (int i = 0; i < list.size(); i++) {
      String at = where + ".categories[" + i + "]";
      ObjectNode category = JsonFields.of(list.get(i), at).node().deepCopy();
      ArrayNode expanded = category.putArray("questionnaire");
      for (JsonNode ref : JsonFields.of(list.get(i), at).array("questionnaire")) {
        ObjectNode q = ref.isTextual() ? questions.get(ref.textValue()) : null;
        if (q == null) {
          throw new MalformedJsonException(at + ": questionnaire refers to " + ref + ", which is not in \"questions\"");
        }
        used.add(ref.textValue());
        expanded.add(q.deepCopy());
      }
      Category.fromJson(category, at);
      categories.add(category);
    }
    if (!used.containsAll(questions.keySet())) {
      Set<String> unused = new HashSet<>(questions.keySet());
      unused.removeAll(used);
      throw new MalformedJsonException(where + ": questions no category uses: " + unused);
    }
    return new PolicyTemplate(name, description, triage, ((ObjectNode) f.get("intake")).deepCopy(), categories);
  }

  private static Map<String, ObjectNode> questions(JsonFields library, String where) throws MalformedJsonException {
    Map<String, ObjectNode> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : library.node().properties()) {
      String at = where + ".questions." + e.getKey();
      JsonFields.of(e.getValue(), at).only(QUESTION_MEMBERS);
      ObjectNode q = Json.object();
      q.put("id", e.getKey());
      q.setAll((ObjectNode) e.getValue());
      Question.fromJson(q, at);
      out.put(e.getKey(), q);
    }
    return out;
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  public int triageThreshold() {
    return triageThreshold;
  }

  /** The categories as a policy made from this template carries them. */
  public List<Category> categories() {
    List<Category> out = new ArrayList<>();
    for (JsonNode c : categories) {
      try {
        out.add(Category.fromJson(c, "template " + name));
      } catch (MalformedJsonException e) {
        throw new IllegalStateException("validated when the template was read", e);
      }
    }
    return out;
  }

  ArrayNode categoriesJson() {
    return categories.deepCopy();
  }

  ObjectNode intakeJson() {
    return intake.deepCopy();
  }
}
