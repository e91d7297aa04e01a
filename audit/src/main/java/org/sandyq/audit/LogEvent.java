package org.sandyq.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.json.CanonicalJson;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;
import org.sandyq.policy.PolicyChain;

/**
 * One log entry (docs/server-api.md, "Log entries"), read strictly: the bytes must be the RFC 8785
 * canonical JSON of the event, with exactly the members its type has. Written independently of the
 * server's encoder, so that an auditor does not share its bugs.
 */
public sealed interface LogEvent {
  Pattern HEX32 = Pattern.compile("[0-9a-f]{32}");
  Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  Pattern FINGERPRINT = Pattern.compile("sha256:[0-9a-f]{64}");
  Pattern DAY = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  Pattern SECTION = Pattern.compile("evidence|original");
  int MAX_LAWYERS = 255;

  String type();

  /** An event that names the policy version it was made under, written {@code sha256:<hex>}. */
  sealed interface UnderPolicy extends LogEvent permits Genesis, Submission, Followup {
    String policy();

    /** The fingerprint {@link #policy} names (its form was checked when the entry was read). */
    default Sha256 policyFingerprint() {
      return Sha256.parse(policy());
    }
  }

  /** Index 0: binds the policy to the server's log key and intake key. */
  record Genesis(String policy, String origin, String logVkey, String intakeKey) implements UnderPolicy {
    @Override
    public String type() {
      return "genesis";
    }
  }

  /** A submission received: the UTC day only, never a time, nothing about the source. */
  record Submission(LocalDate day, String submission, String category, String policy, long size,
      String envelopeSha256) implements UnderPolicy {
    @Override
    public String type() {
      return "submission";
    }
  }

  /** Follow-up evidence from the source of {@code parent}: a new envelope linked to it. */
  record Followup(LocalDate day, String submission, String parent, String category, String policy, long size,
      String envelopeSha256) implements UnderPolicy {
    @Override
    public String type() {
      return "followup";
    }
  }

  /**
   * A lawyer's signed unseal request, carried whole so that auditors can check it; the members
   * named here are read from its body for display and are verified with it during the replay.
   */
  record UnsealRequested(LocalDate day, String request, String submission, String section, String requester,
      ObjectNode document) implements LogEvent {
    @Override
    public String type() {
      return "unseal-request";
    }
  }

  /** A lawyer's signed approval of a request, carried whole (the share inside is sealed to the requester). */
  record UnsealApproved(LocalDate day, String request, String submission, String section, String approver,
      ObjectNode document) implements LogEvent {
    @Override
    public String type() {
      return "unseal-approval";
    }
  }

  /**
   * A roster lawyer declined a request: a statement, not a veto (the quorum rule counts approvals
   * only). Not a signed document: the vault vouches for who declined, as for holds; a decline the
   * vault made up can refuse nothing that k approvals allow.
   */
  record UnsealDeclined(LocalDate day, String request, String submission, String lawyer) implements LogEvent {
    @Override
    public String type() {
      return "unseal-decline";
    }
  }

  /** The server let the requester open a section, with these approvals (their documents' hashes). */
  record UnsealOpened(LocalDate day, String request, String submission, String section, String requester,
      List<String> approvals) implements LogEvent {
    @Override
    public String type() {
      return "unseal-opened";
    }
  }

  /** A lawyer's reply to the source; the sealed text is not in the log, only its document's hash. */
  record ReplySent(LocalDate day, String submission, String reply, String author, String replySha256)
      implements LogEvent {
    @Override
    public String type() {
      return "reply";
    }
  }

  /** A legal hold placed ({@code held}) or released by a roster lawyer. */
  record Hold(LocalDate day, String submission, String lawyer, boolean held) implements LogEvent {
    @Override
    public String type() {
      return held ? "hold" : "release";
    }
  }

  /**
   * A roster lawyer's vote to release a legal hold that another lawyer placed: the hold is released
   * (a {@link Hold} release by the lawyer whose vote completes them) once k distinct lawyers of the
   * policy in force have voted since it was placed ({@link QuorumRule#toRelease}).
   */
  record ReleaseVote(LocalDate day, String submission, String lawyer) implements LogEvent {
    @Override
    public String type() {
      return "release-vote";
    }
  }

