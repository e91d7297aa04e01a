package org.sandyq.server.intake.form;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.crypto.tink.HybridDecrypt;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import org.sandyq.api.ProblemType;
import org.sandyq.crypto.receipt.MalformedReceiptException;
import org.sandyq.crypto.receipt.Receipt;
import org.sandyq.crypto.receipt.ReceiptKeys;
import org.sandyq.crypto.unseal.Reply;
import org.sandyq.crypto.unseal.Roster;
import org.sandyq.policy.Policy;
import org.sandyq.policy.VerifiedPolicy;
import org.sandyq.sanitizer.Confinement;
import org.sandyq.sanitizer.CleanerBusyException;
import org.sandyq.sanitizer.IsolatedSanitizer;
import org.sandyq.sanitizer.Limits;
import org.sandyq.sanitizer.RefusedFileException;
import org.sandyq.sanitizer.Sanitizer;
import org.sandyq.sanitizer.SanitizerRefusal;
import org.sandyq.sanitizer.UnsupportedFileTypeException;
import org.sandyq.server.Problem;
import org.sandyq.server.ServerLogging;
import org.sandyq.server.intake.Intake;
import org.sandyq.server.lawyer.Replies;
import org.sandyq.server.storage.Submissions;
import org.sandyq.server.vault.PolicyInForce;
import org.sandyq.server.vault.Vault;
import org.sandyq.server.vault.VaultException;
import org.sandyq.tip.SealedTip;
import org.sandyq.tip.Tip;
import org.sandyq.tip.TipFile;
import org.sandyq.tip.TipRefused;
import org.sandyq.tip.TipSealer;

/**
 * Sealed at intake: the source web page's submissions, follow-ups and status, for a browser that
 * cannot seal on its own. The form lives in memory only; its files are cleaned with the same
 * sanitizer and the tip sealed exactly as the command line seals it ({@link TipSealer}), then
 * stored through the same intake path as a {@code POST /v1/submissions}: the same blob, row and
 * log entry. A live server therefore sees these forms, their files and their receipts in
 * plaintext ({@code threat-model.md}, "sealed at intake").
 *
 * <p>How a route uses it: {@code try (var slot = intake.admit()) { TipForm f = ...parse or
 * openSealed...; Accepted a = intake.submit(f); }} — {@link #admit()} first, before reading any of
 * the body, so a full server refuses at once ({@code busy}, 503) instead of buffering. Memory is
 * bounded by that: at most {@link #capacity()} forms are in memory at once, sized so that the worst
 * case fits the heap. The receipt's key derivation (Argon2id, 64 MiB) is bounded separately, so the
 * status page, whose body is small, cannot exhaust memory either.
 *
 * <p>Plaintext is discarded when the answer is built: file bytes this class or the parser own are
 * zeroed; strings (the text, the answers, the receipt) cannot be zeroed in Java and, like any copy
 * the JVM made, stay in the heap until it is collected and reused.
 */
