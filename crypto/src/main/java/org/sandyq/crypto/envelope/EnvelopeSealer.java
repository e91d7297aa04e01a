package org.sandyq.crypto.envelope;

import com.google.crypto.tink.HybridEncrypt;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.sandyq.crypto.identity.KeyId;
import org.sandyq.crypto.identity.PublicIdentity;

/**
 * Seals a submission into a v1 envelope (see {@code docs/envelope.md}): fresh random keys for the
 * triage, the evidence and (optionally) the original files, each split k-of-n among the roster
 * lawyers; the header first, then each payload streamed in constant memory.
 */
public final class EnvelopeSealer {
  private static final SecureRandom RANDOM = new SecureRandom();

  private EnvelopeSealer() {}

  /**
   * Writes the envelope to {@code out} (not closed). Every file is read twice: once to hash it and
   * fix the sizes declared in the header, once to encrypt it; a file that changes in between makes
   * sealing fail ({@link FileChangedException}), as does any mismatch between declared and written
   * sizes. Sealing into a file
   * ({@link #seal(SealingParameters, Triage, PayloadContents, Optional, FileChannel, LongConsumer)})
   * reads every file once.
   */
  public static SealedEnvelope seal(SealingParameters params, Triage triage, PayloadContents evidence,
      Optional<PayloadContents> original, OutputStream out) throws IOException, GeneralSecurityException {
    List<PayloadWriter> payloads = payloads(evidence, original, true);
    Header header = Header.seal(params, triage, payloads);
    writeInOrder(header, payloads, out, RANDOM);
    return header.sealed();
  }

  /**
   * Writes the envelope into {@code channel} front to back, the head first (the same bytes as
   * {@link #seal(SealingParameters, Triage, PayloadContents, Optional, FileChannel, LongConsumer)}
   * writes last), reading every file twice as the stream form does: so that a reader may follow
   * the writer, each byte final once {@code progress} has counted it. {@code progress} is told how
   * many bytes of the envelope have been written to the channel; its first call comes once the
   * whole header is (the envelope's length can then be read from it). {@code hashed} is told, in
   * the first pass, how many bytes of the files have been read so far. The channel is left open,
   * its position after the envelope, nothing synced.
   */
  public static SealedEnvelope sealInOrder(SealingParameters params, Triage triage, PayloadContents evidence,
      Optional<PayloadContents> original, FileChannel channel, LongConsumer hashed, LongConsumer progress)
      throws IOException, GeneralSecurityException {
    return sealInOrder(params, triage, hash(evidence, original, hashed), channel, progress);
  }

  /**
   * The first pass of {@link #sealInOrder}, on its own: every file read and hashed ({@code hashed}
   * told how many bytes so far), so that it can run before the triage is known (while the
   * receipt's keys are derived). Nothing is written.
   */
  public static Hashed hash(PayloadContents evidence, Optional<PayloadContents> original, LongConsumer hashed)
      throws IOException {
    long[] read = {0};
    LongConsumer piece = n -> hashed.accept(read[0] += n);
    List<PayloadWriter> payloads = new ArrayList<>();
    payloads.add(PayloadWriter.prepare(SectionKind.EVIDENCE, evidence, piece));
    if (original.isPresent()) {
      payloads.add(PayloadWriter.prepare(SectionKind.ORIGINAL, original.get(), piece));
    }
    return new Hashed(payloads);
  }

  /**
   * The second pass: {@code hashed}'s files read again, checked against their first read (CRC-32C),
   * encrypted in order.
   */
  public static SealedEnvelope sealInOrder(SealingParameters params, Triage triage, Hashed hashed, FileChannel channel,
      LongConsumer progress) throws IOException, GeneralSecurityException {
    List<PayloadWriter> payloads = hashed.payloads;
    Header header = Header.seal(params, triage, payloads);
    // not closed: closing it would close the channel
    OutputStream out = new BufferedOutputStream(new Progress(Channels.newOutputStream(channel), progress), 1 << 16);
    writeInOrder(header, payloads, out, RANDOM);
    return header.sealed();
  }

