package org.sandyq.crypto.envelope;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.KeyId;
import org.sandyq.crypto.identity.PrivateIdentity;

/**
 * The readable front of an envelope: {@code magic || header_length u32 || header}. Parsing it
 * needs no key and reads at most {@link EnvelopeFormat#MAX_HEADER_LENGTH} bytes, so the server can
 * check an upload's category, size and recipients before storing it, and a lawyer can find and
 * decrypt their own share.
 *
 * <p>The whole prefix is the associated data of every payload section, so any change to it makes
 * the payloads fail to authenticate.
 */
public final class EnvelopeHeader {
  private final byte[] encoded;
  private final SubmissionId submissionId;
  private final Sha256 policyFingerprint;
  private final String category;
  private final Map<SectionKind, KeySection> sections;
  private final Map<SectionKind, Long> ciphertextLengths;
  private final byte[] triageAad;
  private final byte[] triageCiphertext;

  private EnvelopeHeader(byte[] encoded, SubmissionId submissionId, Sha256 policyFingerprint, String category,
      Map<SectionKind, KeySection> sections, Map<SectionKind, Long> ciphertextLengths, byte[] triageAad,
      byte[] triageCiphertext) {
    this.encoded = encoded;
    this.submissionId = submissionId;
    this.policyFingerprint = policyFingerprint;
    this.category = category;
    this.sections = Collections.unmodifiableMap(sections);
    this.ciphertextLengths = Collections.unmodifiableMap(ciphertextLengths);
    this.triageAad = triageAad;
    this.triageCiphertext = triageCiphertext;
  }

  /**
   * Reads the magic, the header length and the header from {@code in}, leaving it positioned at the
   * first payload byte.
   */
  public static EnvelopeHeader read(InputStream in) throws IOException, MalformedEnvelopeException {
    byte[] prefix = in.readNBytes(EnvelopeFormat.PREFIX_LENGTH);
    checkMagic(prefix);
    long headerLength = new BinaryReader(Arrays.copyOfRange(prefix, 8, 12)).u32("header length");
    checkHeaderLength(headerLength);
    byte[] header = in.readNBytes((int) headerLength);
    if (header.length < headerLength) {
      throw new MalformedEnvelopeException(
          "envelope truncated: the header is " + headerLength + " bytes, only " + header.length + " present");
    }
    byte[] all = Arrays.copyOf(prefix, prefix.length + header.length);
    System.arraycopy(header, 0, all, prefix.length, header.length);
    return parse(all);
  }

