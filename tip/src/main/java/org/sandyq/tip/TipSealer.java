package org.sandyq.tip;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import org.sandyq.crypto.envelope.EnvelopeSealer;
import org.sandyq.crypto.envelope.PayloadContents;
import org.sandyq.crypto.envelope.PayloadFile;
import org.sandyq.crypto.envelope.SealedEnvelope;
import org.sandyq.crypto.envelope.SealingParameters;
import org.sandyq.crypto.envelope.Triage;
import org.sandyq.crypto.receipt.ReceiptKeys;
import org.sandyq.policy.Category;
import org.sandyq.policy.Policy;
import org.sandyq.policy.PolicyException;
import org.sandyq.policy.Question;
import org.sandyq.policy.VerifiedPolicy;
import org.sandyq.sanitizer.InMemoryCleaner;
import org.sandyq.sanitizer.Sanitizer;

/**
 * The one way a tip becomes an envelope, for the command line ({@code seal}, {@code submit},
 * {@code followup}) and the server's web intake alike: check the category and the answers against
 * the policy's questionnaire, clean every file with the sanitizer, build the evidence (text,
 * answers, the sanitizer's report, the cleaned files) and the sealing parameters from the policy,
 * put the source's reply key (from the receipt) into the triage, and seal.
 */
public final class TipSealer {
  private final Sanitizer sanitizer;
  private final InMemoryCleaner inMemory;
  private final ScratchSpace scratch;

  public TipSealer() {
    this(new Sanitizer());
  }

  public TipSealer(Sanitizer sanitizer) {
    this(sanitizer, ScratchSpace.SYSTEM_TEMP);
  }

  /** {@code scratch}: where a large file that a cleaner rewrites is cleaned (deleted before {@link #seal} returns). */
  public TipSealer(Sanitizer sanitizer, ScratchSpace scratch) {
    this(sanitizer, sanitizer, scratch);
  }

  /**
   * Files held in memory (the server's web intake) are cleaned by {@code inMemory}, for example an
   * {@link org.sandyq.sanitizer.IsolatedSanitizer} in a child process; files on disk by {@code sanitizer}.
   */
  public TipSealer(Sanitizer sanitizer, InMemoryCleaner inMemory, ScratchSpace scratch) {
    this.sanitizer = sanitizer;
    this.inMemory = inMemory;
    this.scratch = scratch;
  }

  /**
   * Seals {@code tip} under the latest version of {@code verified} to {@code out} (not closed).
   * Nothing is written to {@code out} when the tip is refused. Files in memory are cleaned in
   * memory (nothing of them touches the disk); files on disk in memory too up to 16 MiB, larger
   * ones are read where they are or, when a cleaner must rewrite them, cleaned in a scratch
   * directory that is deleted before this returns.
   */
  public SealedTip seal(VerifiedPolicy verified, Tip tip, ReceiptKeys receipt, OutputStream out)
      throws TipRefused, IOException, GeneralSecurityException {
    return seal(verified, tip, () -> receipt, (params, triage, evidence, original) ->
        EnvelopeSealer.seal(params, triage.get(), evidence, original, out));
  }

  /**
   * {@link #seal(VerifiedPolicy, Tip, ReceiptKeys, OutputStream)} into {@code out} from its position
   * on, reading every file once (the sealer writes the manifest's segment last, in place);
   * {@code progress} is told how many bytes of the envelope have been written.
   */
  public SealedTip seal(VerifiedPolicy verified, Tip tip, ReceiptKeys receipt, FileChannel out, LongConsumer progress)
      throws TipRefused, IOException, GeneralSecurityException {
    return seal(verified, tip, () -> receipt, (params, triage, evidence, original) ->
        EnvelopeSealer.seal(params, triage.get(), evidence, original, out, progress));
  }

