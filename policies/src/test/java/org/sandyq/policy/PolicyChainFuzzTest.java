package org.sandyq.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Optional;

/**
 * A policy file as the server, the source's client and an auditor read it, from wherever it came:
 * hostile bytes give a chain or {@link PolicyException}; a chain that parses writes back to a file
 * that parses to the same chain, and verifying it gives a verified policy or a
 * {@link PolicyException}.
 */
class PolicyChainFuzzTest {
  @FuzzTest
  void parse(byte[] input) {
    PolicyChain chain;
    try {
      chain = PolicyChain.parse(input);
    } catch (PolicyException e) {
      return;
    }
    try {
      assertEquals(chain.toJson(), PolicyChain.parse(chain.toBytes()).toJson());
    } catch (PolicyException e) {
      throw new AssertionError("a parsed chain's own file form does not parse: " + e.getMessage(), e);
    }
    try {
      chain.verify(Optional.empty());
    } catch (PolicyException e) {
      // not signed by a quorum, or not a valid chain of versions: refused
    }
  }
}
