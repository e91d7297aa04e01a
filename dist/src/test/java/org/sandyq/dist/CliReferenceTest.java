package org.sandyq.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/cli.md is what {@link CliReference} makes of the commands as they are: a new option, a
 * reworded description or a new schema key without the doc fails here. With
 * {@code -Dsandyq.cli.write=true} the test rewrites the file instead (then review the diff).
 */
class CliReferenceTest {
  static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  @Test
  void docsCliMdIsGeneratedFromTheCommands() throws Exception {
    Path doc = ROOT.resolve("docs/cli.md");
    String expected = CliReference.render(doc, ROOT.resolve("docs/cli/schemas"));
    if (Boolean.getBoolean("sandyq.cli.write")) {
      Files.writeString(doc, expected);
    }
    assertEquals(expected, Files.readString(doc), "docs/cli.md is stale; rewrite it with: " + CliReference.MARKER);
  }
}
