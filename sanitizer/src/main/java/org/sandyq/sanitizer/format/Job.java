package org.sandyq.sanitizer.format;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.sandyq.sanitizer.Limits;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/** One file being cleaned: its limits, its deadline, and what the cleaner found. */
public final class Job {
  private final Limits limits;
  private final long deadlineNanos;
  private final Set<String> removed = new LinkedHashSet<>();
  private final Set<String> kept = new LinkedHashSet<>();
  private final Set<String> warnings = new LinkedHashSet<>();
  private final boolean checking;

  public Job(Limits limits) {
    this(limits, false);
  }

  private Job(Limits limits, boolean checking) {
    this.limits = limits;
    this.deadlineNanos = System.nanoTime() + limits.timeout().toNanos();
    this.checking = checking;
  }

  /** The job of cleaning again a copy already cleaned, to check it ({@link Verify}): a deadline of its own. */
  public static Job recheck(Limits limits) {
    return new Job(limits, true);
  }

  /**
   * Whether this job cleans a copy again to check it. An archive's files were each checked when the
   * archive was cleaned; checking the archive cleans each of them once more, which is their check
   * again, so a file inside is not checked a third time ({@link Archive}).
   */
  public boolean checking() {
    return checking;
  }

  public Limits limits() {
    return limits;
  }

  /** Called in every loop over a file's structure, so a hostile file cannot keep us busy. */
  public void tick() throws BadFileException {
    if (System.nanoTime() - deadlineNanos > 0) {
      throw new BadFileException(Kind.BEYOND_LIMITS, "cleaning took longer than the " + limits.timeout().toSeconds()
          + " s limit; the file is too large or built to waste time");
    }
  }

  /** The time left before the deadline (none when it has passed), for work done on the file's behalf. */
  public java.time.Duration remaining() {
    return java.time.Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
  }

  public void removed(String what) {
    removed.add(what);
  }

  public void kept(String what) {
    kept.add(what);
  }

  public void warn(String what) {
    warnings.add(what);
  }

  public List<String> removed() {
    return new ArrayList<>(removed);
  }

  public List<String> kept() {
    return new ArrayList<>(kept);
  }

  public List<String> warnings() {
    return new ArrayList<>(warnings);
  }

  /** Refuses when {@code value} exceeds {@code max}; {@code what} names the quantity. */
  public static void limit(long value, long max, String what) throws BadFileException {
    if (value < 0 || value > max) {
      throw new BadFileException(Kind.BEYOND_LIMITS, what + " (" + value + ") is beyond the limit of " + max);
    }
  }

  /** Refuses a picture that declares more pixels than the limit: a decompression bomb. */
  public void pixels(long width, long height) throws BadFileException {
    if (width > 0 && height > 0 && width * height > limits.maxPixels()) {
      throw new BadFileException(Kind.HOSTILE, "a decompression bomb: the picture declares " + width + " x " + height
          + " pixels, more than the limit of " + limits.maxPixels());
    }
  }

  /** Refuses a {@link Kind#DAMAGED} file unless {@code ok}; {@code problem} says what is wrong. */
  public static void check(boolean ok, String problem) throws BadFileException {
    check(ok, Kind.DAMAGED, problem);
  }

  public static void check(boolean ok, Kind kind, String problem) throws BadFileException {
    if (!ok) {
      throw new BadFileException(kind, problem);
    }
  }
}