  /** Parses exactly {@code magic || header_length || header}, nothing more and nothing less. */
  public static EnvelopeHeader parse(byte[] prefixAndHeader) throws MalformedEnvelopeException {
    checkMagic(prefixAndHeader);
    BinaryReader lengthReader = new BinaryReader(Arrays.copyOfRange(prefixAndHeader, 8, 12));
    long headerLength = lengthReader.u32("header length");
    checkHeaderLength(headerLength);
    if (prefixAndHeader.length != EnvelopeFormat.PREFIX_LENGTH + headerLength) {
      throw new MalformedEnvelopeException("the header length field says " + headerLength + " bytes, "
          + (prefixAndHeader.length - EnvelopeFormat.PREFIX_LENGTH) + " given");
    }
    byte[] encoded = prefixAndHeader.clone();
    BinaryReader in = new BinaryReader(Arrays.copyOfRange(encoded, EnvelopeFormat.PREFIX_LENGTH, encoded.length));

    int version = in.u8("header version");
    if (version != EnvelopeFormat.HEADER_VERSION) {
      throw new MalformedEnvelopeException("unsupported header version " + version);
    }
    SubmissionId submissionId = SubmissionId.fromBytes(in.bytes(SubmissionId.LENGTH, "submission id"));
    Sha256 policy = Sha256.fromBytes(in.bytes(Sha256.LENGTH, "policy fingerprint"));
    String category = new String(in.bytes(in.u8("category length"), "category"), StandardCharsets.US_ASCII);
    if (!EnvelopeFormat.CATEGORY.matcher(category).matches()) {
      throw new MalformedEnvelopeException("category is not 1 to 64 characters a-z, 0-9 or '-'");
    }

    Map<SectionKind, KeySection> sections = new EnumMap<>(SectionKind.class);
    expectKind(in, SectionKind.TRIAGE);
    sections.put(SectionKind.TRIAGE, KeySection.read(in, SectionKind.TRIAGE, submissionId));
    byte[] triageAad = TriageCipher.aad(in.slice(0));
    long triageLength = in.u32("triage ciphertext length");
    if (triageLength < EnvelopeFormat.TRIAGE_MIN_PADDED + EnvelopeFormat.TRIAGE_OVERHEAD
        || triageLength > EnvelopeFormat.TRIAGE_MAX_PADDED + EnvelopeFormat.TRIAGE_OVERHEAD) {
      throw new MalformedEnvelopeException("triage ciphertext length " + triageLength + " is out of range");
    }
    byte[] triageCiphertext = in.bytes((int) triageLength, "triage ciphertext");

    int payloads = in.u8("payload section count");
    if (payloads < 1 || payloads > 2) {
      throw new MalformedEnvelopeException("an envelope has 1 or 2 payload sections, not " + payloads);
    }
    Map<SectionKind, Long> lengths = new EnumMap<>(SectionKind.class);
    for (int i = 0; i < payloads; i++) {
      SectionKind kind = i == 0 ? SectionKind.EVIDENCE : SectionKind.ORIGINAL;
      expectKind(in, kind);
      sections.put(kind, KeySection.read(in, kind, submissionId));
      long length = in.u64(kind.label() + " ciphertext length");
      if (length > EnvelopeFormat.MAX_PAYLOAD_CIPHERTEXT) {
        throw new MalformedEnvelopeException(kind.label() + " payload of " + length + " bytes is over the limit");
      }
      long plaintext = PayloadCipher.plaintextLength(length);
      if (plaintext < EnvelopeFormat.PAYLOAD_MIN_PADDED) {
        throw new MalformedEnvelopeException(kind.label() + " payload is shorter than the minimum padding");
      }
      lengths.put(kind, length);
    }
    if (in.remaining() != 0) {
      throw new MalformedEnvelopeException(in.remaining() + " unexpected bytes at the end of the header");
    }
    return new EnvelopeHeader(
        encoded, submissionId, policy, category, sections, lengths, triageAad, triageCiphertext);
  }

  private static void checkMagic(byte[] prefix) throws MalformedEnvelopeException {
    if (prefix.length < EnvelopeFormat.PREFIX_LENGTH) {
      throw new MalformedEnvelopeException("envelope truncated: " + prefix.length + " bytes");
    }
    byte[] magic = EnvelopeFormat.MAGIC;
    if (!Arrays.equals(prefix, 0, 7, magic, 0, 7)) {
      throw new MalformedEnvelopeException("not a Sandyq envelope");
    }
    if (prefix[7] != magic[7]) {
      throw new MalformedEnvelopeException("unsupported envelope format version " + (prefix[7] & 0xff));
    }
  }

  private static void checkHeaderLength(long length) throws MalformedEnvelopeException {
    if (length > EnvelopeFormat.MAX_HEADER_LENGTH) {
      throw new MalformedEnvelopeException(
          "header of " + length + " bytes is larger than the limit of " + EnvelopeFormat.MAX_HEADER_LENGTH);
    }
  }

  private static void expectKind(BinaryReader in, SectionKind expected) throws MalformedEnvelopeException {
    SectionKind kind = SectionKind.fromCode(in.u8("section kind"));
    if (kind != expected) {
      throw new MalformedEnvelopeException("expected the " + expected.label() + " section, found " + kind.label());
    }
  }

  public SubmissionId submissionId() {
    return submissionId;
  }

