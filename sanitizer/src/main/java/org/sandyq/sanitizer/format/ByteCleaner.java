package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.util.List;

/**
 * A cleaner that parses the format's bytes itself, reading through a bounded {@link Source} and
 * writing through a {@link Sink} (PDF and zip documents go through their libraries instead).
 */
abstract class ByteCleaner extends Cleaner {
  ByteCleaner(String extension, List<String> warnings) {
    super(extension, warnings);
  }

  abstract void clean(Source in, Sink out, Job job) throws IOException;

  @Override
  public final void clean(Input in, Output out, Job job) throws IOException {
    try (Source source = new Source(in); Sink sink = new Sink(out)) {
      clean(source, sink, job);
    }
  }
}
