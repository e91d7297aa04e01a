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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sanitize", description = "Remove metadata from files locally and show what was removed, before sending anything.")
final class SanitizeCommand implements Callable<Integer> {
  private final Io io;

  @Parameters(arity = "1..*", paramLabel = "FILE")
  List<Path> files;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the cleaned copies (created; must be empty). They are made next to it and put in place together: a run stopped with Ctrl-C leaves none.")
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
    Path target = out;
    if (Files.exists(out)) {
      try (var entries = Files.list(out)) {
        if (entries.findAny().isPresent()) {
          throw Words.error("error.out-not-empty", out);
        }
      }
      target = out.toRealPath(); // a link to an empty directory: the directory is what is replaced
    }
    Files.createDirectories(target.toAbsolutePath().getParent());
    List<FileReport> reports;
    // the copies are made in a private directory next to --out, which Ctrl-C and SIGTERM remove with
    // the halves being written, and put in place by one rename: cleaned copies of the source's files
    // are theirs too, and a stopped run leaves none of them, whole or half-written
    try (Scratch scratch = Scratch.open(io, words.get("interrupted.not-cleaned"))) {
      Path staging = scratch.partialDirectory(target);
      Path published = target;
      Scratch.Publish rename = () -> Files.move(staging, published, StandardCopyOption.ATOMIC_MOVE);
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
}
