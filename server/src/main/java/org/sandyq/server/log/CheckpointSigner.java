package org.sandyq.server.log;

import java.security.GeneralSecurityException;
import java.util.List;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.note.Checkpoint;
import org.sandyq.crypto.note.InvalidNoteException;
import org.sandyq.crypto.note.NoteSigner;
import org.sandyq.crypto.note.NoteVerifierKey;
import org.sandyq.crypto.note.TlogProof;
import org.sandyq.crypto.tlog.Hash;

/**
 * The log's key at work: C2SP checkpoints signed as signed notes by the server's Ed25519 key under
 * the policy's origin, and C2SP tlog-proof bundles.
 */
public final class CheckpointSigner {
  private final String origin;
  private final NoteSigner signer;

  public CheckpointSigner(String origin, PrivateIdentity identity) {
    this.origin = origin;
    this.signer = new NoteSigner(identity, origin);
  }

  /** The signed-note verifier key, {@code name+keyid+base64key}. */
  public String vkey() {
    return signer.verifierKey().encoded();
  }

  public TransparencyLog.Checkpoint sign(long size, Hash root) throws GeneralSecurityException {
    return new TransparencyLog.Checkpoint(size, root, new Checkpoint(origin, size, root).sign(signer));
  }

  /** Whether {@code cp}'s note is signed by this key for this origin and says its size and root. */
  public boolean verify(TransparencyLog.Checkpoint cp) {
    try {
      Checkpoint c = Checkpoint.open(cp.note(), signer.verifierKey(), origin);
      return c.size() == cp.size() && c.root().equals(cp.root());
    } catch (InvalidNoteException e) {
      return false;
    }
  }

  public String bundle(long index, List<Hash> proof, TransparencyLog.Checkpoint cp) {
    return new TlogProof(index, proof, cp.note()).format();
  }
}
