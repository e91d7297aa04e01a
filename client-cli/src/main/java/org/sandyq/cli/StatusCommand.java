package org.sandyq.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import org.sandyq.cli.log.LogEvent;
import org.sandyq.cli.net.HttpProblem;
import org.sandyq.cli.net.VaultHttp;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;
import org.sandyq.crypto.receipt.Receipt;
import org.sandyq.crypto.receipt.ReceiptKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", description = "Check on a tip you sent, with its receipt.")
final class StatusCommand implements Callable<Integer> {
  private final Io io;

  @Mixin ServerOptions server;

  @Option(names = "--receipt", required = true, paramLabel = "R", description = "The receipt you were given, e.g. 4821-0937-5512-8843-2216.")
  String receiptText;

  @Mixin Output output;

  StatusCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    Receipt receipt = Receipts.parse(receiptText); // a typo is caught here, before anything is sent
    JsonNode answer;
    try (VaultHttp http = server.connect()) {
      VaultPolicy vault = VaultPolicy.fetch(http, server.pin());
      ReceiptKeys keys = Receipts.derive(receipt, vault.policy().receiptSalt());
      try {
        answer = http.postJson("v1/status", Json.object().put("lookup", keys.lookup().base64()));
      } catch (HttpProblem p) {
        if (p.status() == 404) {
          throw new UserError("no tip with this receipt at " + http.base()
              + "; check the receipt and the server address");
        }
        throw p;
      }
    }
    String submission;
    String day;
    String state;
    int replies;
    long followups;
    try {
      JsonFields f = JsonFields.of(answer, "status answer");
      submission = f.text("submission_id");
      day = f.text("received_day");
      state = f.text("state");
      JsonNode r = f.get("replies");
      if (!r.isArray()) {
        throw new MalformedJsonException("\"replies\" must be a list");
      }
      replies = r.size();
      followups = f.integer("followups", 0, Long.MAX_VALUE);
      if (!LogEvent.HEX32.matcher(submission).matches() || !LogEvent.DAY.matcher(day).matches()
          || !state.matches("[a-z][a-z-]{0,39}")) {
        throw new MalformedJsonException("a value is not in its form");
      }
    } catch (MalformedJsonException e) {
      throw new UserError("the server's status answer is malformed: " + e.getMessage());
    }

    ObjectNode result = Json.object();
    result.put("submission_id", submission);
    result.put("received_day", day);
    result.put("state", state);
    result.put("replies", replies);
    result.put("followups", followups);
    output.emit(io, result, String.join("\n",
        "Your tip was received on " + day + " (UTC).",
        "  state       " + state,
        "  replies     " + (replies == 0 ? "none yet" : replies),
        "  follow-ups  " + followups,
        "  submission  " + submission));
    return 0;
  }
}