  /**
   * {@link #seal(VerifiedPolicy, Tip, ReceiptKeys, OutputStream)} into {@code out} front to back,
   * every byte final once {@code progress} has counted it (the first call comes once the header is
   * written), so that a reader can follow the writer: every file is read twice, hashed then
   * encrypted, and one that changed in between fails sealing with
   * {@link org.sandyq.crypto.envelope.FileChangedException}. Every cleaned file can be read twice
   * (cleaned in memory, sealed where it is, or cleaned into the scratch directory, which lives
   * until this returns). {@code hashed} is told how many bytes of the files the first pass read.
   * The files are cleaned and hashed before anything else is waited for, so that this pass can run
   * while the policy is still being fetched and checked and the receipt's keys derived, on other
   * threads: then the policy decides (an unknown category is refused here, unless the caller
   * refused it first with {@link #check}) and the keys go into the triage, in the header.
   */
  public SealedTip sealInOrder(Future<VerifiedPolicy> verified, Tip tip, Future<ReceiptKeys> receipt, FileChannel out,
      LongConsumer hashed, LongConsumer progress) throws TipRefused, IOException, GeneralSecurityException {
    try (CleanFiles files = CleanFiles.clean(sanitizer, inMemory, tip.files(), tip.allowUnsanitized(), scratch)) {
      Contents contents = contents(tip, files);
      EnvelopeSealer.Hashed first = EnvelopeSealer.hash(contents.evidence(), contents.original(), hashed);
      Policy policy = later(verified, "the vault's policy").get().latest();
      Category category = check(policy, tip);
      SealedEnvelope sealed = EnvelopeSealer.sealInOrder(params(policy, category),
          triage(tip, category, later(receipt, "the receipt's keys").get()), first, out, progress);
      return new SealedTip(sealed, files.reports(), policy, category, tip.keepOriginal());
    }
  }

  /**
   * {@link #seal(VerifiedPolicy, Tip, ReceiptKeys, FileChannel, LongConsumer)} with the receipt's
   * keys still being derived on another thread: the files are cleaned meanwhile, and the keys
   * waited for only when the header needs them (the triage holds the reply key).
   */
  public SealedTip seal(VerifiedPolicy verified, Tip tip, Future<ReceiptKeys> receipt, FileChannel out,
      LongConsumer progress) throws TipRefused, IOException, GeneralSecurityException {
    return seal(verified, tip, later(receipt, "the receipt's keys"), (params, triage, evidence, original) ->
        EnvelopeSealer.seal(params, triage.get(), evidence, original, out, progress));
  }

  /** {@code value}, computed on another thread, as what this one waits for; {@code what} names it in errors. */
  private static <T> Later<T> later(Future<T> value, String what) {
    return () -> {
      try {
        return value.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("stopped while waiting for " + what);
      } catch (CancellationException e) {
        throw new InterruptedIOException("stopped: " + what + " will not come");
      } catch (ExecutionException e) {
        throw new IOException(what + " did not come: " + e.getCause().getMessage(), e.getCause());
      }
    };
  }

  /** {@link #seal(VerifiedPolicy, Tip, ReceiptKeys, OutputStream)} into a new file, atomically (never replacing one). */
  public SealedTip seal(VerifiedPolicy verified, Tip tip, ReceiptKeys receipt, Path out)
      throws TipRefused, IOException, GeneralSecurityException {
    return seal(verified, tip, () -> receipt, (params, triage, evidence, original) ->
        EnvelopeSealer.seal(params, triage.get(), evidence, original, out));
  }

  /** Where the envelope goes: a stream or a new file; the triage is built when it asks for it. */
  @FunctionalInterface
  private interface Destination {
    SealedEnvelope seal(SealingParameters params, Later<Triage> triage, PayloadContents evidence,
        Optional<PayloadContents> original) throws TipRefused, IOException, GeneralSecurityException;
  }

  /** What may be waited for (the receipt's keys, derived on another thread). */
  @FunctionalInterface
  private interface Later<T> {
    T get() throws TipRefused, IOException;
  }

