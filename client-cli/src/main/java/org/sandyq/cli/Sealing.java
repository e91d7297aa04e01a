package org.sandyq.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.sandyq.cli.net.UploadProgress;
import org.sandyq.crypto.envelope.FileChangedException;
import org.sandyq.crypto.envelope.SealedEnvelope;
import org.sandyq.crypto.envelope.WriteBehind;
import org.sandyq.crypto.receipt.ReceiptKeys;
import org.sandyq.policy.Category;
import org.sandyq.policy.Fingerprints;
import org.sandyq.policy.Policy;
import org.sandyq.policy.VerifiedPolicy;
import org.sandyq.sanitizer.FileReport;
import org.sandyq.sanitizer.Sanitizer;
import org.sandyq.tip.SealedTip;
import org.sandyq.tip.Tip;
import org.sandyq.tip.TipFile;
import org.sandyq.tip.TipRefused;
import org.sandyq.tip.TipSealer;

/**
 * `seal`, `submit` and `followup` seal through {@link TipSealer}, the one way a tip
 * becomes an envelope (the server's web intake uses it too); this adapter turns the command's
 * options into a {@link Tip} and refusals into one-line errors that name the options.
 */
final class Sealing {
  /** A sealed tip and what the source should be told about it. */
  record Sealed(SealedEnvelope envelope, List<FileReport> reports, Policy policy, Category category, boolean originals) {
    Sealed(SealedTip t) {
      this(t.envelope(), t.reports(), t.policy(), t.category(), t.originals());
    }

    /** The facts `seal --json` and `submit --json` both print. */
    void describe(ObjectNode result) {
      result.put("submission_id", envelope.submissionId().hex());
      result.put("size_bytes", envelope.length());
      result.put("category", category.id());
      result.put("policy_fingerprint", Fingerprints.format(policy.fingerprint()));
      result.put("threshold", category.thresholdUnder(policy));
      result.put("lawyers", policy.lawyers().size());
      result.put("original_sealed", originals);
      ArrayNode files = result.putArray("files");
      reports.forEach(r -> files.add(r.toJson(true)));
    }

    /** What the sanitizer did to each file, in plain words (empty without files). */
    String fileReports(Words words) {
      return SanitizedFiles.describe(reports, words);
    }

    String opensWith(Words words) {
      return words.get("seal.opens", category.thresholdUnder(policy), policy.lawyers().size(),
          Fingerprints.format(policy.fingerprint()));
    }

    /** U2: who reads the triage without an unseal, and what it holds (the rest needs the quorum). */
    String triageReaders(Words words) {
      int k = policy.triageThreshold();
      return k == 1 ? words.get("triage.one") : words.get("triage.some", k);
    }
  }

  private Sealing() {}

