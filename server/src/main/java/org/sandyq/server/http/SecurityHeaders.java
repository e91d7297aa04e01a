package org.sandyq.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Headers on every answer (docs/server-api.md, Conventions): nothing cached, no referrer, no
 * content sniffing, a CSP that allows nothing (the API serves no page yet), and no {@code Server}
 * header or cookie.
 */
final class SecurityHeaders implements Filter {
  static final String CSP = "default-src 'none'; frame-ancestors 'none'";

  @Override
  public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
    res.header(HeaderNames.CACHE_CONTROL, "no-store");
    res.header("Referrer-Policy", "no-referrer");
    res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
    res.header("Content-Security-Policy", CSP);
    res.header("Cross-Origin-Resource-Policy", "same-origin");
    res.headers().remove(HeaderNames.SERVER);
    chain.proceed();
  }
}