  /** The policy version the envelope was sealed under (its roster and thresholds). */
  public Sha256 policyFingerprint() {
    return policyFingerprint;
  }

  public String category() {
    return category;
  }

  public boolean hasSection(SectionKind kind) {
    return sections.containsKey(kind);
  }

  /** The key section of {@code kind}; the original section exists only if the source opted in. */
  public KeySection section(SectionKind kind) {
    KeySection section = sections.get(kind);
    if (section == null) {
      throw new IllegalArgumentException("this envelope has no " + kind.label() + " section");
    }
    return section;
  }

  /** The payload sections in envelope order: evidence, then original if present. */
  public List<SectionKind> payloadKinds() {
    return List.copyOf(ciphertextLengths.keySet());
  }

  /** The declared length of a payload section's ciphertext on the wire. */
  public long ciphertextLength(SectionKind kind) {
    Long length = ciphertextLengths.get(kind);
    if (length == null) {
      throw new IllegalArgumentException("this envelope has no " + kind.label() + " payload");
    }
    return length;
  }

  /** Offset of a payload section's ciphertext from the start of the envelope. */
  public long payloadOffset(SectionKind kind) {
    long offset = encoded.length;
    for (Map.Entry<SectionKind, Long> e : ciphertextLengths.entrySet()) {
      if (e.getKey() == kind) {
        return offset;
      }
      offset += e.getValue();
    }
    throw new IllegalArgumentException("this envelope has no " + kind.label() + " payload");
  }

  /** Magic, header length and header: the bytes before the first payload. */
  public int length() {
    return encoded.length;
  }

  /** The exact length of the whole envelope; anything longer or shorter is refused. */
  public long envelopeLength() {
    return encoded.length + ciphertextLengths.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The exact bytes this header was parsed from (the payloads' associated data). */
  public byte[] encoded() {
    return encoded.clone();
  }

  /** Every lawyer holding a share of some section: visible to anyone holding the envelope. */
  public Set<KeyId> recipients() {
    Set<KeyId> all = new LinkedHashSet<>();
    sections.values().forEach(s -> all.addAll(s.recipients()));
    return Collections.unmodifiableSet(all);
  }

  /** Reads the triage with this lawyer's share alone; only possible when its threshold is 1. */
  public Triage openTriage(PrivateIdentity lawyer) throws GeneralSecurityException {
    KeySection triage = section(SectionKind.TRIAGE);
    if (triage.threshold() != 1) {
      throw new InsufficientSharesException("the triage of " + submissionId + " needs " + triage.threshold()
          + " shares; combine them and use openTriage(SectionKey)");
    }
    return openTriage(triage.combine(List.of(triage.decryptShare(lawyer))));
  }

  /** Reads the triage with a quorum of shares (when the policy sets its threshold above 1). */
  public Triage openTriage(Collection<SectionShare> shares) throws GeneralSecurityException {
    return openTriage(section(SectionKind.TRIAGE).combine(shares));
  }

  public Triage openTriage(SectionKey key) throws GeneralSecurityException {
    if (key.kind() != SectionKind.TRIAGE || !key.submissionId().equals(submissionId)) {
      throw new IllegalArgumentException(key + " is not the triage key of " + submissionId);
    }
    Triage triage = TriageCipher.decrypt(key, triageAad, triageCiphertext);
    if (!triage.category().orElse("").equals(category)) {
      throw new MalformedEnvelopeException("the triage names category \"" + triage.category().orElse("")
          + "\" but the header says \"" + category + "\"");
    }
    return triage;
  }

  /** For test vectors: the triage's associated data and ciphertext exactly as the spec defines them. */
  byte[] triageAad() {
    return triageAad.clone();
  }

  byte[] triageCiphertext() {
    return triageCiphertext.clone();
  }

  @Override
  public String toString() {
    return "envelope " + submissionId + " (" + category + ", " + envelopeLength() + " bytes)";
  }
}
