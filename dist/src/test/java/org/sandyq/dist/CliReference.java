package org.sandyq.dist;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.sandyq.cli.Io;
import org.sandyq.cli.Main;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.MalformedJsonException;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The generated half of docs/cli.md, from what the launcher runs: every command and subcommand of
 * its picocli tree (the client's, the server's, the witness's, the desk's, quickstart) with its
 * options and parameters, the exit codes from {@link Main}, and the {@code --json} vocabulary and
 * error object from the schemas under docs/cli/schemas/. The prose above the marker is written by
 * hand and kept as it is; {@link CliReferenceTest} fails when the file is not what this makes.
 */
final class CliReference {
  /** Everything after this line is generated. */
  static final String MARKER = "<!-- Generated from the commands' picocli definitions and docs/cli/schemas/ by"
      + " CliReference; do not edit below. Rewrite with: mvn -B -o -q verify -pl dist -am"
      + " -Dsurefire.failIfNoSpecifiedTests=false -Dtest=CliReferenceTest -Dsandyq.cli.write=true -->";

  /** The synopsis's width: wide enough that an option is rarely split across lines. */
  private static final int WIDTH = 160;

  private CliReference() {}

  /** docs/cli.md as it should be: its hand-written part, then the generated one. */
  static String render(Path doc, Path schemas) throws IOException, MalformedJsonException {
    String text = Files.readString(doc);
    int at = text.indexOf(MARKER);
    String head = (at < 0 ? text.stripTrailing() + "\n\n" : text.substring(0, at));
    return head + MARKER + "\n\n" + generated(schemas);
  }

  static CommandLine tree() {
    Io quiet = new Io(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Map.of(), q -> null);
    return Main.commandLine(quiet, Sandyq.MORE);
  }

  private static String generated(Path schemas) throws IOException, MalformedJsonException {
    StringBuilder b = new StringBuilder();
    b.append("## Exit codes\n\n| status | meaning |\n|---|---|\n")
        .append("| 0 | done |\n")
        .append("| ").append(Main.EXIT_FAILURE).append(" | refused or failed: one line on stderr, `sandyq: …`,"
            + " says why and what to do |\n")
        .append("| ").append(Main.EXIT_USAGE).append(" | usage error: an unknown option, a missing required one,"
            + " a bad value; one line ending in ``see `./sandyq COMMAND --help` `` |\n\n");

    JsonNode error = Json.parse(Files.readString(schemas.resolve("error.schema.json")));
    b.append("## The error object\n\n").append(error.path("description").asText()).append("\n\n")
        .append("| key | type | what |\n|---|---|---|\n");
    JsonNode inner = error.path("properties").path("error");
    inner.path("properties").properties().forEach(e -> b.append("| `error.").append(e.getKey()).append("` | ")
        .append(type(e.getValue())).append(" | ").append(cell(e.getValue().path("description").asText())).append(" |\n"));
    b.append('\n');

    JsonNode vocabulary = Json.parse(Files.readString(schemas.resolve("vocabulary.schema.json")));
    b.append("## One vocabulary\n\n").append(vocabulary.path("description").asText()).append("\n\n")
        .append("| key | type | what | never |\n|---|---|---|---|\n");
    vocabulary.path("$defs").properties().forEach(e -> {
      StringBuilder never = new StringBuilder();
      e.getValue().path("x-never").forEach(n -> never.append(never.isEmpty() ? "" : ", ").append('`')
          .append(n.asText()).append('`'));
      b.append("| `").append(e.getKey()).append("` | ").append(type(e.getValue())).append(" | ")
          .append(cell(e.getValue().path("description").asText())).append(" | ").append(never).append(" |\n");
    });
    b.append('\n');

    b.append("## Every command, its options and parameters\n\nAs `--help` shows them. A command with `--json` prints one"
        + " object that its schema under [`cli/schemas/`](cli/schemas/) describes (success and failure).\n\n");
    walk(tree(), schemas, b);
    return b.toString();
  }

  private static void walk(CommandLine command, Path schemas, StringBuilder b) throws IOException, MalformedJsonException {
    for (Map.Entry<String, CommandLine> e : command.getSubcommands().entrySet()) {
      if (e.getKey().equals(e.getValue().getCommandName())) { // an alias names a command listed already
        describe(e.getValue().getCommandSpec(), schemas, b);
        walk(e.getValue(), schemas, b);
      }
    }
  }

  private static void describe(CommandSpec spec, Path schemas, StringBuilder b) throws IOException, MalformedJsonException {
    String path = spec.qualifiedName(" ");
    String name = path.substring(path.indexOf(' ') + 1);
    b.append("### `").append(name).append("`\n\n");
    for (String line : spec.usageMessage().description()) {
      b.append(line.strip()).append('\n');
    }
    b.append("\n```\n").append(synopsis(spec)).append("```\n\n");
    List<PositionalParamSpec> params = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
    List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
    if (!params.isEmpty() || !options.isEmpty()) {
      b.append("| option or parameter | what |\n|---|---|\n");
      for (PositionalParamSpec p : params) {
        b.append("| `").append(cell(p.paramLabel())).append(p.isMultiValue() ? "…" : "").append("` | ")
            .append(cell(text(p))).append(" |\n");
      }
      for (OptionSpec o : options) {
        String label = o.typeInfo().isBoolean() ? "" : "=" + o.paramLabel();
        b.append("| `").append(String.join("`, `", o.names())).append(cell(label)).append('`')
            .append(o.required() ? " (required)" : "").append(o.isMultiValue() ? " (repeatable)" : "").append(" | ")
            .append(cell(text(o))).append(" |\n");
      }
      b.append('\n');
    }
    String file = name.replace(' ', '-') + ".schema.json";
    if (spec.findOption("--json") != null) {
      b.append("`--json` ([`cli/schemas/").append(file).append("`](cli/schemas/").append(file).append(")): ");
      JsonNode done = Json.parse(Files.readString(schemas.resolve(file))).path("$defs").path("done");
      b.append(keys(done)).append("; on failure the error object.\n\n");
    }
  }

  /** The keys of an object schema, and those of the objects in its arrays: {@code requests (request_id, …)}. */
  private static String keys(JsonNode object) {
    StringBuilder b = new StringBuilder();
    object.path("properties").properties().forEach(e -> {
      b.append(b.isEmpty() ? "" : ", ").append('`').append(e.getKey()).append('`');
      JsonNode items = e.getValue().path("items");
      if (items.path("type").asText().equals("object") && items.has("properties")) {
        b.append(" (each: ").append(keys(items)).append(')');
      }
    });
    return b.toString();
  }

  /** The usage line picocli prints, without the ANSI codes and the launcher's name. */
  private static String synopsis(CommandSpec spec) {
    spec.usageMessage().width(WIDTH);
    return new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF))
        .synopsis(0).replaceAll("(?m)^\\s+", "  ");
  }

  private static String text(ArgSpec arg) {
    return String.join(" ", arg.description()).strip();
  }

  private static String type(JsonNode schema) {
    if (schema.has("type")) {
      return schema.get("type").isArray() ? schema.get("type").toString().replace("\"", "").replace(",", " or ")
          : schema.get("type").asText();
    }
    return "";
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
