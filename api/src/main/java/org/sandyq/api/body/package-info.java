/**
 * The JSON bodies of the HTTP API (docs/server-api.md, docs/unseal.md) as records, each with its
 * one JSON mapping: {@code toJson()} for the side that writes it and {@code fromJson(node)} for the
 * side that reads it. The server builds its answers and the clients read them through these, so a
 * member's name or type is written once. Reading is strict about the members it uses (present, of
 * the right type, in range) and ignores members it does not know, so a newer server may add some;
 * request bodies the server reads also refuse unknown members ({@link org.sandyq.api.body.StatusQuery}).
 * Signed documents and the policy chain travel as JSON trees here and are verified by their own
 * types ({@code org.sandyq.crypto.unseal}, {@code org.sandyq.policy}).
 */
package org.sandyq.api.body;
