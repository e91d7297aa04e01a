package org.sandyq.crypto.envelope;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.SecretKeyAccess;
import com.google.crypto.tink.util.SecretBytes;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.KeyId;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.crypto.split.Shamir;
import org.sandyq.crypto.split.Share;
import org.sandyq.crypto.split.Threshold;

/**
 * A section's "keysplit": its threshold and one {@link Stanza} per lawyer. The section key is split
 * k-of-n with Shamir; each share is sealed to its lawyer with HPKE and committed to in the header.
 *
 * <p>Wire form: {@code threshold u8 || count u8 || count × stanza}.
 */
public final class KeySection {
  private final SectionKind kind;
  private final SubmissionId submissionId;
  private final int threshold;
  private final List<Stanza> stanzas;

  private KeySection(SectionKind kind, SubmissionId submissionId, int threshold, List<Stanza> stanzas) {
    this.kind = kind;
    this.submissionId = submissionId;
    this.threshold = threshold;
    this.stanzas = List.copyOf(stanzas);
  }

  public SectionKind kind() {
    return kind;
  }

  public int threshold() {
    return threshold;
  }

  public List<Stanza> stanzas() {
    return stanzas;
  }

  /** The key ids holding a share, in share order (the roster order at sealing time). */
  public List<KeyId> recipients() {
    return stanzas.stream().map(Stanza::keyId).toList();
  }

  public Optional<Stanza> stanza(KeyId keyId) {
    return stanzas.stream().filter(s -> s.keyId().equals(keyId)).findFirst();
  }

  /**
   * Opens this lawyer's own share and checks it against its commitment, so a lawyer never passes on
   * (or approves with) a share that would spoil the combination.
   */
  public SectionShare decryptShare(PrivateIdentity lawyer) throws GeneralSecurityException {
    KeyId keyId = lawyer.keyId();
    Stanza stanza = stanza(keyId).orElseThrow(() -> new InvalidShareException(
        keyId, "the " + kind.label() + " section of " + submissionId + " holds no share for " + keyId));
    HybridDecrypt hpke = lawyer.kemDecrypter();
    byte[] value;
    try {
      value = hpke.decrypt(stanza.sealedShare(), ShareBinding.hpkeInfo(kind, submissionId, keyId, stanza.index()));
    } catch (GeneralSecurityException e) {
      throw new InvalidShareException(keyId, "the " + kind.label() + " share sealed to " + keyId
          + " does not decrypt with this key (the header was altered or sealed to another key)");
    }
    try {
      if (value.length != EnvelopeFormat.KEY_LENGTH
          || !ShareBinding.commitment(kind, submissionId, keyId, stanza.index(), value).matches(stanza.commitment())) {
        throw new InvalidShareException(keyId, "the " + kind.label() + " share sealed to " + keyId
            + " does not match its commitment: the envelope was sealed wrongly or altered");
      }
      Share share = Share.of(stanza.index(), SecretBytes.copyFrom(value, InsecureSecretKeyAccess.get()));
      return new SectionShare(kind, submissionId, keyId, share);
    } finally {
      Arrays.fill(value, (byte) 0);
    }
  }

