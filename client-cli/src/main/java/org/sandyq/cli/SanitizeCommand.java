package org.sandyq.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import org.sandyq.sanitizer.FileReport;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code sandyq sanitize}: built in code ({@link CodedCommand}), since a source may run it once per
 * file and its start is most of its time.
 */
final class SanitizeCommand implements Callable<Integer> {
  static final CodedCommand COMMAND = new CodedCommand() {
    @Override
    public String name() {
      return "sanitize";
    }

    @Override
    public CommandSpec spec(Io io) {
      return new SanitizeCommand(io).spec();
    }
  };

  private final Io io;
  private final Output output = new Output();
  private final Words words;

  private List<Path> files;
  private Path out;
  private boolean allowUnsanitized;

  private SanitizeCommand(Io io) {
    this.io = io;
    this.words = new Words(io);
  }

  private CommandSpec spec() {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(this).name(COMMAND.name());
    spec.usageMessage().description("Remove metadata from files locally and show what was removed, before sending anything.");
    spec.addPositional(CodedCommand.bind(PositionalParamSpec.builder().arity("1..*").required(true).paramLabel("FILE")
        .description("The files to clean: photos, recordings, videos, documents, web pages, contact cards,"
            + " Telegram chats exported as HTML or JSON, zip archives of them (a chat export).")
        .type(List.class).auxiliaryTypes(Path.class), () -> files, v -> files = v).build());
    spec.addOption(CodedCommand.bind(OptionSpec.builder("--out").required(true).paramLabel("DIR")
        .description("Directory for the cleaned copies (created; must be empty). They are made in a private directory"
            + " and put in place together: a run stopped with Ctrl-C leaves none.")
        .type(Path.class), () -> out, v -> out = v).build());
    spec.addOption(CodedCommand.bind(OptionSpec.builder("--allow-unsanitized")
        .description("Copy files that cannot be cleaned as they are (the report says so).")
        .type(boolean.class), () -> allowUnsanitized, v -> allowUnsanitized = v).build());
    spec.addMixin("output", output.spec());
    spec.addMixin("words", words.spec());
    return spec;
  }

  @Override
  public Integer call() throws Exception {
    words.given(); // an unknown --lang is refused before anything is written
    List<FileReport> reports;
    // the copies are made in a private directory, which Ctrl-C and SIGTERM remove with the halves
    // being written, and put in place at the end under the scratch lock: cleaned copies of the
    // source's files are theirs too, and a stopped run leaves none of them, whole or half-written.
    // A new --out is that directory, renamed; an existing one (perhaps an encrypted volume or a
    // USB stick mounted there, its mode and owner the user's) holds it, so nothing is written
    // elsewhere, and the copies move up into it.
    try (Scratch scratch = Scratch.open(io, words.get("interrupted.not-cleaned"))) {
      // checked once the scratch space is open: that removes what a killed run left in --out
      boolean existing = Files.exists(out);
      if (existing) {
        try (var entries = Files.list(out)) {
          if (entries.findAny().isPresent()) {
            throw Words.error("error.out-not-empty", out);
          }
        }
      } else {
        Files.createDirectories(out.toAbsolutePath().getParent());
      }
      Path staging = scratch.partialDirectory(existing ? out.resolve("copies") : out);
      Scratch.Publish rename = existing ? () -> moveUp(staging, out) : () -> Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
      try {
        reports = new SanitizedFiles(allowUnsanitized, words).clean(files, staging);
      } catch (IOException | RuntimeException refused) {
        // a refusal keeps the copies of the files before the refused one, as one after the other would
        try {
          scratch.publish(rename);
        } catch (IOException notPublished) {
          refused.addSuppressed(notPublished);
        }
        throw refused;
      }
      scratch.publish(rename);
      scratch.done(staging);
    }

    // a plain node, not Json.object(): that would build Json's ObjectMapper (Jackson's databind,
    // date formats, locale data: a tenth of a cold start) when only --json prints it
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    ArrayNode list = result.putArray("files");
    reports.forEach(r -> list.add(r.toJson(true)));
    result.put("out", out.toString());
    output.emit(io, result, SanitizedFiles.describe(reports, words) + words.get("sanitize.out", out));
    return 0;
  }

  /** Moves the copies made in {@code staging} (inside {@code out}) into {@code out}, then removes it. */
  private static void moveUp(Path staging, Path out) throws IOException {
    List<Path> copies;
    try (var s = Files.list(staging)) {
      copies = s.sorted().toList();
    }
    for (Path copy : copies) {
      Files.move(copy, out.resolve(copy.getFileName().toString())); // a rename that never replaces a file
    }
    Files.delete(staging);
  }
}
