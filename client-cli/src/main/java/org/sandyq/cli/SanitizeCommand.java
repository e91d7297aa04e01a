package org.sandyq.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.sandyq.sanitizer.FileReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sanitize", description = "Remove metadata from files locally and show what was removed, before sending anything.")
final class SanitizeCommand implements Callable<Integer> {
  private final Io io;

  @Parameters(arity = "1..*", paramLabel = "FILE")
  List<Path> files;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the cleaned copies (created; must be empty).")
  Path out;

  @Option(names = "--allow-unsanitized", description = "Copy files that cannot be cleaned as they are (the report says so).")
  boolean allowUnsanitized;

  @Mixin Output output;

  @Mixin Words words;

  SanitizeCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    words.given(); // an unknown --lang is refused before anything is written
    if (Files.exists(out)) {
      try (var entries = Files.list(out)) {
        if (entries.findAny().isPresent()) {
          throw Words.error("error.out-not-empty", out);
        }
      }
    }
    Files.createDirectories(out);
    List<FileReport> reports = new SanitizedFiles(allowUnsanitized, words).clean(files, out);

    // a plain node, not Json.object(): that would build Json's ObjectMapper (Jackson's databind,
    // date formats, locale data: a tenth of a cold start) when only --json prints it
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    ArrayNode list = result.putArray("files");
    reports.forEach(r -> list.add(r.toJson(true)));
    result.put("out", out.toString());
    output.emit(io, result, SanitizedFiles.describe(reports, words) + words.get("sanitize.out", out));
    return 0;
  }
}