  /**
   * Seals {@code tip} under the latest version of {@code verified} into {@code out} (which must not
   * exist): written under a partial name next to it that {@code scratch} removes on every exit
   * path, Ctrl-C included, then linked into place when complete. A large file a cleaner rewrites is
   * cleaned in {@code scratch}. An {@code out} outside the scratch directory (the user's file) is
   * synced to disk before it appears. {@code bars} makes the progress bars (cleaning, sealing)
   * shown for large files. The files are cleaned while {@code receipt}'s keys may still be derived
   * on another thread; they are waited for when the header needs them.
   */
  static Sealed seal(VerifiedPolicy verified, TipOptions tip, Words words,
      java.util.concurrent.Future<ReceiptKeys> receipt, Scratch scratch, Path out, Bars bars) throws Exception {
    Tip built = tip(tip, words);
    TipSealer sealer = new TipSealer(new Sanitizer(), scratch);
    Path partial = scratch.partial(out);
    long expected = expectedBytes(tip);
    boolean large = expected >= SHOWN_FROM;
    UploadProgress shown = large ? bars.bar("Sealing") : UploadProgress.NONE;
    try (CleaningWatch cleaning = large ? new CleaningWatch(scratch.dir(), expected, bars.bar("Cleaning")) : null) {
      SealedTip sealed;
      boolean synced = !out.toAbsolutePath().startsWith(scratch.dir());
      try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE);
          WriteBehind behind = synced ? new WriteBehind(channel) : null) {
        // the bar shows the work where it happens (hashing feeds the cipher, which writes), never
        // above 99 % until done; the first byte written ends cleaning
        sealed = sealer.seal(verified, built, receipt, channel, written -> {
          if (cleaning != null) {
            cleaning.finished();
          }
          if (behind != null) {
            behind.written(written);
          }
          shown.advance(Math.min(written, expected - expected / 100), expected);
        });
        shown.advance(expected, expected);
        if (behind != null) {
          behind.sync();
        }
      }
      Scratch.Publish link = () -> {
        try {
          Files.createLink(out, partial); // never replaces a file that appeared meanwhile
        } catch (FileAlreadyExistsException e) {
          throw new UserError(Failure.ALREADY_EXISTS, out + " appeared while sealing; not overwriting it");
        } catch (UnsupportedOperationException | FileSystemException noLinks) {
          Files.move(partial, out, StandardCopyOption.ATOMIC_MOVE);
        }
      };
      if (synced) {
        scratch.publish(link); // the user's file: not put in place once Ctrl-C has said "not sealed"
      } else {
        link.run(); // inside the scratch directory, for sending: nothing to tell apart
      }
      return new Sealed(sealed);
    } catch (TipRefused e) {
      throw userError(e);
    } finally {
      shown.done();
      scratch.done(partial);
    }
  }

  /**
   * Whether {@code submit} seals {@code tip} in order while it sends it ({@link #startInOrder}):
   * for files large enough that the overlap matters. Every file a tip holds can be read twice (see
   * {@link TipSealer#sealInOrder}); small tips keep sealing whole, then sending.
   */
  static boolean overlapped(TipOptions tip) throws java.io.IOException {
    return expectedBytes(tip) >= SHOWN_FROM;
  }

  /**
   * Starts sealing {@code tip} in order into a new owner-only file in {@code scratch}, on a thread
   * of its own, for an upload that follows the writer ({@link InOrder#body()}); the files are
   * cleaned and hashed first, before the vault's policy is {@code verified} or {@code receipt}'s
   * keys are derived (so that this pass runs while the policy is fetched, over Tor perhaps, and
   * checked, and Argon2id runs), then encrypted (read a second time, checked against their first
   * read). Nothing is sent before the caller has the policy.
   * One bar shows sealing and sending ({@link OverlapBar}), after the cleaning bar if a cleaner
   * rewrites a file. {@link InOrder#finish()} gives the result, {@link InOrder#close()} stops it.
   */
  static InOrder startInOrder(java.util.concurrent.Future<VerifiedPolicy> verified, TipOptions tip, Words words,
      java.util.concurrent.Future<ReceiptKeys> receipt, Scratch scratch, Path out, Bars bars) throws Exception {
    Tip built = tip(tip, words);
    TipSealer sealer = new TipSealer(new Sanitizer(), scratch);
    Path partial = scratch.partial(out);
    long expected = expectedBytes(tip);
    return new InOrder(sealer, verified, built, receipt, scratch, partial, tip.files, expected,
        new OverlapBar(bars.bar("Sealing and sending"), expected), bars.bar("Cleaning"));
  }

  /** A tip being sealed in order on its own thread while the envelope is sent. */
  static final class InOrder implements AutoCloseable {
    private final Scratch scratch;
    private final Path partial;
    private final Tip tip;
    private final List<Path> files;
    private final java.util.concurrent.Future<VerifiedPolicy> verified;
    private final java.util.concurrent.Future<ReceiptKeys> receipt;
    private final TrailingEnvelope body;
    private final OverlapBar bar;
    private final Thread thread;
    private volatile SealedTip sealed;
    private volatile Throwable failure;
    /** Set by {@link #close}: the hashing pass, which writes nothing that could fail, stops at its next piece. */
    private volatile boolean stopped;

    private InOrder(TipSealer sealer, java.util.concurrent.Future<VerifiedPolicy> verified, Tip tip,
        java.util.concurrent.Future<ReceiptKeys> receipt, Scratch scratch,
        Path partial, List<Path> files, long expected, OverlapBar bar, UploadProgress cleaningBar)
        throws java.io.IOException {
      this.scratch = scratch;
      this.partial = partial;
      this.tip = tip;
      this.files = List.copyOf(files);
      this.verified = verified;
      this.receipt = receipt;
      this.body = new TrailingEnvelope(partial);
      this.bar = bar;
      this.thread = Thread.ofPlatform().name("sandyq-sealing").unstarted(() -> {
        CleaningWatch cleaning = new CleaningWatch(scratch.dir(), expected, cleaningBar);
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
          boolean[] first = {true, true};
          sealed = sealer.sealInOrder(verified, tip, receipt, channel, read -> {
            if (stopped) {
              throw new CancellationException("sealing stopped"); // the vault refused, or the source stopped
            }
            if (first[0]) { // the first byte hashed ends cleaning: its bar's line is finished before ours
              first[0] = false;
              cleaning.finished();
              cleaning.close();
            }
            bar.hashed(read);
          }, written -> {
            if (first[1]) { // the hashing pass is over, the header is written
              first[1] = false;
              BETWEEN_PASSES.run();
            }
            body.accept(written);
          });
          body.sealed();
        } catch (Throwable e) {
          failure = e;
          body.failed(e);
        } finally {
          cleaning.close();
        }
      });
      thread.start();
    }

    /**
     * Refuses, once the policy is known, what it refuses whatever the files hold (an unknown
     * category, an answer to no question): said now rather than after the files were hashed.
     */
    void check(VerifiedPolicy policy) throws UserError {
      try {
        TipSealer.check(policy, tip);
      } catch (TipRefused e) {
        throw userError(e);
      }
    }

    /** The bar the upload moves on (its second half). */
    UploadProgress bar() {
      return bar;
    }

    /** The envelope as an upload body that follows the writer. */
    TrailingEnvelope body() {
      return body;
    }

    /** Waits for sealing to end; its result, or its failure as a one-line error. */
    Sealed finish() throws Exception {
      thread.join();
      Throwable e = failure;
      if (e != null) {
        throw failure(e);
      }
      return new Sealed(sealed);
    }

    /**
     * If sealing failed, that failure, as the one line to show instead of the upload's (which was
     * aborted because of it); else {@code upload} as it is.
     */
    Exception explain(Exception upload) throws InterruptedException {
      if (!body.broken()) {
        return upload;
      }
      thread.join();
      return failure(failure);
    }

    private Exception failure(Throwable e) {
      return switch (e) {
        case TipRefused r -> userError(r);
        // named as the source knows it (the envelope's name is file-N); the originals follow the same order
        case FileChangedException c -> Words.error(c, "error.file-changed",
            c.index() < files.size() ? files.get(c.index()).getFileName() : c.file());
        case Exception other -> other;
        default -> new IllegalStateException("sealing failed", e);
      };
    }

    /**
     * Stops sealing if it still runs (the hashing pass at its next piece, the encrypting one at its
     * next write), waits for it, removes the file.
     */
    @Override
    public void close() throws java.io.IOException {
      stopped = true;
      thread.interrupt(); // a cleaner reading through a channel, or a wait, stops now rather than at the end
      verified.cancel(true); // a sealer still waiting for the policy or the receipt's keys stops waiting
      receipt.cancel(true);
      try {
        body.close();
      } finally {
        joinUninterruptibly(thread); // the file is removed only once nothing writes it
        bar.done(); // a bar the hashing pass drew ends its line before any error is said
        scratch.done(partial);
      }
    }
  }

  /** Waits for {@code t} to end, even when this thread is interrupted (its flag is set again after). */
  private static void joinUninterruptibly(Thread t) {
    boolean interrupted = false;
    while (t.isAlive()) {
      try {
        t.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** A hook for tests only, run between the two reads of the files (the hashing pass is over); never set outside them. */
  static volatile Runnable BETWEEN_PASSES = () -> { };

  /**
   * The one bar of sealing and sending overlapped: the hashing pass fills the first half (the
   * files' bytes read), the upload the second (the envelope's bytes sent, which trail the
   * encryption). Moved by the sealing thread first, then by the upload; never still while either
   * works.
   */
  private static final class OverlapBar implements UploadProgress {
    private final UploadProgress bar;
    private final long files;

    OverlapBar(UploadProgress bar, long files) {
      this.bar = bar;
      this.files = files;
    }

    /** {@code read} bytes of the files have been hashed (the originals, read too, are not counted past the end). */
    synchronized void hashed(long read) {
      bar.advance(Math.min(read, files), files * 2);
    }

    @Override
    public synchronized void advance(long sent, long total) {
      bar.advance(files + (total <= 0 ? files : sent * files / total), files * 2);
    }

    @Override
    public synchronized void done() {
      bar.done();
    }
  }

  private static Tip tip(TipOptions tip, Words words) throws Exception {
    Tip.Builder t = Tip.builder()
        .category(tip.requireCategory())
        .answers(tip.answers)
        .text(tip.readText())
        .region(tip.region)
        .dates(tip.dates)
        .summary(tip.summary)
        .language(words.given().orElse(null))
        .keepOriginal(tip.keepOriginal)
        .allowUnsanitized(tip.allowUnsanitized);
    tip.files.forEach(f -> t.file(TipFile.of(f)));
    return t.build();
  }

  /** Makes the progress bar for a step ("Cleaning", "Sealing"); one that shows nothing off a terminal. */
  @FunctionalInterface
  interface Bars {
    UploadProgress bar(String step);
  }

  /**
   * A bar for cleaning, which the sanitizer does not report as it goes: a large file a cleaner
   * rewrites is written, then cleaned again to check it, into directories under the scratch
   * directory, so what has appeared there, against twice the files' size, is about how far
   * cleaning got. Shown only once something appears (files sealed as they are are not cleaned).
   */
  private static final class CleaningWatch implements AutoCloseable {
    private final UploadProgress bar;
    private final long total;
    private final Path scratch;
    private final Thread watcher;
    private volatile boolean stopped;
    private volatile boolean shown;

    CleaningWatch(Path scratch, long expected, UploadProgress bar) {
      this.bar = bar;
      this.total = 2 * expected;
      this.scratch = scratch;
      watcher = Thread.ofPlatform().daemon().name("sandyq-cleaning-bar").start(() -> {
        long most = 0; // the files come and go (the copy checked, then deleted): the bar never goes back
        while (!stopped) {
          long written = writtenUnder(scratch);
          if (written > most) {
            most = written;
            shown = true;
            bar.advance(Math.min(most, total - total / 100), total);
          }
          try {
            Thread.sleep(200);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
    }

    /**
     * Cleaning is over: sealing started. A cleaning faster than the watcher's first look still ends
     * in its full bar, so the person sees that the file was cleaned, whatever the machine's speed.
     */
    void finished() {
      if (!stopped) {
        stop();
        if (shown || writtenUnder(scratch) > 0) {
          shown = true;
          bar.advance(total, total);
        }
      }
    }

    private void stop() {
      stopped = true;
      watcher.interrupt();
      joinUninterruptibly(watcher); // the sealing thread may be interrupted itself: the bar is drawn out first
    }

    @Override
    public void close() {
      if (!stopped) {
        stop();
      }
      if (shown) {
        bar.done();
      }
    }

    /** The bytes in files one directory down from {@code scratch} (files may vanish while counted). */
    private static long writtenUnder(Path scratch) {
      long sum = 0;
      try (java.nio.file.DirectoryStream<Path> dirs = Files.newDirectoryStream(scratch, Files::isDirectory)) {
        for (Path d : dirs) {
          try (java.nio.file.DirectoryStream<Path> files = Files.newDirectoryStream(d)) {
            for (Path f : files) {
              try {
                sum += Files.size(f);
              } catch (java.io.IOException gone) {
                // removed while counted
              }
            }
          }
        }
      } catch (java.io.IOException | java.nio.file.DirectoryIteratorException e) {
        // the scratch directory is being cleaned up
      }
      return sum;
    }
  }

  /** Below this, sealing takes well under a second: no bar. */
  private static final long SHOWN_FROM = 16L << 20;

  /** About what the envelope will hold: the files (the text, padding and headers are a few percent more). */
  private static long expectedBytes(TipOptions tip) throws java.io.IOException {
    long total = 0;
    for (Path f : tip.files) {
      total += Files.isRegularFile(f) ? Files.size(f) : 0;
    }
    return Math.max(total, 1);
  }

  /**
   * The refusal in the command line's words. A file the sanitizer would not clean gets this front
   * end's advice (the sentences say when --allow-unsanitized is the way out); the sanitizer itself
   * states only the facts.
   */
  private static final String ADVICE = "; send it with --allow-unsanitized only if you accept that it is sealed as it is";

  static UserError userError(TipRefused e) {
    return switch (e.reason()) {
      case UNKNOWN_ANSWER -> new UserError("--answer " + e.subject() + ": " + e.getMessage(), e);
      case NOTHING_TO_SEAL -> Words.error(e, "error.nothing-to-seal");
      // the English sentence is the sanitizer's; the others say it whole in the source's language
      case UNSUPPORTED_FILE -> new UserError(e.getMessage() + ADVICE, e, "error.unsupported-file", e.subject(),
          e.fileType().orElse("?"));
      case REFUSED_FILE -> new UserError(e.getMessage() + ADVICE, e, "error.refused-file", e.subject());
      case NOT_A_FILE -> Words.error(e, "error.not-a-file", e.subject());
      case UNKNOWN_CATEGORY -> new UserError(e.getMessage(), e, "error.unknown-category", e.subject());
      case INVALID -> new UserError(e.getMessage(), e);
    };
  }
}