  /** A submission's files, hashed: the manifests, for {@link #sealInOrder}. */
  public static final class Hashed {
    private final List<PayloadWriter> payloads;

    private Hashed(List<PayloadWriter> payloads) {
      this.payloads = List.copyOf(payloads);
    }
  }

  private static List<PayloadWriter> payloads(PayloadContents evidence, Optional<PayloadContents> original,
      boolean hashed) throws IOException {
    List<PayloadWriter> payloads = new ArrayList<>();
    payloads.add(hashed ? PayloadWriter.prepare(SectionKind.EVIDENCE, evidence)
        : PayloadWriter.sized(SectionKind.EVIDENCE, evidence));
    if (original.isPresent()) {
      payloads.add(hashed ? PayloadWriter.prepare(SectionKind.ORIGINAL, original.get())
          : PayloadWriter.sized(SectionKind.ORIGINAL, original.get()));
    }
    return payloads;
  }

  /** Front to back, every payload {@link PayloadWriter#prepare prepared}; package-private for the test of sameness. */
  static void writeInOrder(Header header, List<PayloadWriter> payloads, OutputStream out, SecureRandom random)
      throws IOException, GeneralSecurityException {
    out.write(header.prefix);
    out.flush(); // the header reaches a follower first: it tells the envelope's length
    for (int i = 0; i < payloads.size(); i++) {
      payloads.get(i).write(header.keys.get(i), header.prefix, out, random);
    }
    out.flush();
  }

  /**
   * Writes the envelope into {@code channel} from its position on (the channel is left open, its
   * position after the envelope, nothing synced), reading every file once: each file is hashed as
   * it is encrypted, and the first segment of each payload, which holds the manifest with those
   * hashes, is encrypted last and written in place. {@code progress} is told how many bytes of the
   * envelope have been written so far. A file whose size differs from the one declared makes
   * sealing fail.
   */
  public static SealedEnvelope seal(SealingParameters params, Triage triage, PayloadContents evidence,
      Optional<PayloadContents> original, FileChannel channel, LongConsumer progress)
      throws IOException, GeneralSecurityException {
    List<PayloadWriter> payloads = payloads(evidence, original, false);
    Header header = Header.seal(params, triage, payloads);
    writeHeldBack(header, payloads, channel, progress, RANDOM);
    return header.sealed();
  }

  /** The head of each payload written last, in place; package-private for the test of sameness. */
  static void writeHeldBack(Header header, List<PayloadWriter> payloads, FileChannel channel, LongConsumer progress,
      SecureRandom random) throws IOException, GeneralSecurityException {
    long at = channel.position();
    // not closed: closing it would close the channel
    OutputStream out = new BufferedOutputStream(new Progress(Channels.newOutputStream(channel), progress), 1 << 16);
    out.write(header.prefix);
    at += header.prefix.length;
    List<byte[]> heads = new ArrayList<>();
    List<Long> offsets = new ArrayList<>();
    for (int i = 0; i < payloads.size(); i++) {
      heads.add(payloads.get(i).writeInOnePass(header.keys.get(i), header.prefix, out, random));
      offsets.add(at + PayloadCipher.STREAM_HEADER_LENGTH);
      at += payloads.get(i).ciphertextLength();
    }
    out.flush();
    for (int i = 0; i < heads.size(); i++) {
      ByteBuffer head = ByteBuffer.wrap(heads.get(i));
      for (long offset = offsets.get(i); head.hasRemaining(); ) {
        offset += channel.write(head, offset);
      }
    }
  }

