package org.sandyq.crypto.envelope;

import org.sandyq.crypto.hash.Sha256;

/** One file as the manifest lists it: its name, media type, size and plaintext SHA-256. */
public record ManifestFile(String name, String mediaType, long size, Sha256 sha256) {}
