package org.sandyq.sanitizer;

import java.time.Duration;

/**
 * Bounds that keep a hostile file from using unbounded time, memory or disk. A file beyond any of
 * them is refused with a message that names the limit.
 *
 * @param maxInputBytes largest file accepted
 * @param maxStructureBytes largest metadata or structure block held in memory at once (an MP4
 *     {@code moov} box, a PNG {@code iCCP} chunk, one XML part)
 * @param maxZipEntries most members in an Office or ODF document
 * @param maxZipInflatedBytes most bytes all members of one document may inflate to
 * @param maxZipRatio largest inflated-to-compressed ratio of any member (and of the whole)
 * @param maxNesting deepest nesting of XML elements, MP4 boxes or PDF objects
 * @param maxItems most segments, chunks, boxes, IFD entries, pages or PDF objects in one file
 * @param timeout wall-clock budget for one file
 * @param maxPixels most pixels a picture may declare (a decompression bomb declares billions in a
 *     few kilobytes; the sanitizer never decodes pixels, but whoever opens the evidence does)
 */
public record Limits(
    long maxInputBytes,
    int maxStructureBytes,
    int maxZipEntries,
    long maxZipInflatedBytes,
    int maxZipRatio,
    int maxNesting,
    int maxItems,
    Duration timeout,
    long maxPixels) {

  /**
   * Generous for real evidence (long videos, big scans), tight for bombs. The pixel limit is
   * Pillow's decompression-bomb error threshold (twice its 89.5-megapixel warning).
   */
  public static final Limits DEFAULT = new Limits(
      8L << 30, 32 << 20, 10_000, 2L << 30, 200, 256, 1_000_000, Duration.ofMinutes(10), 178_956_970L);

  public Limits withTimeout(Duration t) {
    return new Limits(maxInputBytes, maxStructureBytes, maxZipEntries, maxZipInflatedBytes,
        maxZipRatio, maxNesting, maxItems, t, maxPixels);
  }

  /** These limits for files of at most {@code bytes} each. */
  public Limits withMaxInputBytes(long bytes) {
    return new Limits(bytes, maxStructureBytes, maxZipEntries, maxZipInflatedBytes,
        maxZipRatio, maxNesting, maxItems, timeout, maxPixels);
  }
}