  /**
   * Seals into a new file, atomically: the envelope is written and synced under a temporary name
   * next to {@code envelope} and renamed only when complete; an existing file is never replaced.
   */
  public static SealedEnvelope seal(SealingParameters params, Triage triage, PayloadContents evidence,
      Optional<PayloadContents> original, Path envelope) throws IOException, GeneralSecurityException {
    if (Files.exists(envelope)) {
      throw new FileAlreadyExistsException(envelope + " already exists; refusing to overwrite it");
    }
    Path dir = envelope.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, ".sandyq-seal-", ".tmp");
    try {
      SealedEnvelope sealed;
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
          WriteBehind behind = new WriteBehind(channel)) {
        sealed = seal(params, triage, evidence, original, channel, behind::written);
        behind.sync();
      }
      publish(tmp, envelope);
      return sealed;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The envelope's header, sealed: the bytes before the payloads, and each payload's key. */
  record Header(byte[] prefix, EnvelopeHeader parsed, List<SectionKey> keys) {
    static Header seal(SealingParameters params, Triage triage, List<PayloadWriter> payloads)
        throws GeneralSecurityException, IOException {
      String category = params.category();
      if (triage.category().isPresent() && !triage.category().get().equals(category)) {
        throw new IllegalArgumentException(
            "the triage says category " + triage.category().get() + ", the parameters say " + category);
      }
      byte[] id = new byte[SubmissionId.LENGTH];
      RANDOM.nextBytes(id);
      SubmissionId submission = SubmissionId.fromBytes(id);

      Map<KeyId, HybridEncrypt> hpke = new LinkedHashMap<>();
      for (PublicIdentity lawyer : params.recipients()) {
        hpke.put(lawyer.keyId(), lawyer.kemEncrypter());
      }
      byte[] categoryBytes = category.getBytes(StandardCharsets.US_ASCII);
      BinaryWriter header = new BinaryWriter()
          .u8(EnvelopeFormat.HEADER_VERSION)
          .bytes(submission.bytes())
          .bytes(params.policyFingerprint().bytes())
          .u8(categoryBytes.length)
          .bytes(categoryBytes);

      SectionKey triageKey = SectionKey.random(SectionKind.TRIAGE, submission);
      header.u8(SectionKind.TRIAGE.code());
      sealKey(triageKey, params, hpke).write(header);
      byte[] triageCiphertext =
          TriageCipher.encrypt(triageKey, TriageCipher.aad(header.toByteArray()), triage.withCategory(category));
      header.u32(triageCiphertext.length).bytes(triageCiphertext);

      header.u8(payloads.size());
      List<SectionKey> payloadKeys = new ArrayList<>();
      for (PayloadWriter payload : payloads) {
        SectionKey key = SectionKey.random(payload.kind(), submission);
        payloadKeys.add(key);
        header.u8(payload.kind().code());
        sealKey(key, params, hpke).write(header);
        header.u64(payload.ciphertextLength());
      }
      if (header.size() > EnvelopeFormat.MAX_HEADER_LENGTH) {
        throw new IllegalArgumentException("the header would be " + header.size() + " bytes, over the limit");
      }

      byte[] prefix = new BinaryWriter()
          .bytes(EnvelopeFormat.MAGIC)
          .u32(header.size())
          .bytes(header.toByteArray())
          .toByteArray();
      return new Header(prefix, EnvelopeHeader.parse(prefix), List.copyOf(payloadKeys)); // what we wrote must read back
    }

    SealedEnvelope sealed() {
      return new SealedEnvelope(parsed, parsed.envelopeLength());
    }
  }

  /** Tells {@code progress} how many bytes went through. */
  private static final class Progress extends FilterOutputStream {
    private final LongConsumer progress;
    private long written;

    Progress(OutputStream out, LongConsumer progress) {
      super(out);
      this.progress = progress;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      progress.accept(++written);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      progress.accept(written += len);
    }
  }

  /** A hard link fails if the name exists, where a rename would silently replace it. */
  private static void publish(Path tmp, Path envelope) throws IOException {
    try {
      Files.createLink(envelope, tmp);
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (UnsupportedOperationException | FileSystemException e) {
      Files.move(tmp, envelope, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private static KeySection sealKey(SectionKey key, SealingParameters params, Map<KeyId, HybridEncrypt> hpke)
      throws GeneralSecurityException {
    return KeySection.seal(key, params.threshold(key.kind()).k(), params.recipients(), hpke);
  }
}
