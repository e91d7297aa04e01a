package org.sandyq.crypto.envelope;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file to seal: its name and media type as the manifest will show them, its size, and a way to
 * read its bytes. The sealer reads it twice (once to hash, once to encrypt) and never holds it in
 * memory; if the two readings differ, sealing fails.
 */
public final class PayloadFile {
  /** Opens a fresh stream over the file's bytes, from the start, each time it is called. */
  @FunctionalInterface
  public interface Source {
    InputStream open() throws IOException;
  }

  private final String name;
  private final String mediaType;
  private final long size;
  private final Source source;

  private PayloadFile(String name, String mediaType, long size, Source source) {
    FileNames.problem(name).ifPresent(problem -> {
      throw new IllegalArgumentException(problem);
    });
    if (mediaType == null || !EnvelopeFormat.MEDIA_TYPE.matcher(mediaType).matches()) {
      throw new IllegalArgumentException("\"" + mediaType + "\" is not a media type like type/subtype");
    }
    if (size < 0) {
      throw new IllegalArgumentException("negative file size");
    }
    this.name = name;
    this.mediaType = mediaType;
    this.size = size;
    this.source = source;
  }

  /** A file on disk, sealed under {@code name} (usually its file name, never its directory). */
  public static PayloadFile of(Path path, String name, String mediaType) throws IOException {
    return new PayloadFile(name, mediaType, Files.size(path), () -> Files.newInputStream(path));
  }

  /** Any byte source of a known size: a generated stream, a sanitizer's output, a test pattern. */
  public static PayloadFile of(String name, String mediaType, long size, Source source) {
    return new PayloadFile(name, mediaType, size, source);
  }

  public String name() {
    return name;
  }

  public String mediaType() {
    return mediaType;
  }

  public long size() {
    return size;
  }

  InputStream open() throws IOException {
    return source.open();
  }

  @Override
  public String toString() {
    return name + " (" + mediaType + ", " + size + " bytes)";
  }
}
