package org.sandyq.crypto.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.sandyq.crypto.json.Json;

/**
 * What one payload section carries: the source's text, the category questionnaire's answers, the
 * sanitizer's report (an opaque JSON value) and the files, in order.
 */
public final class PayloadContents {
  private final String text;
  private final Map<String, String> answers;
  private final JsonNode report;
  private final List<PayloadFile> files;

  private PayloadContents(Builder b) {
    this.text = b.text;
    this.answers = Collections.unmodifiableMap(new TreeMap<>(b.answers));
    this.report = b.report.deepCopy();
    this.files = List.copyOf(b.files);
  }

  public static Builder builder() {
    return new Builder();
  }

  public String text() {
    return text;
  }

  public Map<String, String> answers() {
    return answers;
  }

  public JsonNode report() {
    return report.deepCopy();
  }

  public List<PayloadFile> files() {
    return files;
  }

  public static final class Builder {
    private String text = "";
    private final Map<String, String> answers = new TreeMap<>();
    private JsonNode report = Json.object();
    private final List<PayloadFile> files = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    private Builder() {}

    /** The source's message; may be empty, at most 1 MiB of UTF-8. */
    public Builder text(String text) {
      if (text.getBytes(StandardCharsets.UTF_8).length > EnvelopeFormat.MAX_TEXT_BYTES) {
        throw new IllegalArgumentException("the text is longer than " + EnvelopeFormat.MAX_TEXT_BYTES + " bytes");
      }
      this.text = text;
      return this;
    }

    public Builder answer(String question, String answer) {
      if (question == null || question.isEmpty() || answer == null) {
        throw new IllegalArgumentException("an answer needs a question id and a value");
      }
      answers.put(question, answer);
      if (answers.size() > EnvelopeFormat.MAX_ANSWERS) {
        throw new IllegalArgumentException("more than " + EnvelopeFormat.MAX_ANSWERS + " answers");
      }
      return this;
    }

    public Builder answers(Map<String, String> all) {
      all.forEach(this::answer);
      return this;
    }

    /** The sanitizer's report, sealed as given (any JSON value; an empty object by default). */
    public Builder report(JsonNode report) {
      if (report == null || report.isMissingNode()) {
        throw new IllegalArgumentException("the report is a JSON value (use an empty object for none)");
      }
      this.report = report;
      return this;
    }

    /** Adds a file; names must be distinct even ignoring case and Unicode normalisation. */
    public Builder file(PayloadFile file) {
      if (!names.add(FileNames.collisionKey(file.name()))) {
        throw new IllegalArgumentException("two files named \"" + file.name() + "\"");
      }
      if (files.size() == EnvelopeFormat.MAX_FILES) {
        throw new IllegalArgumentException("more than " + EnvelopeFormat.MAX_FILES + " files");
      }
      files.add(file);
      return this;
    }

    public PayloadContents build() {
      return new PayloadContents(this);
    }
  }
}
