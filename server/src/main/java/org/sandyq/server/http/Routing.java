package org.sandyq.server.http;

import io.helidon.http.Method;
import io.helidon.http.PathMatchers;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import java.util.ArrayList;
import java.util.List;
import org.sandyq.api.Routes.Route;
import org.sandyq.api.Routes;
import org.sandyq.server.Problem;
import org.sandyq.server.web.SourcePages;

/**
 * Every route of the server, in one list: each entry of {@link Routes} to its handler on
 * {@link Api}, {@link LawyerApi} or {@link SourcePages}, in the order {@link Routes#ALL} has them
 * (a route missing, added twice or out of that order stops the server at start).
 *
 * <p>Errors are answered in one layer for each kind of answer: the API's by the routing's error
 * handlers at the end (a {@link Problem} as RFC 9457 problem+json, anything else as
 * internal-error), the pages' by {@link SourcePages#page} (a refusal or a failure as an HTML page
 * in the reader's language, since a person reads it). No API handler catches its own refusals.
 */
public final class Routing {
  private final HttpRouting.Builder routing;
  private final List<Route> listed = new ArrayList<>();

  private Routing(HttpRouting.Builder routing) {
    this.routing = routing;
  }

  public static void register(HttpRouting.Builder builder, Api api, SourcePages pages) {
    LawyerApi lawyers = api.lawyers();
    Routing r = new Routing(builder);
    builder.addFilter(new SecurityHeaders());
    // the source's API and the public log
    r.on(Routes.POLICY, api::policy)
        .on(Routes.INTAKE_KEY, pages::intakeKey) // with a form token: the sealed page's business
        .on(Routes.INTAKE_CHALLENGE, api::challenge)
        .on(Routes.SUBMIT, api::submit)
        .on(Routes.FOLLOWUP, api::followup)
        .on(Routes.UPLOAD_RECEIVED, api::uploadReceived)
        .on(Routes.UPLOAD_RESUME, api::uploadResume)
        .on(Routes.STATUS, api::status)
        .on(Routes.LOG_CHECKPOINT, api::checkpoint)
        .on(Routes.LOG_CHECKPOINT_SIGNED, api::signedCheckpoint)
        .on(Routes.LOG_INCLUSION, api::inclusionProof)
        .on(Routes.LOG_CONSISTENCY, api::consistencyProof)
        .on(Routes.LOG_BUNDLE, api::bundle)
        .on(Routes.LOG_ENTRIES, api::entries)
        .on(Routes.LOG_TILE_ENTRIES, api::tileEntries)
        .on(Routes.LOG_TILE, api::tile)
        .on(Routes.HEALTH, api::health)
        .on(Routes.OPENAPI, api::openapi);
    // the lawyers' signed API
    r.on(Routes.INBOX, lawyers::inbox)
        .on(Routes.HEADER, lawyers::header)
        .on(Routes.ENVELOPE, lawyers::envelope)
        .on(Routes.HOLD, lawyers::hold)
        .on(Routes.RELEASE, lawyers::release)
        .on(Routes.UNSEAL_REQUEST, lawyers::request)
        .on(Routes.UNSEAL_PENDING, lawyers::pending)
        .on(Routes.UNSEAL_FIND, lawyers::findRequest)
        .on(Routes.UNSEAL_APPROVE, lawyers::approve)
        .on(Routes.UNSEAL_DECLINE, lawyers::decline)
        .on(Routes.UNSEAL_OPEN, lawyers::open)
        .on(Routes.REPLY, lawyers::reply)
        .on(Routes.PUBLISH_POLICY, lawyers::publish);
    // the source's web pages
    r.on(Routes.START_PAGE, pages.page(pages::start))
        .on(Routes.FORM, pages.page(pages::form))
        .on(Routes.FOLLOWUP_FORM, pages.page(pages::form))
        .on(Routes.SEALED_FORM, pages.page(pages::sealedForm))
        .on(Routes.STATUS_PAGE, pages.page(pages::statusPage))
        .on(Routes.STATUS_FORM, pages.page(pages::status))
        .on(Routes.ASSET, pages::asset);
    r.complete();
    // anything else, and the API's answers to a refusal or a failure
    builder.route(method -> true, PathMatchers.any(), Api::notFound)
        .error(Problem.class, api::refused)
        .error(Throwable.class, api::failed);
  }

  private Routing on(Route route, Handler handler) {
    routing.route(Method.create(route.method()), route.path(), handler);
    listed.add(route);
    return this;
  }

  /** Each route of the wire contract once, in its order: a route without a handler would be answered not-found. */
  private void complete() {
    if (!listed.equals(Routes.ALL)) {
      throw new IllegalStateException("the routing lists " + listed + ", the wire contract " + Routes.ALL);
    }
  }
}
