package org.sandyq.crypto.httpsig;

import org.sandyq.crypto.identity.KeyId;

/**
 * A request whose signature and body digest verified. Freshness ({@code created} within the
 * window) and replay (a nonce seen before for this key) are the caller's checks: they need a clock
 * and memory.
 */
public record VerifiedRequest(KeyId keyId, long created, String nonce) {}