  /** Retention ran out: the envelope and its shares were destroyed. */
  record Expired(LocalDate day, String submission) implements LogEvent {
    @Override
    public String type() {
      return "expired";
    }
  }

  /**
   * Version {@code version} of the policy came into force: its fingerprint and its predecessor's.
   * One per version after the one genesis names, in order.
   */
  record PolicyChange(LocalDate day, int version, String policy, String previous) implements LogEvent {
    @Override
    public String type() {
      return "policy";
    }
  }

  /** The day of the event; genesis has none. */
  default Optional<LocalDate> when() {
    return switch (this) {
      case Genesis g -> Optional.empty();
      case Submission e -> Optional.of(e.day());
      case Followup e -> Optional.of(e.day());
      case UnsealRequested e -> Optional.of(e.day());
      case UnsealApproved e -> Optional.of(e.day());
      case UnsealDeclined e -> Optional.of(e.day());
      case UnsealOpened e -> Optional.of(e.day());
      case ReplySent e -> Optional.of(e.day());
      case Hold e -> Optional.of(e.day());
      case ReleaseVote e -> Optional.of(e.day());
      case Expired e -> Optional.of(e.day());
      case PolicyChange e -> Optional.of(e.day());
    };
  }

  /**
   * Entry {@code index}, read strictly. The index only names the entry in the failure: what an
   * entry may say given the ones before it is the {@link Ledger}'s to check.
   */
  static LogEvent parse(long index, byte[] entry) throws AuditFailure {
    JsonNode node;
    try {
      node = Json.parse(entry);
    } catch (MalformedJsonException e) {
      throw new AuditFailure(AuditFailure.Reason.NOT_JSON, index, "is not a well-formed event: " + e.getMessage());
    }
    try {
      if (!node.isObject()) {
        throw new AuditFailure(AuditFailure.Reason.NOT_JSON, index, "is not a well-formed event: not a JSON object");
      }
      if (!Arrays.equals(CanonicalJson.encode(node), entry)) {
        throw new AuditFailure(AuditFailure.Reason.NOT_CANONICAL, index, "is not in canonical JSON form");
      }
      JsonFields f = JsonFields.of(node, "entry");
      if (!f.get("v").isIntegralNumber() || !f.get("v").canConvertToInt() || f.get("v").intValue() != 1) {
        throw new AuditFailure(AuditFailure.Reason.UNKNOWN_VERSION, index, "has an unknown version");
      }
      String type = f.text("type");
      return switch (type) {
        case "genesis" -> {
          f.only(Set.of("type", "v", "policy", "origin", "log_vkey", "intake_key"));
          f.base64("intake_key", 32);
          yield new Genesis(matching(f, "policy", FINGERPRINT), f.text("origin"), f.text("log_vkey"),
              f.text("intake_key"));
        }
        case "submission" -> {
          f.only(Set.of("type", "v", "day", "submission", "category", "policy", "size", "envelope_sha256"));
          yield new Submission(day(f), matching(f, "submission", HEX32), f.text("category"),
              matching(f, "policy", FINGERPRINT), f.integer("size", 1, Long.MAX_VALUE),
              matching(f, "envelope_sha256", HEX64));
        }
        case "followup" -> {
          f.only(Set.of("type", "v", "day", "submission", "parent", "category", "policy", "size", "envelope_sha256"));
          yield new Followup(day(f), matching(f, "submission", HEX32), matching(f, "parent", HEX32),
              f.text("category"), matching(f, "policy", FINGERPRINT), f.integer("size", 1, Long.MAX_VALUE),
              matching(f, "envelope_sha256", HEX64));
        }
        case "unseal-request" -> {
          f.only(Set.of("type", "v", "day", "request"));
          JsonFields doc = document(f, "request");
          JsonFields b = doc.object("body");
          yield new UnsealRequested(day(f), matching(b, "request", HEX32), matching(b, "submission", HEX32),
              matching(b, "section", SECTION), matching(b, "requester", HEX32), (ObjectNode) doc.node());
        }
        case "unseal-approval" -> {
          f.only(Set.of("type", "v", "day", "approval"));
          JsonFields doc = document(f, "approval");
          JsonFields b = doc.object("body");
          yield new UnsealApproved(day(f), matching(b, "request", HEX32), matching(b, "submission", HEX32),
              matching(b, "section", SECTION), matching(b, "approver", HEX32), (ObjectNode) doc.node());
        }
        case "unseal-decline" -> {
          f.only(Set.of("type", "v", "day", "request", "submission", "lawyer"));
          yield new UnsealDeclined(day(f), matching(f, "request", HEX32), matching(f, "submission", HEX32),
              matching(f, "lawyer", HEX32));
        }
        case "unseal-opened" -> {
          f.only(Set.of("type", "v", "day", "request", "submission", "section", "requester", "approvals"));
          JsonNode list = f.array("approvals");
          List<String> hashes = new ArrayList<>();
          for (JsonNode h : list) {
            if (!h.isTextual() || !HEX64.matcher(h.textValue()).matches()) {
              throw new MalformedJsonException("\"approvals\" holds something that is not a hash");
            }
            hashes.add(h.textValue());
          }
          if (hashes.size() > MAX_LAWYERS) {
            throw new MalformedJsonException("\"approvals\" lists more than " + MAX_LAWYERS + " hashes");
          }
          yield new UnsealOpened(day(f), matching(f, "request", HEX32), matching(f, "submission", HEX32),
              matching(f, "section", SECTION), matching(f, "requester", HEX32), List.copyOf(hashes));
        }
        case "reply" -> {
          f.only(Set.of("type", "v", "day", "submission", "reply", "author", "reply_sha256"));
          yield new ReplySent(day(f), matching(f, "submission", HEX32), matching(f, "reply", HEX32),
              matching(f, "author", HEX32), matching(f, "reply_sha256", HEX64));
        }
        case "hold", "release", "release-vote" -> {
          f.only(Set.of("type", "v", "day", "submission", "lawyer"));
          LocalDate day = day(f);
          String submission = matching(f, "submission", HEX32);
          String lawyer = matching(f, "lawyer", HEX32);
          yield type.equals("release-vote") ? new ReleaseVote(day, submission, lawyer)
              : new Hold(day, submission, lawyer, type.equals("hold"));
        }
        case "expired" -> {
          f.only(Set.of("type", "v", "day", "submission"));
          yield new Expired(day(f), matching(f, "submission", HEX32));
        }
        case "policy" -> {
          f.only(Set.of("type", "v", "day", "version", "policy", "previous"));
          yield new PolicyChange(day(f), (int) f.integer("version", 2, PolicyChain.MAX_VERSIONS),
              matching(f, "policy", FINGERPRINT), matching(f, "previous", FINGERPRINT));
        }
        default -> throw new AuditFailure(AuditFailure.Reason.UNKNOWN_TYPE, index, "has an event type this sandyq"
            + " does not know (\"" + printable(type) + "\"); a newer sandyq may audit it");
      };
    } catch (MalformedJsonException e) {
      throw new AuditFailure(AuditFailure.Reason.MALFORMED, index, "is not a well-formed event: " + e.getMessage());
    }
  }

  /** A UTC day, {@code YYYY-MM-DD}, that exists. */
  private static LocalDate day(JsonFields f) throws MalformedJsonException {
    try {
      return LocalDate.parse(matching(f, "day", DAY));
    } catch (DateTimeParseException e) {
      throw new MalformedJsonException("\"day\" is not a date");
    }
  }

  /** A signed document's outer shape: {@code body}, {@code signer}, {@code signature} and nothing else. */
  private static JsonFields document(JsonFields f, String name) throws MalformedJsonException {
    JsonFields doc = f.object(name).only(Set.of("body", "signer", "signature"));
    doc.object("body");
    return doc;
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
