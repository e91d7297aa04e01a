package org.sandyq.crypto.pow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.sandyq.crypto.hash.Sha256;

class ProofOfWorkTest {
  private static final PowChallenge CHALLENGE =
      PowChallenge.of("sandyq test challenge 1".getBytes(StandardCharsets.US_ASCII), 14);

  @Test
  void solvesAndVerifies() {
    PowSolution solution = ProofOfWork.solve(CHALLENGE);
    assertTrue(ProofOfWork.verify(CHALLENGE, solution));
    assertTrue(leadingZeros(CHALLENGE, solution.nonce()) >= 14, "checked against an independent hash");
  }

  @Test
  void refusesAWrongNonce() {
    PowSolution solution = ProofOfWork.solve(CHALLENGE);
    // solve() returns the smallest solving nonce, so every smaller one must fail.
    assertTrue(solution.nonce() > 0);
    assertFalse(ProofOfWork.verify(CHALLENGE, new PowSolution(solution.nonce() - 1)));
    assertFalse(ProofOfWork.verify(CHALLENGE, new PowSolution(0)));
  }

  @Test
  void aSolutionDoesNotCarryOverToAnotherChallenge() {
    PowChallenge other = PowChallenge.of("sandyq test challenge 2".getBytes(StandardCharsets.US_ASCII), 14);
    PowSolution solution = ProofOfWork.solve(CHALLENGE);
    assertEquals(ProofOfWork.verify(other, solution), leadingZeros(other, solution.nonce()) >= 14);
  }

  @Test
  void zeroBitsAcceptsAnything() {
    PowChallenge free = PowChallenge.of(new byte[] {1}, 0);
    assertEquals(0, ProofOfWork.solve(free).nonce());
    assertTrue(ProofOfWork.verify(free, new PowSolution(12345)));
  }

  @Test
  void difficultyIsCapped() {
    assertThrows(IllegalArgumentException.class, () -> PowChallenge.of(new byte[] {1}, 33));
    assertThrows(IllegalArgumentException.class, () -> PowChallenge.of(new byte[] {1}, -1));
    assertThrows(IllegalArgumentException.class, () -> PowChallenge.of(new byte[0], 8));
  }

  @Test
  void nonceText() {
    assertEquals("18446744073709551615", new PowSolution(-1L).text());
    assertEquals(-1L, PowSolution.parse("18446744073709551615").nonce());
    assertThrows(IllegalArgumentException.class, () -> PowSolution.parse("-1"));
  }

  @Test
  void countsLeadingZeroBits() {
    assertEquals(256, ProofOfWork.leadingZeroBits(new byte[32]));
    assertEquals(8 + 3, ProofOfWork.leadingZeroBits(new byte[] {0, 0x10, 0}));
    assertEquals(0, ProofOfWork.leadingZeroBits(new byte[] {(byte) 0x80}));
  }

  private static int leadingZeros(PowChallenge challenge, long nonce) {
    MessageDigest d = Sha256.newDigest();
    d.update("sandyq/v1/pow".getBytes(StandardCharsets.US_ASCII));
    d.update((byte) 0);
    d.update(challenge.challenge());
    d.update(java.nio.ByteBuffer.allocate(8).putLong(nonce).array());
    java.math.BigInteger v = new java.math.BigInteger(1, d.digest());
    return 256 - v.bitLength();
  }
}
