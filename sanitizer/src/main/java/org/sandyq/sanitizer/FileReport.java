package org.sandyq.sanitizer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What the sanitizer did to one file, shown to the source before anything is sealed and carried
 * inside the sealed manifest for the lawyers.
 *
 * @param inputName the file's name on the source's device (shown to the source only)
 * @param outputName the neutral name the cleaned file is sealed under
 * @param detectedType the media type detected from the content, never from the name
 * @param cleaned false when the file was sealed as it was, at the source's explicit request
 */
public record FileReport(
    String inputName,
    String outputName,
    String detectedType,
    boolean cleaned,
    List<String> removed,
    List<String> kept,
    List<String> warnings) {

  public FileReport {
    removed = List.copyOf(removed);
    kept = List.copyOf(kept);
    warnings = List.copyOf(warnings);
  }

  /** The report as JSON; {@code includeInputName} is false for anything that leaves the device. */
  public ObjectNode toJson(boolean includeInputName) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode o = f.objectNode();
    if (includeInputName) {
      o.put("input_name", inputName);
    }
    o.put("name", outputName);
    o.put("detected_type", detectedType);
    o.put("cleaned", cleaned);
    o.set("removed", strings(f, removed));
    o.set("kept", strings(f, kept));
    o.set("warnings", strings(f, warnings));
    return o;
  }

  private static ArrayNode strings(JsonNodeFactory f, List<String> values) {
    ArrayNode a = f.arrayNode();
    values.forEach(a::add);
    return a;
  }
}