  /**
   * Rebuilds the section key. Every share is checked first: it must belong to this section of this
   * envelope, come from a distinct lawyer on the stanza list with that lawyer's index, and match
   * its commitment; a failure names the lawyer. Only then, with at least {@code threshold} shares,
   * are they combined, because Shamir itself turns wrong input into a wrong key without a word.
   */
  public SectionKey combine(Collection<SectionShare> shares) throws GeneralSecurityException {
    Set<KeyId> seenKeys = new HashSet<>();
    BitSet seenIndices = new BitSet(Threshold.MAX_SHARES + 1);
    List<Share> checked = new ArrayList<>(shares.size());
    SecretKeyAccess access = InsecureSecretKeyAccess.get();
    for (SectionShare share : shares) {
      KeyId keyId = share.keyId();
      if (share.kind() != kind) {
        throw new InvalidShareException(keyId, "the share from " + keyId + " is for the " + share.kind().label()
            + " section, not the " + kind.label() + " section");
      }
      if (!share.submissionId().equals(submissionId)) {
        throw new InvalidShareException(keyId, "the share from " + keyId + " belongs to submission "
            + share.submissionId() + ", not " + submissionId);
      }
      Stanza stanza = stanza(keyId).orElseThrow(() -> new InvalidShareException(
          keyId, "the share from " + keyId + " is not for a lawyer of this envelope's " + kind.label() + " section"));
      if (!seenKeys.add(keyId)) {
        throw new InvalidShareException(keyId, "two shares from " + keyId + ": each lawyer counts once");
      }
      if (seenIndices.get(share.index())) {
        throw new InvalidShareException(keyId, "the share from " + keyId + " repeats index " + share.index());
      }
      seenIndices.set(share.index());
      byte[] value = share.share().value().toByteArray(access);
      try {
        if (share.index() != stanza.index()
            || !ShareBinding.commitment(kind, submissionId, keyId, share.index(), value).matches(stanza.commitment())) {
          throw new InvalidShareException(keyId, "the share from " + keyId
              + " does not match its commitment in the header: it is wrong or from another envelope");
        }
      } finally {
        Arrays.fill(value, (byte) 0);
      }
      checked.add(share.share());
    }
    if (checked.size() < threshold) {
      throw new InsufficientSharesException("the " + kind.label() + " section needs " + threshold
          + " shares, " + checked.size() + " given");
    }
    return new SectionKey(kind, submissionId, Shamir.combine(checked));
  }

  /** Splits {@code key} among {@code lawyers} (share i+1 to lawyer i) and seals each share. */
  static KeySection seal(SectionKey key, int threshold, List<PublicIdentity> lawyers, Map<KeyId, HybridEncrypt> hpke)
      throws GeneralSecurityException {
    List<Share> shares = Shamir.split(key.secret(), new Threshold(threshold, lawyers.size()));
    List<Stanza> stanzas = new ArrayList<>(shares.size());
    SecretKeyAccess access = InsecureSecretKeyAccess.get();
    for (int i = 0; i < shares.size(); i++) {
      KeyId keyId = lawyers.get(i).keyId();
      int index = shares.get(i).index();
      byte[] value = shares.get(i).value().toByteArray(access);
      try {
        byte[] info = ShareBinding.hpkeInfo(key.kind(), key.submissionId(), keyId, index);
        Sha256 commitment = ShareBinding.commitment(key.kind(), key.submissionId(), keyId, index, value);
        stanzas.add(new Stanza(keyId, index, commitment, hpke.get(keyId).encrypt(value, info)));
      } finally {
        Arrays.fill(value, (byte) 0);
      }
    }
    return new KeySection(key.kind(), key.submissionId(), threshold, stanzas);
  }

  void write(BinaryWriter out) {
    out.u8(threshold).u8(stanzas.size());
    for (Stanza stanza : stanzas) {
      stanza.write(out);
    }
  }

  static KeySection read(BinaryReader in, SectionKind kind, SubmissionId submissionId) throws MalformedEnvelopeException {
    int threshold = in.u8(kind.label() + " threshold");
    int count = in.u8(kind.label() + " share count");
    if (count < 1 || threshold < 1 || threshold > count) {
      throw new MalformedEnvelopeException(
          "the " + kind.label() + " section has threshold " + threshold + " of " + count + " shares");
    }
    List<Stanza> stanzas = new ArrayList<>(count);
    Set<KeyId> keys = new HashSet<>();
    BitSet indices = new BitSet(Threshold.MAX_SHARES + 1);
    for (int i = 0; i < count; i++) {
      Stanza stanza = Stanza.read(in);
      if (!keys.add(stanza.keyId())) {
        throw new MalformedEnvelopeException("the " + kind.label() + " section lists " + stanza.keyId() + " twice");
      }
      if (indices.get(stanza.index())) {
        throw new MalformedEnvelopeException("the " + kind.label() + " section repeats share index " + stanza.index());
      }
      indices.set(stanza.index());
      stanzas.add(stanza);
    }
    return new KeySection(kind, submissionId, threshold, stanzas);
  }
}
