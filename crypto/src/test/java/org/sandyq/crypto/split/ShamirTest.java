package org.sandyq.crypto.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.util.SecretBytes;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShamirTest {
  @ParameterizedTest
  @CsvSource({"1, 1", "1, 4", "2, 3", "3, 5", "5, 7", "255, 255"})
  void anyKSharesRebuildTheSecret(int k, int n) throws GeneralSecurityException {
    SecretBytes secret = SecretBytes.randomBytes(32);
    List<Share> shares = Shamir.split(secret, new Threshold(k, n));
    assertEquals(n, shares.size());
    for (int i = 0; i < n; i++) {
      assertEquals(i + 1, shares.get(i).index());
    }
    for (int start = 0; start + k <= n; start++) {
      assertTrue(secret.equalsSecretBytes(Shamir.combine(shares.subList(start, start + k))));
    }
    assertTrue(secret.equalsSecretBytes(Shamir.combine(shares)), "more than k shares also work");
  }

  @Test
  void withThresholdOneEveryShareIsTheSecret() {
    SecretBytes secret = SecretBytes.randomBytes(32);
    for (Share share : Shamir.split(secret, new Threshold(1, 3))) {
      assertTrue(secret.equalsSecretBytes(share.value()));
    }
  }

  @Test
  void fewerThanKSharesGiveGarbageNotAnError() throws GeneralSecurityException {
    // This is why the envelope checks commitments and the threshold itself.
    SecretBytes secret = SecretBytes.randomBytes(32);
    List<Share> shares = Shamir.split(secret, new Threshold(3, 5));
    assertFalse(secret.equalsSecretBytes(Shamir.combine(shares.subList(0, 2))));
  }

  @Test
  void refusesDuplicateIndicesAndEmptySets() {
    List<Share> shares = new ArrayList<>(Shamir.split(SecretBytes.randomBytes(32), new Threshold(2, 3)));
    shares.set(1, Share.of(1, shares.get(1).value()));
    assertThrows(GeneralSecurityException.class, () -> Shamir.combine(shares.subList(0, 2)));
    assertThrows(GeneralSecurityException.class, () -> Shamir.combine(List.of()));
  }

  @Test
  void thresholdBounds() {
    assertThrows(IllegalArgumentException.class, () -> new Threshold(0, 3));
    assertThrows(IllegalArgumentException.class, () -> new Threshold(4, 3));
    assertThrows(IllegalArgumentException.class, () -> new Threshold(1, 256));
    assertThrows(IllegalArgumentException.class, () -> Share.of(0, SecretBytes.randomBytes(32)));
    assertEquals("3-of-5", new Threshold(3, 5).toString());
  }

  @Test
  void sharesAreUniformlyDifferentFromTheSecret() {
    SecretBytes secret = SecretBytes.randomBytes(32);
    byte[] raw = secret.toByteArray(InsecureSecretKeyAccess.get());
    for (Share share : Shamir.split(secret, new Threshold(2, 5))) {
      assertFalse(java.util.Arrays.equals(raw, share.value().toByteArray(InsecureSecretKeyAccess.get())));
    }
  }
}