  private SealedTip seal(VerifiedPolicy verified, Tip tip, Later<ReceiptKeys> receipt, Destination destination)
      throws TipRefused, IOException, GeneralSecurityException {
    Policy policy = verified.latest();
    Category category = check(policy, tip);
    try (CleanFiles files = CleanFiles.clean(sanitizer, inMemory, tip.files(), tip.allowUnsanitized(), scratch)) {
      Contents contents = contents(tip, files);
      SealedEnvelope sealed = destination.seal(params(policy, category), () -> triage(tip, category, receipt.get()),
          contents.evidence(), contents.original());
      return new SealedTip(sealed, files.reports(), policy, category, tip.keepOriginal());
    }
  }

  /** What a tip's payloads hold: the evidence, and the originals if the source keeps them. */
  private record Contents(PayloadContents evidence, Optional<PayloadContents> original) {}

  /** The evidence (text, answers, the sanitizer's report, the cleaned files) and the originals, from cleaned {@code files}. */
  private static Contents contents(Tip tip, CleanFiles files) throws TipRefused, IOException {
    try {
      ArrayNode reportJson = JsonNodeFactory.instance.arrayNode();
      files.reports().forEach(r -> reportJson.add(r.toJson(false)));
      PayloadContents.Builder b = PayloadContents.builder().text(tip.text()).answers(tip.answers()).report(reportJson);
      files.cleaned().forEach(b::file);
      Optional<PayloadContents> original = Optional.empty();
      if (tip.keepOriginal()) {
        PayloadContents.Builder o = PayloadContents.builder();
        for (PayloadFile f : files.originals()) {
          o.file(f);
        }
        original = Optional.of(o.build());
      }
      return new Contents(b.build(), original);
    } catch (IllegalArgumentException e) {
      throw new TipRefused(TipRefused.Reason.INVALID, "", null, e.getMessage(), e);
    }
  }

  private static SealingParameters params(Policy policy, Category category) {
    return SealingParameters.builder()
        .policyFingerprint(policy.fingerprint())
        .category(category.id())
        .recipients(policy.lawyers())
        .triageThreshold(policy.triageThreshold())
        .evidenceThreshold(category.thresholdUnder(policy))
        .originalThreshold(policy.originalThreshold())
        .build();
  }

  private static Triage triage(Tip tip, Category category, ReceiptKeys receipt) throws TipRefused {
    try {
      Triage.Builder t = Triage.builder().category(category.id()).extra("reply_key", receipt.replyPublicKeyBase64());
      tip.region().ifPresent(t::region);
      tip.dates().ifPresent(t::dates);
      tip.summary().ifPresent(t::summary);
      tip.language().ifPresent(t::language);
      return t.build();
    } catch (IllegalArgumentException e) {
      throw new TipRefused(TipRefused.Reason.INVALID, "", null, e.getMessage(), e);
    }
  }

  /**
   * What {@link #seal} checks before it cleans or writes anything: the category exists, every
   * answer is to a question of its questionnaire, and there is text or a file. A front end that
   * must pay for something before sealing (the server derives the receipt's keys) checks first.
   */
  public static void check(VerifiedPolicy verified, Tip tip) throws TipRefused {
    check(verified.latest(), tip);
  }

  private static Category check(Policy policy, Tip tip) throws TipRefused {
    Category category = category(policy, tip.category());
    checkAnswers(tip, category);
    if (tip.text().isBlank() && tip.files().isEmpty()) {
      throw new TipRefused(TipRefused.Reason.NOTHING_TO_SEAL, "", null, "nothing to seal: no text and no file", null);
    }
    return category;
  }

  private static Category category(Policy policy, String id) throws TipRefused {
    try {
      return policy.category(id);
    } catch (PolicyException e) {
      throw new TipRefused(TipRefused.Reason.UNKNOWN_CATEGORY, id, null, e.getMessage(), e);
    }
  }

  private static void checkAnswers(Tip tip, Category category) throws TipRefused {
    List<String> known = category.questionnaire().stream().map(Question::id).toList();
    for (String id : tip.answers().keySet()) {
      if (!known.contains(id)) {
        throw new TipRefused(TipRefused.Reason.UNKNOWN_ANSWER, id, null, "the " + category.id()
            + " questionnaire has no question \"" + id + "\"; its questions are " + String.join(", ", known), null);
      }
    }
  }
}
