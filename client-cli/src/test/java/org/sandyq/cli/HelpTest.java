package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every command and subcommand answers -h and --help with its usage and exit 0 (the CLI contract). */
class HelpTest {
  @Test
  void everyCommandAnswersHelp() {
    Cli cli = new Cli();
    List<List<String>> commands = List.of(List.of("keygen"), List.of("policy"), List.of("policy", "publish"),
        List.of("policy", "verify"), List.of("seal"), List.of("sanitize"), List.of("submit"), List.of("status"),
        List.of("followup"), List.of("inbox"), List.of("unseal"), List.of("unseal", "request"),
        List.of("unseal", "pending"), List.of("unseal", "approve"), List.of("unseal", "open"), List.of("reply"),
        List.of("export"), List.of("export", "verify"), List.of("hold"), List.of("release"), List.of("audit"),
        List.of("audit", "verify"), List.of("audit", "log"), List.of("trust"));
    for (List<String> command : commands) {
      for (String flag : List.of("-h", "--help")) {
        List<String> args = new ArrayList<>(command);
        args.add(flag);
        Cli.Result r = cli.run(args.toArray(String[]::new));
        assertEquals(0, r.status(), args + ": " + r.err());
        assertTrue(r.out().startsWith("Usage: sandyq " + String.join(" ", command)), args + ": " + r.out());
      }
    }
  }
}