public final class FormIntake implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(FormIntake.class.getName());
  /**
   * Memory one form may take at worst, in multiples of its size: the sealed body and its
   * plaintext, the parsed files, their cleaned copies (with growth slack) and the cleaner's check.
   */
  static final int WORST_CASE_COPIES = 6;
  /** Of those copies, what the cleaned files may take together: twice the files, plus the slack below each. */
  static final int CLEANED_COPIES = 2;
  /** What a cleaned copy may take beyond twice its file (a tiny file's cleaned copy is tiny too). */
  static final long CLEANED_SLACK = 64L << 10;
  /** What one receipt derivation takes (Argon2id, m = 64 MiB), plus slack. */
  static final long DERIVATION_BYTES = 72L << 20;
  /** Heap kept for everything else the server does. */
  static final long HEAP_RESERVE = 128L << 20;
  /** How long a status or form waits for a receipt derivation before it is refused as busy. */
  private static final Duration DERIVATION_WAIT = Duration.ofSeconds(10);
  /** A web form's files are cleaned within this time each (the command line allows ten minutes). */
  private static final Duration CLEANING_BUDGET = Duration.ofMinutes(2);

  private final PolicyInForce policy;
  private final HybridDecrypt intakeKey;
  private final Intake intake;
  private final Submissions submissions;
  private final Replies replies;
  private final FormLimits limits;
  private final Sanitizer sanitizer;
  private final IsolatedSanitizer cleaner;
  private final Budget budget;
  private final Semaphore bodies;
  private final Semaphore derivations;
  private final FormTokens tokens;
  private final byte[] intakePublicKey;

  /** Constructed by {@code VaultServer}; {@code limits} is capped by the policy's intake limit and the heap. */
  public FormIntake(Vault vault, Intake intake, Submissions submissions, Replies replies, FormLimits limits, Clock clock,
      CleanerSandbox sandbox) throws VaultException {
    this(vault, intake, submissions, replies, limits, clock, Runtime.getRuntime().maxMemory(),
        sandbox.choose(vault.layout().root()));
  }

  FormIntake(Vault vault, Intake intake, Submissions submissions, Replies replies, FormLimits limits, Clock clock, long heap,
      Confinement confinement) {
    this.policy = vault.policy();
    this.tokens = new FormTokens(clock);
    this.intakePublicKey = vault.keys().intakePublicKey();
    try {
      this.intakeKey = vault.keys().identity().kemDecrypter();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the intake key cannot decrypt: " + e.getMessage(), e);
    }
    this.intake = intake;
    this.submissions = submissions;
    this.replies = replies;
    this.budget = Budget.of(heap);
    this.limits = limits.cappedAt(vault.policy().current().intake().maxBytes()).cappedAt(budget.largestForm());
    Limits cleaning = Limits.DEFAULT.withMaxInputBytes(this.limits.maxBytes()).withTimeout(CLEANING_BUDGET);
    try {
      // a source's file is parsed in a child process: a parser bug or a bomb costs that child
      this.cleaner = new IsolatedSanitizer(IsolatedSanitizer.Settings.forLimits(cleaning, 1, confinement));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot prepare the cleaner's working directory", e);
    }
    this.sanitizer = new Sanitizer(cleaning);
    this.bodies = new Semaphore(kib(budget.bodyBytes()));
    this.derivations = new Semaphore(budget.derivations());
  }

  /**
   * Memory for the web intake, in bytes: forms in flight take {@link #WORST_CASE_COPIES} times
   * their length from {@code bodyBytes}, reserved before a byte of the body is read; receipt
   * derivations ({@link #DERIVATION_BYTES} each) have their own {@code derivations} places, so
   * forms held open can never take the memory a status lookup needs.
   */
  record Budget(long bodyBytes, int derivations) {
    /** A form of at least this size always fits, whatever the heap (with the reserve below it). */
    static final long SMALLEST_LARGEST_FORM = 1L << 20;

    static Budget of(long heap) {
      long spare = Math.max(0, heap - HEAP_RESERVE);
      int derivations = (int) Math.max(1, Math.min(64, spare / (4 * DERIVATION_BYTES)));
      long bodies = Math.max(WORST_CASE_COPIES * SMALLEST_LARGEST_FORM, spare - derivations * DERIVATION_BYTES);
      return new Budget(bodies, derivations);
    }

    long largestForm() {
      return bodyBytes / WORST_CASE_COPIES;
    }
  }

  /** How many forms of the largest size fit the heap at once; at least one. */
  static int capacity(long heap, FormLimits limits) {
    Budget b = Budget.of(heap);
    return (int) Math.max(1, b.bodyBytes() / (WORST_CASE_COPIES * Math.min(limits.maxBytes(), b.largestForm())));
  }

  /** A place among the forms being processed at once; close it when the answer is built. */
  public interface Slot extends AutoCloseable {
    @Override
    void close();
  }

  /** {@link #admit(OptionalLong)} for a form of the largest size. */
  public Slot admit() throws Problem {
    return admit(OptionalLong.empty());
  }

  /**
   * Reserves the memory a form of {@code declared} bytes (the request's Content-Length; unknown:
   * the largest) may take, or refuses at once: {@code too-large} (413) beyond the limit,
   * {@code busy} (503) when the bytes are not free now. Taken before the body is read, so the
   * body is never buffered without its memory.
   */
  public Slot admit(OptionalLong declared) throws Problem {
    long length = declared.orElse(SealedForm.maxLength(limits));
    if (length > SealedForm.maxLength(limits)) {
      throw new Problem(ProblemType.TOO_LARGE, "the form is larger than " + limits.maxBytes() + " bytes");
    }
    int permits = kib(WORST_CASE_COPIES * Math.max(length, 1));
    if (!bodies.tryAcquire(permits)) {
      throw busy();
    }
    AtomicBoolean open = new AtomicBoolean(true);
    return () -> {
      if (open.getAndSet(false)) {
        bodies.release(permits);
      }
    };
  }

  private static int kib(long bytes) {
    return (int) Math.min(Integer.MAX_VALUE, (bytes + 1023) >> 10);
  }

  /** How many forms of the largest size may be in memory at once. */
  public int capacity() {
    return (int) Math.max(1, budget.bodyBytes() / (WORST_CASE_COPIES * SealedForm.maxLength(limits)));
  }

  /** The limits in force (the default form limits, capped by the policy's intake limit). */
  public FormLimits limits() {
    return limits;
  }

  /** {@link FormParser#parse} within {@link #limits()}. */
  public TipForm parse(String contentType, InputStream body) throws Problem {
    return FormParser.parse(contentType, body, limits);
  }

  /**
   * A new submission: checks the category and answers, draws the receipt, cleans the files in
   * memory, seals and stores. The form's file bytes are zeroed when this returns, accepted or not.
   */
  public Accepted submit(TipForm form) throws Problem {
    try {
      if (form.isFollowup()) {
        throw FormParser.malformed("this form is a follow-up, not a new submission");
      }
      if (form.category().isEmpty()) {
        throw new Problem(ProblemType.UNKNOWN_CATEGORY, "choose a category", "", null);
      }
      VerifiedPolicy inForce = policy.current(); // checked and sealed under one version
      Tip tip = tip(form, form.category(), inForce);
      Receipt receipt = Receipt.generate();
      ReceiptKeys keys = derive(receipt);
      Sealed sealed = seal(null, keys, tip, inForce);
      return new Accepted(receipt.formatted(), sealed.stored().submissionId(), sealed.tip().reports(),
          sealed.tip().category().id(), false, sealed.stored().log());
    } finally {
      form.wipe();
    }
  }

  /**
   * Evidence added to the submission whose receipt the form carries (the same receipt, so the same
   * reply key; the follow-up keeps its tip's category); file bytes zeroed on return.
   */
  public Accepted followup(TipForm form) throws Problem {
    try {
      if (!form.isFollowup()) {
        throw FormParser.malformed("this form is a new submission, not a follow-up");
      }
      Receipt receipt = receipt(form.receipt());
      if (form.text().isBlank() && form.files().isEmpty()) {
        throw nothingToSend();
      }
      ReceiptKeys keys = derive(receipt);
      Submissions.Stored parent = byReceipt(keys);
      VerifiedPolicy inForce = policy.current();
      Tip tip = tip(form, parent.category(), inForce);
      Sealed sealed = seal(parent.id(), keys, tip, inForce);
      return new Accepted(receipt.formatted(), sealed.stored().submissionId(), sealed.tip().reports(),
          parent.category(), true, sealed.stored().log());
    } finally {
      form.wipe();
    }
  }

  /**
   * The state of the submission with this receipt and its replies, each verified against the
   * lawyers of a version of the policy and decrypted in memory with the receipt's reply key (in this
   * mode the server sees the receipt and the replies: the trust boundary of sealed at intake).
   * A reply that does not verify or decrypt is left out (and logged, without its content).
   */
  public StatusView status(String typed) throws Problem {
    ReceiptKeys keys = derive(receipt(typed));
    Submissions.Stored s = byReceipt(keys);
    // every version's roster, newest first: a reply was checked against the roster in force when it
    // was stored, and one written before its author left the roster is still the source's to read
    List<Roster> rosters = policy.current().versions().reversed().stream()
        .map(p -> Roster.of(p.fingerprint(), p.lawyers())).toList();
    List<StatusView.Reply> shown = new ArrayList<>();
    long followups;
    try {
      for (JsonNode doc : replies.forSource(s.id())) {
        try {
          Reply reply = verified(doc, rosters);
          shown.add(new StatusView.Reply(reply.day().toString(), reply.openAsSource(keys)));
        } catch (GeneralSecurityException e) {
          LOG.warning("a stored reply to a web source did not verify or decrypt and is not shown: "
              + ServerLogging.describe(e));
        }
      }
      followups = submissions.followups(s.id());
    } catch (Problem p) {
      throw refused(p);
    } catch (IOException | java.sql.SQLException e) {
      throw internalError(e);
    }
    return new StatusView(s.state(), s.category(), s.receivedDay(), shown, (int) Math.min(Integer.MAX_VALUE, followups));
  }

  private static Reply verified(JsonNode doc, List<Roster> rosters) throws GeneralSecurityException {
    GeneralSecurityException last = null;
    for (Roster roster : rosters) {
      try {
        return Reply.verify(doc, roster);
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw last;
  }

  /** The vault's intake public key (X25519), to which the page seals its forms. */
  public byte[] intakePublicKey() {
    return intakePublicKey.clone();
  }

  /** The single-use tokens a sealed form must carry (served with the intake key). */
  public FormTokens tokens() {
    return tokens;
  }

  /**
   * The JS path (docs/web-intake.md §1): {@code body} is {@code enc || ciphertext} of
   * {@code "sandyq-form/2\n" || token || answer key || content type || "\n" || multipart body},
   * decrypted in memory, its token redeemed; the form is parsed by {@link SealedForm.Opened#form}.
   *
   * @throws Problem {@code undecryptable} (400), {@code too-large} (413), {@code malformed} (400),
   *     {@code stale-form} (403), {@code replayed-form} (409)
   */
  public SealedForm.Opened openSealed(byte[] body) throws Problem {
    return SealedForm.open(intakeKey, tokens, body, limits);
  }

  /**
   * {@link #openSealed(byte[])}, reading at most what the limits allow from {@code body}
   * ({@code too-large} beyond). The ciphertext is zeroed too.
   */
  public SealedForm.Opened openSealed(InputStream body) throws Problem {
    long max = SealedForm.maxLength(limits);
    byte[] sealed;
    try {
      sealed = body.readNBytes((int) max + 1);
    } catch (org.sandyq.server.PacedBodies.TooSlow e) {
      throw Problem.tooSlow(e);
    } catch (IOException | RuntimeException e) {
      throw FormParser.malformed("the request body could not be read to its end");
    }
    try {
      return openSealed(sealed);
    } finally {
      Arrays.fill(sealed, (byte) 0);
    }
  }

  // ---------------------------------------------------------------- sealing and storing

  private record Sealed(SealedTip tip, Intake.Stored stored) {}

  /** The form as a tip, checked before anything costly (the receipt's derivation, the cleaning). */
  private Tip tip(TipForm form, String category, VerifiedPolicy policy) throws Problem {
    Tip.Builder t = Tip.builder().category(category).answers(form.answers()).text(form.text()).language(form.lang());
    form.files().forEach(f -> t.file(TipFile.of(f.name(), f.bytes())));
    Tip tip = t.build();
    try {
      TipSealer.check(policy, tip);
    } catch (TipRefused e) {
      throw refused(e);
    }
    return tip;
  }

  private Sealed seal(String parent, ReceiptKeys keys, Tip tip, VerifiedPolicy policy) throws Problem {
    AtomicReference<SealedTip> sealed = new AtomicReference<>();
    try (CleanedCopies copies = new CleanedCopies(tip)) {
      Intake.Stored stored = intake.sealedAtIntake(parent, keys.lookup(), out -> {
        try {
          sealed.set(new TipSealer(sanitizer, cleaner.within(copies), org.sandyq.tip.ScratchSpace.SYSTEM_TEMP)
              .seal(policy, tip, keys, out));
        } catch (GeneralSecurityException e) {
          throw new IOException("sealing failed: " + e.getMessage(), e);
        }
        return sealed.get().envelope().header();
      });
      return new Sealed(sealed.get(), stored);
    } catch (TipRefused e) {
      throw refused(e);
    } catch (Problem p) {
      throw refused(p);
    } catch (CleanerBusyException e) {
      throw busy();
    } catch (IOException | RuntimeException e) {
      throw internalError(e);
    }
  }

  /**
   * What one form's cleaned copies (and reports) may take of the server's memory: twice its files
   * and {@link #CLEANED_SLACK} each, the share of the form's reservation ({@link
   * #WORST_CASE_COPIES}) they were given; beyond that, memory of the forms' budget that is free at
   * that moment, taken as the copy arrives and given back once the form is sealed or refused. A
   * cleaner that stores what a file had compressed (a chat export's JSON, an office file's bitmap
   * pictures, so that the check after cleaning can read them) legitimately writes a copy many
   * times its file; a cleaning child that runs an attacker's code can do no more than take what is
   * free, and its copy is refused unread once nothing is.
   */
  private final class CleanedCopies implements IsolatedSanitizer.Allowance, AutoCloseable {
    private final long share;
    private long taken;
    private int borrowed; // permits of the forms' budget, in KiB

    CleanedCopies(Tip tip) {
      long s = 0;
      for (TipFile f : tip.files()) {
        if (f instanceof TipFile.InMemory m) {
          s += CLEANED_COPIES * (long) m.bytes().length + CLEANED_SLACK;
        }
      }
      this.share = s;
    }

    @Override
    public synchronized boolean take(long bytes) {
      long beyond = taken + bytes - share;
      int more = beyond > 0 ? kib(beyond) - borrowed : 0;
      if (more > 0) {
        if (!bodies.tryAcquire(more)) {
          return false;
        }
        borrowed += more;
      }
      taken += bytes;
      return true;
    }

    @Override
    public synchronized void close() {
      bodies.release(borrowed);
      borrowed = 0;
    }
  }

  private ReceiptKeys derive(Receipt receipt) throws Problem {
    boolean acquired;
    try {
      acquired = derivations.tryAcquire(DERIVATION_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw busy();
    }
    if (!acquired) {
      throw busy();
    }
    try {
      return ReceiptKeys.derive(receipt, policy.current().receiptSalt()); // fixed for the life of the vault
    } catch (GeneralSecurityException e) {
      throw internalError(e);
    } finally {
      derivations.release();
    }
  }

  private Submissions.Stored byReceipt(ReceiptKeys keys) throws Problem {
    Optional<Submissions.Stored> row;
    try {
      row = submissions.byLookup(keys.lookup().serverHash());
    } catch (IOException | java.sql.SQLException e) {
      throw internalError(e);
    }
    return row.orElseThrow(() -> refused(Intake.unknownReceipt()));
  }

  private static Receipt receipt(String typed) throws Problem {
    try {
      return Receipt.parse(typed);
    } catch (MalformedReceiptException e) {
      // a typo and a wrong length need different help: the page says which (its subject: the digits typed)
      throw switch (e.reason()) {
        case CHECK_DIGIT -> new Problem(ProblemType.RECEIPT_TYPO, "this is not a receipt: " + e.getMessage());
        case LENGTH -> new Problem(ProblemType.RECEIPT_LENGTH, "this is not a receipt: " + e.getMessage(),
            Integer.toString(e.digits()), null);
        case CHARACTER -> new Problem(ProblemType.RECEIPT_CHARACTERS, "this is not a receipt: " + e.getMessage());
      };
    }
  }

  /** Stops the cleaner's waiting child process. */
  @Override
  public void close() {
    cleaner.close();
  }

  /** How web-page files' children are confined ({@link CleanerSandbox}), for health. */
  public Confinement cleanerConfinement() {
    return cleaner.confinement();
  }

  // ---------------------------------------------------------------- refusals

  private static Problem busy() {
    return new Problem(ProblemType.BUSY, "the server is handling as many web forms as its memory allows; try again in a minute");
  }

  private static Problem nothingToSend() {
    return new Problem(ProblemType.NOTHING_TO_SEND, "the form has no text and no file");
  }

  static Problem refused(TipRefused e) {
    return switch (e.reason()) {
      case UNKNOWN_CATEGORY -> new Problem(ProblemType.UNKNOWN_CATEGORY, e.getMessage(), e.subject(), null);
      case UNKNOWN_ANSWER -> new Problem(ProblemType.UNKNOWN_ANSWER, e.getMessage(), e.subject(), null);
      case NOTHING_TO_SEAL -> nothingToSend();
      case UNSUPPORTED_FILE, REFUSED_FILE -> refused(e.subject(), e.fileRefusal().orElseThrow());
      case NOT_A_FILE, INVALID -> FormParser.malformed(e.getMessage());
    };
  }

  /** A file the sanitizer would not clean, in the web page's words: it never seals a file as it is. */
  private static Problem refused(String name, SanitizerRefusal e) {
    String type = e.detectedType();
    return switch (e) {
      case UnsupportedFileTypeException u -> new Problem(ProblemType.UNSUPPORTED_FILE, "the file \"" + name
          + "\" is " + type + ", which cannot be cleaned of its metadata; the web page sends only files it can clean",
          name, type, e.wayOut());
      case RefusedFileException r -> new Problem(ProblemType.REFUSED_FILE, "the file \"" + name + "\" (" + type
          + ") was refused: " + r.reason(), name, type, e.wayOut());
    };
  }

  /** The intake's problem as the page's refusal; what the page cannot explain is the server's error. */
  static Problem refused(Problem p) {
    return switch (p.problemType()) {
      case TOO_LARGE, UNKNOWN_RECEIPT, EXPIRED -> new Problem(p.problemType(), p.detail());
      default -> {
        LOG.warning("a web form could not be stored: " + p.status() + " " + p.slug()); // the detail names the request
        yield new Problem(ProblemType.INTERNAL_ERROR, "the server could not store the form and kept nothing of it");
      }
    };
  }

  /**
   * The server's own failure. The log names the failure, never the form: even an I/O message can
   * quote a path under the vault's temporary directory or a value from the form.
   */
  private static Problem internalError(Exception e) {
    LOG.warning("a web form failed on the server: " + ServerLogging.describe(e));
    return new Problem(ProblemType.INTERNAL_ERROR, "the server failed and kept nothing of the form");
  }
}
