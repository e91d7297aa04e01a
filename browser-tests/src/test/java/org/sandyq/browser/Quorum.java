package org.sandyq.browser;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sandyq.cli.DemoVault;
import org.sandyq.crypto.json.Json;

/**
 * The lawyers of the demo vault (3 of 5) with the real command line: what a source sent through
 * the page is opened as anything else is, by a request, two colleagues' approvals and the
 * requester's own share, decrypted on the requester's side.
 */
final class Quorum {
  static final String REQUESTER = "aigerim";
  static final String[] APPROVERS = {"bakyt", "chynara"};

  private final DemoVault vault;
  private final Path state;

  Quorum(DemoVault vault, Path state) {
    this.vault = vault;
    this.state = state;
  }

  /** What {@code sandyq status --receipt R --json} says: the source's own view, through the API. */
  JsonNode status(String receipt) throws Exception {
    return vault.json(vault.cli.run("status", "--server", vault.url, "--receipt", receipt, "--json"));
  }

  /** The submission a receipt from the page stands for (the receipt is a real receipt: the CLI finds it). */
  String submissionOf(String receipt) throws Exception {
    return status(receipt).get("submission_id").asText();
  }

  /** A lawyer's inbox entry (triage decrypted by that one lawyer) for {@code submission}. */
  JsonNode inboxEntry(String submission) throws Exception {
    for (JsonNode e : vault.json(vault.as(REQUESTER, "inbox", "--json")).get("submissions")) {
      if (e.get("submission_id").asText().equals(submission)) {
        return e;
      }
    }
    throw new AssertionError(submission + " is not in the inbox");
  }

  /** Requests, approves (k - 1 colleagues) and opens {@code submission} into {@code out}; returns manifest.json. */
  JsonNode open(String submission, Path out) throws Exception {
    String rid = vault.as(REQUESTER, "unseal", "request", "--submission", submission, "--reason",
        "Evidence sent through the web page", "--state", state.toString()).assertOk().out().strip();
    for (String approver : APPROVERS) {
      vault.as(approver, "unseal", "approve", "--yes", "--request", rid).assertOk();
    }
    vault.as(REQUESTER, "unseal", "open", "--request", rid, "--out", out.toString(), "--state", state.toString())
        .assertOk();
    return Json.parse(Files.readAllBytes(out.resolve("manifest.json")));
  }

  /** A lawyer's encrypted reply to the source of {@code submission}. */
  void reply(String submission, String text) {
    vault.as(APPROVERS[0], "reply", "--submission", submission, "--text", text).assertOk();
  }
}
