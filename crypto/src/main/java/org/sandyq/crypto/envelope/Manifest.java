package org.sandyq.crypto.envelope;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * The manifest at the front of a payload plaintext: {@code {"v":1,"text":…,"answers":{…},
 * "files":[{"name","media_type","size","sha256"}…],"report":…}}. It is only ever inside
 * ciphertext: a public hash of a plaintext file would let anyone confirm a guess of it.
 */
final class Manifest {
  static final int VERSION = 1;
  private static final Set<String> MEMBERS = Set.of("v", "text", "answers", "files", "report");
  private static final Set<String> FILE_MEMBERS = Set.of("name", "media_type", "size", "sha256");
  private static final ObjectMapper COMPACT = new ObjectMapper();

  final String text;
  final Map<String, String> answers;
  final List<ManifestFile> files;
  final JsonNode report;

  Manifest(String text, Map<String, String> answers, List<ManifestFile> files, JsonNode report) {
    this.text = text;
    this.answers = Collections.unmodifiableMap(new TreeMap<>(answers));
    this.files = List.copyOf(files);
    this.report = report.deepCopy();
  }

  long filesLength() {
    return files.stream().mapToLong(ManifestFile::size).sum();
  }

  ObjectNode toJson() {
    ObjectNode node = Json.object();
    node.put("v", VERSION);
    node.put("text", text);
    ObjectNode a = node.putObject("answers");
    answers.forEach(a::put);
    ArrayNode list = node.putArray("files");
    for (ManifestFile f : files) {
      ObjectNode entry = list.addObject();
      entry.put("name", f.name());
      entry.put("media_type", f.mediaType());
      entry.put("size", f.size());
      entry.put("sha256", f.sha256().hex());
    }
    node.set("report", report.deepCopy());
    return node;
  }

  /** Compact UTF-8 JSON, members in the order above. */
  byte[] encode() {
    try {
      byte[] bytes = COMPACT.writeValueAsBytes(toJson());
      if (bytes.length > EnvelopeFormat.MAX_MANIFEST_LENGTH) {
        throw new IllegalArgumentException("the manifest would be " + bytes.length + " bytes, more than "
            + EnvelopeFormat.MAX_MANIFEST_LENGTH + " (a huge report or too many answers?)");
      }
      return bytes;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  static Manifest parse(byte[] utf8) throws MalformedEnvelopeException {
    try {
      JsonFields f = JsonFields.of(Json.parse(utf8), "manifest").only(MEMBERS);
      f.integer("v", VERSION, VERSION);
      String text = f.text("text");
      if (text.getBytes(StandardCharsets.UTF_8).length > EnvelopeFormat.MAX_TEXT_BYTES) {
        throw new MalformedEnvelopeException("manifest: text longer than " + EnvelopeFormat.MAX_TEXT_BYTES + " bytes");
      }
      return new Manifest(text, answers(f.object("answers")), files(f.array("files")), f.get("report"));
    } catch (MalformedJsonException e) {
      throw new MalformedEnvelopeException(e.getMessage());
    }
  }

  private static Map<String, String> answers(JsonFields answers) throws MalformedEnvelopeException {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : answers.node().properties()) {
      if (!e.getValue().isTextual()) {
        throw new MalformedEnvelopeException("manifest: answer \"" + e.getKey() + "\" must be a string");
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    if (out.size() > EnvelopeFormat.MAX_ANSWERS) {
      throw new MalformedEnvelopeException("manifest: more than " + EnvelopeFormat.MAX_ANSWERS + " answers");
    }
    return out;
  }

  private static List<ManifestFile> files(JsonNode array) throws MalformedJsonException, MalformedEnvelopeException {
    if (array.size() > EnvelopeFormat.MAX_FILES) {
      throw new MalformedEnvelopeException("manifest: more than " + EnvelopeFormat.MAX_FILES + " files");
    }
    List<ManifestFile> out = new ArrayList<>(array.size());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      JsonFields entry = JsonFields.of(array.get(i), "manifest.files[" + i + "]").only(FILE_MEMBERS);
      String name = entry.text("name");
      String problem = FileNames.problem(name).orElse(null);
      if (problem != null) {
        throw new MalformedEnvelopeException("manifest: " + problem);
      }
      if (!seen.add(FileNames.collisionKey(name))) {
        throw new MalformedEnvelopeException("manifest: two files named \"" + name + "\"");
      }
      String mediaType = entry.text("media_type");
      if (!EnvelopeFormat.MEDIA_TYPE.matcher(mediaType).matches()) {
        throw new MalformedEnvelopeException("manifest: \"" + mediaType + "\" is not a media type");
      }
      long size = entry.integer("size", 0, EnvelopeFormat.MAX_PAYLOAD_CIPHERTEXT);
      String hex = entry.text("sha256");
      if (!hex.matches("[0-9a-f]{64}")) {
        throw new MalformedEnvelopeException("manifest: sha256 of \"" + name + "\" is not 64 lowercase hex digits");
      }
      out.add(new ManifestFile(name, mediaType, size, Sha256.parse(hex)));
    }
    return out;
  }
}
