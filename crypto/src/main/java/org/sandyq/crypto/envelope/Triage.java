package org.sandyq.crypto.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.sandyq.crypto.json.CanonicalJson;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * The triage document: what any single roster lawyer (by default) may read to decide whether to
 * ask for an unseal. Every member is an optional string, and later features add their own string
 * members (a reply key, say) through {@link Builder#extra}.
 *
 * <p>JSON form (RFC 8785 canonical): {@code {"v":1,"category":…,"region":…,"dates":…,
 * "summary":…,"language":…, extra members…}}; {@code category} always equals the header's.
 */
public final class Triage {
  static final int VERSION = 1;
  private static final Set<String> STANDARD = Set.of("v", "category", "region", "dates", "summary", "language");
  private static final Pattern EXTRA_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  private final Map<String, String> fields; // standard members except v, then extras

  private Triage(Map<String, String> fields) {
    this.fields = Collections.unmodifiableMap(new TreeMap<>(fields));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Empty until sealed; after opening, the envelope's category. */
  public Optional<String> category() {
    return Optional.ofNullable(fields.get("category"));
  }

  public Optional<String> region() {
    return Optional.ofNullable(fields.get("region"));
  }

  public Optional<String> dates() {
    return Optional.ofNullable(fields.get("dates"));
  }

  public Optional<String> summary() {
    return Optional.ofNullable(fields.get("summary"));
  }

  public Optional<String> language() {
    return Optional.ofNullable(fields.get("language"));
  }

  /** Members beyond the standard ones, by name. */
  public Map<String, String> extras() {
    Map<String, String> out = new TreeMap<>(fields);
    out.keySet().removeAll(STANDARD);
    return Collections.unmodifiableMap(out);
  }

  public Optional<String> extra(String name) {
    return STANDARD.contains(name) ? Optional.empty() : Optional.ofNullable(fields.get(name));
  }

  Triage withCategory(String category) {
    Map<String, String> copy = new LinkedHashMap<>(fields);
    copy.put("category", category);
    return new Triage(copy);
  }

  /** The document as a JSON tree, for display ({@code sandyq inbox --json}). */
  public ObjectNode toJson() {
    ObjectNode node = Json.object();
    node.put("v", VERSION);
    fields.forEach(node::put);
    return node;
  }

  byte[] canonicalJson() {
    try {
      return CanonicalJson.encode(toJson());
    } catch (MalformedJsonException e) {
      throw new IllegalArgumentException("triage: " + e.getMessage());
    }
  }

  static Triage fromJson(byte[] utf8) throws MalformedEnvelopeException {
    JsonNode node;
    try {
      node = Json.parse(utf8);
    } catch (MalformedJsonException e) {
      throw new MalformedEnvelopeException("triage: " + e.getMessage());
    }
    if (!node.isObject() || !node.path("v").isIntegralNumber() || node.get("v").asLong() != VERSION) {
      throw new MalformedEnvelopeException("triage: not a v1 triage document");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> member : node.properties()) {
      if (member.getKey().equals("v")) {
        continue;
      }
      if (!STANDARD.contains(member.getKey()) && !EXTRA_NAME.matcher(member.getKey()).matches()) {
        throw new MalformedEnvelopeException("triage: bad member name \"" + member.getKey() + "\"");
      }
      if (!member.getValue().isTextual()) {
        throw new MalformedEnvelopeException("triage: \"" + member.getKey() + "\" must be a string");
      }
      fields.put(member.getKey(), member.getValue().textValue());
    }
    if (!fields.containsKey("category")) {
      throw new MalformedEnvelopeException("triage: missing \"category\"");
    }
    return new Triage(fields);
  }

  @Override
  public String toString() {
    return "triage " + fields.keySet();
  }

  public static final class Builder {
    private final Map<String, String> fields = new LinkedHashMap<>();

    private Builder() {}

    /** Optional: the sealer fills it in from {@link SealingParameters}, and refuses a mismatch. */
    public Builder category(String category) {
      return put("category", EnvelopeFormat.checkCategory(category));
    }

    public Builder region(String region) {
      return put("region", region);
    }

    /** Free text as the source gave it, for example {@code "2024-03 to 2024-07"}. */
    public Builder dates(String dates) {
      return put("dates", dates);
    }

    public Builder summary(String summary) {
      return put("summary", summary);
    }

    /** The language of the submission (a BCP 47 tag such as {@code ky} or {@code ru}). */
    public Builder language(String language) {
      return put("language", language);
    }

    /** Another string member; names are {@code [a-z][a-z0-9_]{0,63}} and not a standard member. */
    public Builder extra(String name, String value) {
      if (name == null || !EXTRA_NAME.matcher(name).matches() || STANDARD.contains(name)) {
        throw new IllegalArgumentException("bad triage member name: " + name);
      }
      return put(name, value);
    }

    private Builder put(String name, String value) {
      if (value == null) {
        throw new IllegalArgumentException("triage \"" + name + "\" is null; leave it out instead");
      }
      fields.put(name, value);
      return this;
    }

    public Triage build() {
      return new Triage(fields);
    }
  }
}
