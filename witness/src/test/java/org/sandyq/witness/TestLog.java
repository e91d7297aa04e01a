package org.sandyq.witness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.Role;
import org.sandyq.crypto.note.Checkpoint;
import org.sandyq.crypto.note.NoteSigner;
import org.sandyq.crypto.tlog.MemoryHashStore;
import org.sandyq.crypto.tlog.Tlog;
import org.sandyq.policy.PolicyBuilder;
import org.sandyq.policy.PolicyChain;
import org.sandyq.policy.PolicyTemplate;

/**
 * A log for the witness to follow: a signed vault policy (its origin), the log's key, and entries
 * in a {@link MemoryHashStore}. {@link #fork} copies it so two histories share a key and a prefix.
 */
final class TestLog {
  final PolicyChain policy;
  final String origin;
  final PrivateIdentity key;
  final NoteSigner signer;
  final MemoryHashStore store = new MemoryHashStore();

  private TestLog(PolicyChain policy, PrivateIdentity key) {
    this.policy = policy;
    this.origin = policy.latest().origin();
    this.key = key;
    this.signer = new NoteSigner(key, origin);
  }

  static TestLog create() throws Exception {
    PrivateIdentity a = PrivateIdentity.generate(Role.LAWYER, "aigerim");
    PrivateIdentity b = PrivateIdentity.generate(Role.LAWYER, "bakyt");
    PolicyChain chain = PolicyChain.start(PolicyBuilder.firstVersion(PolicyTemplate.defaults())
        .name("Witnessed vault").lawyers(List.of(a.publicIdentity(), b.publicIdentity())).threshold(2).build());
    chain = chain.sign(a).sign(b);
    chain.verify(Optional.empty());
    return new TestLog(chain, PrivateIdentity.generate(Role.SERVER, "log"));
  }

  /** A second history from the same key and this log's entries so far. */
  TestLog fork() throws IOException {
    TestLog f = new TestLog(policy, key);
    for (long i = 0; i < store.size(); i++) {
      f.store.append(entry(i, ""));
    }
    return f;
  }

  /** Appends entries until the log has {@code size}; {@code branch} makes a fork's entries differ. */
  TestLog grow(long size, String branch) {
    while (store.size() < size) {
      store.append(entry(store.size(), branch));
    }
    return this;
  }

  static byte[] entry(long i, String branch) {
    return ("{\"i\":" + i + ",\"branch\":\"" + branch + "\",\"type\":\"test\",\"v\":1}").getBytes(StandardCharsets.UTF_8);
  }

  Checkpoint checkpoint(long size) throws IOException {
    return new Checkpoint(origin, size, Tlog.treeHash(size, store));
  }

  String note(long size) throws IOException, GeneralSecurityException {
    return checkpoint(size).sign(signer);
  }

  /** The add-checkpoint body the log sends: old size, the consistency proof, the checkpoint of {@code size}. */
  byte[] body(long old, long size) throws IOException, GeneralSecurityException {
    return AddCheckpoint.format(old, old == 0 || old == size ? List.of() : Tlog.proveTree(size, old, store), note(size));
  }

  String vkey() {
    return signer.verifierKey().encoded();
  }
}
