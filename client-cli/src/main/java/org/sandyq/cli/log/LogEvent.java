package org.sandyq.cli.log;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;
import org.sandyq.crypto.json.CanonicalJson;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * One log entry (docs/server-api.md, "Log entries"), read strictly: the bytes must be the RFC 8785
 * canonical JSON of the event, with exactly the members its type has. Written independently of the
 * server's encoder, so that an auditor does not share its bugs.
 */
public sealed interface LogEvent {
  Pattern HEX32 = Pattern.compile("[0-9a-f]{32}");
  Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  Pattern FINGERPRINT = Pattern.compile("sha256:[0-9a-f]{64}");
  Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  String type();

  /** Index 0: binds the policy to the server's log key and intake key. */
  record Genesis(String policy, String origin, String logVkey, String intakeKey) implements LogEvent {
    @Override
    public String type() {
      return "genesis";
    }
  }

  /** A submission received: the UTC day only, never a time, nothing about the source. */
  record Submission(LocalDate day, String submission, String category, String policy, long size,
      String envelopeSha256) implements LogEvent {
    @Override
    public String type() {
      return "submission";
    }
  }

  /** Thrown with a message that says what is wrong with the entry (the caller adds its index). */
  final class MalformedEntryException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedEntryException(String message) {
      super(message);
    }
  }

  static LogEvent parse(byte[] entry) throws MalformedEntryException {
    JsonNode node;
    try {
      node = Json.parse(entry);
      if (!Arrays.equals(CanonicalJson.encode(node), entry)) {
        throw new MalformedEntryException("is not in canonical JSON form");
      }
      JsonFields f = JsonFields.of(node, "entry");
      if (f.integer("v", 1, 1) != 1) {
        throw new MalformedEntryException("has an unknown version");
      }
      String type = f.text("type");
      return switch (type) {
        case "genesis" -> {
          f.only(Set.of("type", "v", "policy", "origin", "log_vkey", "intake_key"));
          byte[] intake = Base64.getDecoder().decode(f.text("intake_key"));
          if (intake.length != 32) {
            throw new MalformedEntryException("has an intake key that is not 32 bytes");
          }
          yield new Genesis(matching(f, "policy", FINGERPRINT), f.text("origin"), f.text("log_vkey"),
              f.text("intake_key"));
        }
        case "submission" -> {
          f.only(Set.of("type", "v", "day", "submission", "category", "policy", "size", "envelope_sha256"));
          LocalDate day;
          try {
            day = LocalDate.parse(matching(f, "day", DAY));
          } catch (DateTimeParseException e) {
            throw new MalformedEntryException("has a day that is not a date");
          }
          yield new Submission(day, matching(f, "submission", HEX32), f.text("category"),
              matching(f, "policy", FINGERPRINT), f.integer("size", 1, Long.MAX_VALUE),
              matching(f, "envelope_sha256", HEX64));
        }
        default -> throw new MalformedEntryException("has an event type this sandyq does not know (\""
            + printable(type) + "\"); a newer sandyq may audit it");
      };
    } catch (MalformedJsonException | IllegalArgumentException e) {
      throw new MalformedEntryException("is not a well-formed event: " + e.getMessage());
    }
  }

  private static String matching(JsonFields f, String name, Pattern pattern) throws MalformedJsonException {
    String value = f.text(name);
    if (!pattern.matcher(value).matches()) {
      throw new MalformedJsonException("\"" + name + "\" is not in its form");
    }
    return value;
  }

  private static String printable(String s) {
    String p = s.replaceAll("[^\\x20-\\x7e]", "?");
    return p.length() > 40 ? p.substring(0, 40) + "…" : p;
  }
}
