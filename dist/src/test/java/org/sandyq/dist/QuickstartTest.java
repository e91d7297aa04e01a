package org.sandyq.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.cli.Cli;
import org.sandyq.cli.PassphraseOptions;
import org.sandyq.crypto.json.Json;

/**
 * `sandyq quickstart` in a child JVM in an empty directory, as a person runs it: it sets up
 * ./sandyq-demo, runs the server and prints commands; a tip submitted against it arrives; the
 * printed commands, pasted into a shell, work; a second run reuses the demo vault.
 */
class QuickstartTest {
  private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+/)");
  private static final Pattern PIN = Pattern.compile("--pin (sha256:[0-9a-f]{64})");

  @TempDir Path dir;

  /** A running quickstart: its process and everything it printed until the guide's last line. */
  record Running(Process process, String url, List<String> lines) implements AutoCloseable {
    @Override
    public void close() {
      process.destroy(); // SIGTERM: the server's clean shutdown
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }

    String text() {
      return String.join("\n", lines);
    }

    /** The commands the guide prints, as they would be pasted into a shell. */
    List<String> commands() {
      List<String> out = new ArrayList<>();
      boolean in = false;
      for (String line : lines) {
        if (line.startsWith("  S=")) {
          in = true;
        }
        if (in && line.isBlank() && out.size() > 3) {
          break;
        }
        if (in && !line.isBlank()) {
          out.add(line.strip());
        }
      }
      return out;
    }
  }

  /**
   * {@code ./sandyq} in {@code dir} for the pasted commands: this test's class path, a home directory
   * of its own (also used by ReadmeJourneysTest).
   */
  static Path launcher(Path dir) throws IOException {
    return launcher(dir, dir.resolve("home"));
  }

  /** {@code ./sandyq} in {@code dir}, with {@code home} as the JVM's home directory. */
  static Path launcher(Path dir, Path home) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Path script = dir.resolve("sandyq");
    Files.writeString(script, "#!/bin/sh\nexec '" + java + "' --enable-native-access=ALL-UNNAMED -Duser.home='"
        + home + "' -cp '" + System.getProperty("java.class.path") + "' " + Sandyq.class.getName()
        + " \"$@\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  private Running quickstart() throws Exception {
    return quickstart(dir);
  }

  /** {@code ./sandyq quickstart --port 0} run in {@code dir}, up to the last line of its guide. */
  static Running quickstart(Path dir) throws Exception {
    return quickstart(dir, dir.resolve("home"));
  }

  /** The same, with {@code home} as the launcher's home directory. */
  static Running quickstart(Path dir, Path home) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(launcher(dir, home).toString(), "quickstart", "--port", "0")
        .directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("SANDYQ_LAUNCHER", "./sandyq");
    pb.environment().remove(PassphraseOptions.ENV);
    Process p = pb.start();
    List<String> lines = new ArrayList<>();
    String url = null;
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = out.readLine()) != null; ) {
      lines.add(line);
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        url = m.group(1);
      }
      if (line.startsWith("More journeys")) {
        // keep draining, so the server never blocks on a full pipe
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
        drain.setDaemon(true);
        drain.start();
        return new Running(p, url, lines);
      }
    }
    throw new AssertionError("quickstart exited with " + p.waitFor() + ":\n" + String.join("\n", lines));
  }

  @Test
  void setsUpTheDemoRunsTheServerAndReusesTheVaultNextTime() throws Exception {
    Path demo = dir.resolve("sandyq-demo");
    byte[] key;
    try (Running first = quickstart()) {
      String text = first.text();
      assertTrue(text.contains("sandyq-demo-passphrase"), text);
      assertEquals("sandyq-demo-passphrase\n", Files.readString(demo.resolve("passphrase.txt")));
      for (String name : List.of("aigerim", "bakyt", "dilnoza", "erlan", "farida", "zarina")) {
        assertEquals("rw-------", PosixFilePermissions.toString(
            Files.getPosixFilePermissions(demo.resolve("keys").resolve(name + ".key"))), name);
      }
      key = Files.readAllBytes(demo.resolve("keys/aigerim.key"));
      JsonNode policy = Json.parse(new Cli().run("policy", "verify", demo.resolve("policy.json").toString(), "--json")
          .assertOk().out());
      assertEquals(5, policy.get("lawyers").size());

      Matcher pin = PIN.matcher(text);
      assertTrue(pin.find(), text);
      JsonNode sent = Json.parse(new Cli().run("submit", "--server", first.url(), "--pin", pin.group(1), "--category",
          "unpaid-wages", "--text", "Four months unpaid.", "--json").assertOk().out());
      assertTrue(sent.get("log_verified").asBoolean());
      assertTrue(first.commands().getFirst().startsWith("S=" + first.url()), first.commands().toString());

      // the guide's commands, pasted into a shell as they are: submit, inbox, request, approve twice, open, audit
      // (bash -c has no terminal to answer `unseal approve`'s question on, so those lines get --yes, as a script's would)
      List<String> pasted = first.commands().stream()
          .map(c -> c.contains(" unseal approve ") ? c + " --yes" : c).toList();
      ProcessBuilder pb = new ProcessBuilder("bash", "-e", "-c", String.join("\n", pasted))
          .directory(dir.toFile()).redirectErrorStream(true);
      pb.environment().put("SANDYQ_HOME", dir.resolve("home").toString()); // the guide pins on first contact
      Process shell = pb.start();
      String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, shell.waitFor(), out);
      assertTrue(out.contains("Opened the evidence of") && out.contains("OK: the log of"), out);
      try (var opened = Files.newDirectoryStream(demo, "opened-*")) {
        Path dirOpened = opened.iterator().next();
        assertEquals("Four months unpaid; the foreman holds our passports.",
            Files.readString(dirOpened.resolve("message.txt")));
      }
    }
    try (Running again = quickstart()) {
      assertTrue(again.text().contains("Reusing the demo vault"), again.text());
      assertArrayEquals(key, Files.readAllBytes(demo.resolve("keys/aigerim.key")), "the keys are not regenerated");
      Matcher pin = PIN.matcher(again.text());
      assertTrue(pin.find(), again.text());
      JsonNode status = Json.parse(new Cli().run("audit", "verify", "--server", again.url(), "--pin", pin.group(1), "--key",
          demo.resolve("keys/zarina.key").toString(), "--passphrase-file", demo.resolve("passphrase.txt").toString(),
          "--json").assertOk().out());
      assertEquals(2, status.get("submissions").asInt(), "the tips sent to the first run are still there");
      assertEquals(1, status.get("openings").asInt());
    }
  }
}
