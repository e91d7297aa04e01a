package org.sandyq.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** What a source says and attaches: the options `seal` and `submit` share. */
public final class TipOptions {
  @Option(names = "--category", paramLabel = "C", description = "A category id from the policy, e.g. unpaid-wages.")
  String category;

  static final class TextSource {
    @Option(names = "--text", paramLabel = "T", description = "The message.")
    String text;

    @Option(names = "--text-file", paramLabel = "F", description = "Read the message from a UTF-8 file.")
    Path textFile;
  }

  @ArgGroup(exclusive = true)
  TextSource textSource;

  @Option(names = "--file", paramLabel = "F", description = "Evidence to attach (repeat). Metadata is removed first.")
  List<Path> files = new ArrayList<>();

  @Option(names = "--keep-original", description = "Also seal the untouched files, metadata included, under their own quorum (for court).")
  boolean keepOriginal;

  @Option(names = "--allow-unsanitized", description = "Seal files that cannot be cleaned as they are (the report says so).")
  boolean allowUnsanitized;

  @Option(names = "--answer", paramLabel = "ID=VALUE", description = "Answer a question of the category's questionnaire (repeat).")
  Map<String, String> answers = new LinkedHashMap<>();

  @Option(names = "--region", description = "Triage: city or region (readable by any one lawyer).")
  String region;

  @Option(names = "--dates", description = "Triage: when it happened, e.g. 2026-03..2026-06.")
  String dates;

  @Option(names = "--summary", description = "Triage: one line for the lawyers who sort tips (readable by any one lawyer).")
  String summary;

  /** True when none of these options was given. */
  boolean isEmpty() {
    return category == null && textSource == null && files.isEmpty() && !keepOriginal && !allowUnsanitized
        && answers.isEmpty() && region == null && dates == null && summary == null;
  }

  String requireCategory() {
    if (category == null) {
      throw Words.error("error.category-needed");
    }
    return category;
  }

  String readText() throws IOException {
    if (textSource == null) {
      return "";
    }
    if (textSource.text != null) {
      return textSource.text;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(Files.readAllBytes(textSource.textFile)))
          .toString();
    } catch (CharacterCodingException e) {
      throw Words.error("error.not-utf8", textSource.textFile);
    }
  }
}
