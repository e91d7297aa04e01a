package org.sandyq.api;

import java.util.List;

/**
 * Every HTTP route the server registers, as method and path template ({@code {name}} for a path
 * parameter). A server test shows that each one is answered (not the catch-all {@code not-found})
 * and documented under {@code paths:} in {@code docs/openapi.yaml}.
 */
public final class Routes {
  private Routes() {}

  /** One route: an HTTP method and a path template such as {@code /v1/submissions/{id}/hold}. */
  public record Route(String method, String path) {
    public Route {
      if (!List.of("GET", "POST").contains(method) || !path.startsWith("/")) {
        throw new IllegalArgumentException(method + " " + path);
      }
    }

    /**
     * This route with its path parameters filled in, in the order the template names them. A value
     * must be one path segment of URL-safe characters, and not {@code .} or {@code ..}, which a URL
     * resolver would fold into the path (ids are hex, names are file names of the server's own
     * assets), so no value can reach another route. A trailing {@code {+name}} parameter (a tile
     * path) takes several such segments, separated by {@code /}.
     */
    public Target target(String... values) {
      StringBuilder b = new StringBuilder();
      int at = 0;
      int used = 0;
      for (int open = path.indexOf('{'); open >= 0; open = path.indexOf('{', at)) {
        if (used == values.length) {
          throw new IllegalArgumentException(this + ": " + values.length + " value(s) for its parameters");
        }
        String value = values[used++];
        boolean rest = path.startsWith("{+", open);
        for (String segment : rest ? value.split("/", -1) : new String[] {value}) {
          if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
            throw new IllegalArgumentException(this + ": not a path segment: " + value);
          }
        }
        b.append(path, at, open).append(value);
        at = path.indexOf('}', open) + 1;
      }
      if (used != values.length) {
        throw new IllegalArgumentException(this + ": " + values.length + " value(s) for its parameters");
      }
      b.append(path, at, path.length());
      return new Target(this, b.toString(), "");
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  private static final java.util.regex.Pattern SEGMENT = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,128}");

  /**
   * A request's method and target: a {@link Route} with its parameters filled in and, for the log's
   * proof routes, integer query parameters. {@link #relative()} is what a client resolves against
   * the vault's base URL (which may carry a path of its own).
   */
  public record Target(Route route, String path, String query) {
    /** Adds {@code name=value}; only integers, so no value needs escaping. */
    public Target query(String name, long value) {
      if (!name.matches("[a-z]+")) {
        throw new IllegalArgumentException(name);
      }
      return new Target(route, path, (query.isEmpty() ? "?" : query + "&") + name + "=" + value);
    }

    public String method() {
      return route.method();
    }

    /** The path and query without the leading slash. */
    public String relative() {
      return path.substring(1) + query;
    }

    @Override
    public String toString() {
      return route.method() + " " + path + query;
    }
  }

  private static Route get(String path) {
    return new Route("GET", path);
  }

  private static Route post(String path) {
    return new Route("POST", path);
  }

  // the source's API and the public log
  public static final Route POLICY = get("/v1/policy");
  public static final Route INTAKE_KEY = get("/v1/intake/key");
  public static final Route INTAKE_CHALLENGE = get("/v1/intake/challenge");
  public static final Route SUBMIT = post("/v1/submissions");
  public static final Route FOLLOWUP = post("/v1/submissions/{id}/followups");
  public static final Route UPLOAD_RECEIVED = get("/v1/uploads/{id}");
  public static final Route UPLOAD_RESUME = post("/v1/uploads/{id}");
  public static final Route STATUS = post("/v1/status");
  public static final Route LOG_CHECKPOINT = get("/v1/log/checkpoint");
  public static final Route LOG_CHECKPOINT_SIGNED = get("/v1/log/checkpoint/signed");
  public static final Route LOG_INCLUSION = get("/v1/log/proof/inclusion");
  public static final Route LOG_CONSISTENCY = get("/v1/log/proof/consistency");
  public static final Route LOG_BUNDLE = get("/v1/log/bundle");
  public static final Route LOG_ENTRIES = get("/v1/log/entries");
  /** c2sp.org/tlog-tiles entries bundles; before {@link #LOG_TILE}, which would match them too. */
  public static final Route LOG_TILE_ENTRIES = get("/v1/log/tile/entries/{+path}");
  public static final Route LOG_TILE = get("/v1/log/tile/{+path}");
  public static final Route HEALTH = get("/observe/health");
  public static final Route OPENAPI = get("/openapi.yaml");

  // the lawyers' signed API
  public static final Route INBOX = get("/v1/inbox");
  public static final Route HEADER = get("/v1/submissions/{id}/header");
  public static final Route ENVELOPE = get("/v1/submissions/{id}/envelope");
  public static final Route HOLD = post("/v1/submissions/{id}/hold");
  public static final Route RELEASE = post("/v1/submissions/{id}/release");
  public static final Route UNSEAL_REQUEST = post("/v1/unseal/requests");
  public static final Route UNSEAL_PENDING = get("/v1/unseal/pending");
  public static final Route UNSEAL_FIND = get("/v1/unseal/requests/{rid}");
  public static final Route UNSEAL_APPROVE = post("/v1/unseal/requests/{rid}/approvals");
  public static final Route UNSEAL_DECLINE = post("/v1/unseal/requests/{rid}/declines");
  public static final Route UNSEAL_OPEN = post("/v1/unseal/requests/{rid}/open");
  public static final Route REPLY = post("/v1/replies");
  public static final Route PUBLISH_POLICY = post("/v1/policy");

  // the source's web pages
  public static final Route START_PAGE = get("/");
  public static final Route FORM = post("/");
  public static final Route FOLLOWUP_FORM = post("/followup");
  public static final Route SEALED_FORM = post("/v1/intake/form");
  public static final Route STATUS_PAGE = get("/status");
  public static final Route STATUS_FORM = post("/status");
  public static final Route ASSET = get("/assets/{name}");

  /** All of them, in the order above. */
  public static final List<Route> ALL = List.of(
      POLICY, INTAKE_KEY, INTAKE_CHALLENGE, SUBMIT, FOLLOWUP, UPLOAD_RECEIVED, UPLOAD_RESUME, STATUS,
      LOG_CHECKPOINT, LOG_CHECKPOINT_SIGNED, LOG_INCLUSION, LOG_CONSISTENCY, LOG_BUNDLE, LOG_ENTRIES, LOG_TILE_ENTRIES,
      LOG_TILE, HEALTH, OPENAPI,
      INBOX, HEADER, ENVELOPE, HOLD, RELEASE, UNSEAL_REQUEST, UNSEAL_PENDING, UNSEAL_FIND, UNSEAL_APPROVE,
      UNSEAL_DECLINE, UNSEAL_OPEN, REPLY, PUBLISH_POLICY,
      START_PAGE, FORM, FOLLOWUP_FORM, SEALED_FORM, STATUS_PAGE, STATUS_FORM, ASSET);
}
