package org.sandyq.cli.net;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.CookieJar;
import okhttp3.Dns;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;
import org.sandyq.api.Routes;
import org.sandyq.cli.Text;
import org.sandyq.cli.Failure;
import org.sandyq.cli.UserError;
import org.sandyq.cli.Words;
import org.sandyq.crypto.hash.HashAside;
import org.sandyq.crypto.httpsig.ContentDigest;
import org.sandyq.crypto.httpsig.RequestSigner;
import org.sandyq.crypto.httpsig.RequestTarget;
import org.sandyq.crypto.httpsig.SignatureHeaders;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * The client side of the vault's HTTP API (docs/server-api.md), on OkHttp.
 *
 * <p>Anonymity: with a proxy, every connection goes through SOCKS5 with the host name unresolved
 * (Tor resolves it, {@code .onion} works), and the local resolver refuses every lookup, so a
 * leak fails instead of sending a DNS query. No cookies are kept, no redirect is followed (it could
 * lead elsewhere), and the User-Agent is the same fixed string for everyone.
 */
public final class VaultHttp implements AutoCloseable {
  /** Sent by every client: says nothing about the machine, the OS or the library version. */
  public static final String USER_AGENT = "sandyq";
  static final MediaType JSON = MediaType.get("application/json");
  public static final MediaType ENVELOPE = MediaType.get("application/vnd.sandyq.envelope");
  /** Larger answers are refused: nothing the API sends comes near it. */
  static final int MAX_ANSWER_BYTES = Json.MAX_DOCUMENT_BYTES;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

  private final HttpUrl base;
  private final OkHttpClient client;
  private final String where;
  /**
   * The calls that got a connection to the vault (or through the proxy to it): one that fails after
   * that broke off on the way, which "cannot reach" would misname (the source would check a network
   * that works, and a lawyer a server that answered).
   */
  private final Set<Call> connected = ConcurrentHashMap.newKeySet();
  private final Clock clock;
  /** How slowly a large answer may arrive ({@link Pace#DEFAULT}; tests set a shorter window). */
  private Pace pace = Pace.DEFAULT;

  /**
   * @param server the vault's base URL: https, or http for a {@code .onion} or loopback address
   * @param proxy  {@code null}, or the SOCKS5 proxy every connection must go through
   */
  public VaultHttp(String server, ProxySpec proxy) {
    this(server, proxy, Clock.systemUTC());
  }

  /** @param clock the time signed requests say they were created at */
  public VaultHttp(String server, ProxySpec proxy, Clock clock) {
    this(server, proxy, proxy == null ? Dns.SYSTEM : new NoLocalDns(), clock);
  }

  /** Tests only: a pace with a window of seconds rather than minutes. */
  VaultHttp pace(Pace pace) {
    this.pace = pace;
    return this;
  }

  /** With a resolver of the caller's choosing (tests check that it is never asked). */
  VaultHttp(String server, ProxySpec proxy, Dns dns) {
    this(server, proxy, dns, Clock.systemUTC());
  }

  private VaultHttp(String server, ProxySpec proxy, Dns dns, Clock clock) {
    this.clock = clock;
    this.base = parseServer(server);
    OkHttpClient.Builder b = new OkHttpClient.Builder()
        .cookieJar(CookieJar.NO_COOKIES)
        .followRedirects(false)
        .followSslRedirects(false)
        .dns(dns)
        // Tor: building a circuit to an onion service can take tens of seconds
        .connectTimeout(Duration.ofSeconds(90))
        .writeTimeout(Duration.ofSeconds(120))
        // the server answers an upload only once it is durable
        .readTimeout(Duration.ofSeconds(180))
        .eventListener(new EventListener() {
          @Override
          public void connectStart(Call call, java.net.InetSocketAddress address, java.net.Proxy proxy) {
            connected.remove(call); // a retry on a new connection: reached again only once it is acquired
          }

          @Override
          public void connectionAcquired(Call call, Connection connection) {
            connected.add(call);
          }
        });
    if (proxy != null) {
      SocksCredentials.install();
      b.proxy(proxy.toProxy());
    }
    this.client = b.build();
    this.where = base + (proxy == null ? "" : " through " + proxy);
  }

  static HttpUrl parseServer(String server) {
    HttpUrl url = HttpUrl.parse(server);
    if (url == null || !url.username().isEmpty() || !url.password().isEmpty() || url.query() != null
        || url.fragment() != null) {
      throw new UserError(Failure.INVALID_OPTION, "--server " + server + ": expected a URL such as https://vault.example.org/ or http://….onion/");
    }
    String host = url.host().toLowerCase(Locale.ROOT);
    boolean local = host.equals("localhost") || IPV4_LOOPBACK.matcher(host).matches() || host.equals("::1");
    if (!url.isHttps() && !local && !host.endsWith(".onion")) {
      throw new UserError(Failure.INVALID_OPTION, "--server " + server + ": plain http is only for .onion and loopback addresses; use https://");
    }
    if (!url.encodedPath().endsWith("/")) {
      url = url.newBuilder().addPathSegment("").build();
    }
    return url;
  }

  /** The base URL, as normalised (always ending in '/'). */
  public String base() {
    return base.toString();
  }

  /** Reads an answer's JSON into its body record ({@code org.sandyq.api.body}). */
  @FunctionalInterface
  public interface Body<T> {
    T read(JsonNode answer) throws MalformedJsonException;
  }

  /** The answer as it came, for callers that verify the JSON tree themselves. */
  public static final Body<JsonNode> TREE = answer -> answer;

  /** An unsigned GET of a JSON answer. */
  public <T> T get(Routes.Target target, Body<T> body) {
    return read(getJson(relative(target, "GET")), body);
  }

  /** An unsigned GET of a JSON answer, with {@code headers} (a source's lookup token). */
  public <T> T get(Routes.Target target, Map<String, String> headers, Body<T> body) {
    Request.Builder r = get(relative(target, "GET"));
    headers.forEach(r::header);
    return read(json(call(r.build())), body);
  }

  /**
   * Whether {@code failure} (thrown by this class) is the connection failing, rather than the
   * server answering: what arrived of an upload may then be kept for the rest to follow.
   */
  public static boolean connectionFailed(RuntimeException failure) {
    return failure instanceof UserError && !(failure instanceof HttpProblem) && failure.getCause() instanceof IOException;
  }

  /** An unsigned GET of a text answer (the signed checkpoint note). */
  public String getText(Routes.Target target) {
    return new String(call(get(relative(target, "GET")).build()), StandardCharsets.UTF_8);
  }

  /** An unsigned GET of a binary answer (a log tile), at most the answer limit. */
  public byte[] getBytes(Routes.Target target) {
    return call(get(relative(target, "GET")).build());
  }

  /** An unsigned POST of a JSON body. */
  public <T> T post(Routes.Target target, JsonNode json, Body<T> body) {
    return read(postJson(relative(target, "POST"), json), body);
  }

  JsonNode getJson(String relative) {
    return json(call(get(relative).build()));
  }

  JsonNode postJson(String relative, JsonNode body) {
    byte[] bytes = Json.pretty(body).getBytes(StandardCharsets.UTF_8);
    return json(call(request(relative).post(RequestBody.create(bytes, JSON)).build()));
  }

  /**
   * A GET signed by {@code signer} (RFC 9421 over method, path, query and the empty body's
   * {@code Content-Digest}; created now, a fresh random nonce, the signer's key id).
   */
  public <T> T getSigned(Routes.Target target, PrivateIdentity signer, Body<T> body) throws GeneralSecurityException {
    String relative = relative(target, "GET");
    return read(json(call(signed(get(relative), "GET", relative, new byte[0], signer).build())), body);
  }

  /** A signed GET whose answer is binary (an envelope header), at most the answer limit. */
  public byte[] getSignedBytes(Routes.Target target, PrivateIdentity signer) throws GeneralSecurityException {
    String relative = relative(target, "GET");
    return call(signed(get(relative), "GET", relative, new byte[0], signer).build());
  }

  /** A POST of {@code content} (JSON, or empty when there is nothing to send), signed like {@link #getSigned}. */
  public <T> T postSigned(Routes.Target target, byte[] content, PrivateIdentity signer, Body<T> body)
      throws GeneralSecurityException {
    String relative = relative(target, "POST");
    RequestBody requestBody = RequestBody.create(content, content.length == 0 ? null : JSON);
    return read(json(call(signed(request(relative).post(requestBody), "POST", relative, content, signer).build())), body);
  }

  private static UserError tooLong(long expected) {
    return new UserError(Failure.BAD_ANSWER, "the server sent more than the " + expected + " bytes expected; refusing it");
  }

  /** Reads an answer as it arrives (an envelope being opened), never holding it whole. */
  @FunctionalInterface
  public interface Streamed<T> {
    T read(InputStream body) throws Exception;
  }

  /**
   * A signed GET whose answer, exactly {@code length} bytes, {@code reader} reads as it arrives. A
   * {@code Content-Length} other than {@code length} is refused before the reader sees a byte; a
   * body that breaks off, ends short of {@code length} or goes on past it fails the reader's next
   * read, and that failure (the network's words, or the length's) is what this throws, whatever the
   * reader made of it. {@code progress} sees the bytes arrive.
   */
  public <T> T streamSigned(Routes.Target target, PrivateIdentity signer, long length, UploadProgress progress,
      Streamed<T> reader) throws Exception {
    String relative = relative(target, "GET");
    Request request = signed(get(relative), "GET", relative, new byte[0], signer).build();
    try {
      return exchange(request, response -> {
        long announced = response.body().contentLength();
        if (announced >= 0 && announced != length) {
          throw new UserError(Failure.BAD_ANSWER, "the server announced " + announced + " bytes where " + length
              + " were expected; refusing it");
        }
        Arriving body = new Arriving(response.body().byteStream(), length, progress, pace.start(length));
        try {
          T read = reader.read(body);
          if (!body.ended) {
            throw new IllegalStateException("the reader stopped before the end of the answer");
          }
          return read;
        } catch (Exception e) {
          body.rethrowFailure();
          throw new ReaderFailed(e);
        } finally {
          progress.done();
        }
      });
    } catch (ReaderFailed f) {
      throw (Exception) f.getCause();
    }
  }

  /** Carries what a {@link Streamed} reader threw out of {@link #exchange}, which words only the network's failures. */
  private static final class ReaderFailed extends RuntimeException {
    ReaderFailed(Exception cause) {
      super(cause);
    }
  }

  /**
   * An answer as it arrives: counted for the bar, held to its length, its first failure kept, so
   * the caller reports that rather than what a reader made of a broken stream.
   */
  private static final class Arriving extends InputStream {
    private final InputStream in;
    private final long length;
    private final UploadProgress progress;
    private final Pace.Watch pace;
    private long read;
    private boolean ended;
    private Exception failure;

    Arriving(InputStream in, long length, UploadProgress progress, Pace.Watch pace) {
      this.in = in;
      this.length = length;
      this.progress = progress;
      this.pace = pace;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (failure != null) {
        throw new IOException("the answer already failed", failure);
      }
      if (len == 0) {
        return 0;
      }
      int n;
      try {
        n = in.read(b, off, len);
      } catch (IOException e) {
        throw fail(e);
      }
      if (n < 0) {
        if (read < length) {
          throw fail(new UserError(Failure.BAD_ANSWER, "the server sent " + read + " of the " + length
              + " bytes expected; refusing it"));
        }
        ended = true;
        return -1;
      }
      read += n;
      if (read > length) {
        throw fail(tooLong(length));
      }
      try {
        pace.arrived(n);
      } catch (UserError slow) {
        throw fail(slow);
      }
      progress.advance(read, length);
      return n;
    }

    private IOException fail(Exception e) {
      failure = e;
      return e instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }

    /** If the answer failed, that failure: a {@link UserError}, or the network's, for {@link #exchange} to word. */
    void rethrowFailure() throws IOException {
      if (failure instanceof IOException io) {
        throw io;
      }
      if (failure != null) {
        throw (UserError) failure;
      }
    }
  }

  /** A route's target as a relative URL; asking with the wrong method is a bug in the caller. */
  private static String relative(Routes.Target target, String method) {
    if (!target.method().equals(method)) {
      throw new IllegalArgumentException(target + " is not a " + method + " route");
    }
    return target.relative();
  }

  /** An answer read into its body; a member missing or out of form is a one-line error. */
  public static <T> T read(JsonNode answer, Body<T> body) {
    try {
      return body.read(answer);
    } catch (MalformedJsonException e) {
      throw new UserError(Failure.BAD_ANSWER, "the vault's answer is malformed: " + e.getMessage());
    }
  }

  /**
   * Adds the RFC 9421 signature over method, path, query and the body's {@code Content-Digest}
   * (created now, a fresh random nonce, the signer's key id).
   */
  private Request.Builder signed(Request.Builder r, String method, String relative, byte[] body, PrivateIdentity signer)
      throws GeneralSecurityException {
    HttpUrl url = resolve(relative);
    SignatureHeaders h = RequestSigner.sign(signer, new RequestTarget(method, url.encodedPath(), url.encodedQuery()),
        ContentDigest.of(body), clock.instant().getEpochSecond(), RequestSigner.newNonce(RANDOM));
    return r.header(ContentDigest.HEADER, h.contentDigest())
        .header(SignatureHeaders.SIGNATURE_INPUT, h.signatureInput())
        .header(SignatureHeaders.SIGNATURE, h.signature());
  }

  /**
   * Streams {@code file} from byte {@code from} on as the body of a POST, in constant memory,
   * telling {@code progress} how far it got and feeding {@code digest} (reset first) the whole
   * file, the bytes before {@code from} included; {@code headers} are added to the request.
   */
  public <T> T upload(Routes.Target target, UploadBody file, long from, MediaType type, Map<String, String> headers,
      UploadProgress progress, MessageDigest digest, Body<T> answer) throws IOException {
    return read(upload(relative(target, "POST"), file, from, type, headers, progress, digest), answer);
  }

  JsonNode upload(String relative, Path file, MediaType type, Map<String, String> headers, UploadProgress progress,
      MessageDigest digest) throws IOException {
    return upload(relative, UploadBody.of(file), 0, type, headers, progress, digest);
  }

  private JsonNode upload(String relative, UploadBody file, long from, MediaType type, Map<String, String> headers,
      UploadProgress progress, MessageDigest digest) throws IOException {
    long length = file.length();
    if (from < 0 || from > length) {
      throw new IllegalArgumentException("cannot send " + file.name() + " from byte " + from);
    }
    RequestBody body = new RequestBody() {
      @Override
      public MediaType contentType() {
        return type;
      }

      @Override
      public long contentLength() {
        return length - from;
      }

      @Override
      public boolean isOneShot() {
        return true; // never replayed behind the caller's back: a second copy would be a duplicate
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        long sent = 0;
        digest.reset();
        // hashed on the other core while this one reads and sends (SHA-256 alone ran at about the
        // speed of the whole upload on loopback)
        // 256 KiB pieces: a hand-over to the hasher each, fewer wake-ups than at 64 KiB
        try (InputStream in = file.open(); HashAside aside = new HashAside(digest, 256 * 1024)) {
          for (long skipped = 0; skipped < from; ) { // already at the vault: hashed, not sent
            byte[] buffer = aside.buffer();
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, from - skipped));
            if (n < 0) {
              break;
            }
            aside.hash(buffer, n);
            skipped += n;
          }
          sent = from;
          while (true) {
            byte[] buffer = aside.buffer();
            int n = in.read(buffer);
            if (n <= 0) {
              break;
            }
            if (!progress.mayWrite(sent + n, length)) {
              throw new java.io.InterruptedIOException("stopped before the last of it was sent");
            }
            sink.write(buffer, 0, n);
            aside.hash(buffer, n);
            sent += n;
            progress.advance(sent, length);
          }
          aside.drain();
        }
        if (sent != length) {
          throw new IOException(file.name() + " changed while it was being sent");
        }
      }
    };
    Request.Builder r = request(relative).post(body);
    headers.forEach(r::header);
    // the vault refuses before the body (too large, a proof of work or receipt it rejects) without
    // a byte of it crossing a slow link; and a refusal that came while the body was still being
    // sent could be lost with the connection reset behind it
    r.header("Expect", "100-continue");
    try {
      return json(call(r.build()));
    } finally {
      progress.done();
    }
  }

  private Request.Builder get(String relative) {
    return request(relative).get();
  }

  private Request.Builder request(String relative) {
    return new Request.Builder().url(resolve(relative)).header("User-Agent", USER_AGENT);
  }

  private HttpUrl resolve(String relative) {
    if (relative.startsWith("/")) {
      relative = relative.substring(1);
    }
    HttpUrl url = base.resolve(relative);
    if (url == null) {
      throw new IllegalArgumentException("bad API path " + relative);
    }
    return url;
  }

  /** Runs the request; a 2xx answer's body, else an {@link HttpProblem}. */
  private byte[] call(Request request) {
    return exchange(request, response -> read(response.body()));
  }

  /** What to do with a 2xx answer. */
  @FunctionalInterface
  private interface Success<T> {
    T take(Response response) throws IOException;
  }

  /** Runs the request; {@code success} takes a 2xx answer, anything else is an {@link HttpProblem}. */
  private <T> T exchange(Request request, Success<T> success) {
    Call call = client.newCall(request);
    try (Response response = call.execute()) {
      if (response.isSuccessful()) {
        return success.take(response);
      }
      throw problem(response, read(response.body()));
    } catch (UnknownHostException e) {
      throw Words.detailed(e, e.getMessage(), "error.unreachable", where);
    } catch (InterruptedIOException e) {
      throw Words.error(e, "error.timeout", where);
    } catch (IOException e) {
      throw Words.detailed(e, oneLine(e), connected.contains(call) ? "error.broke-off" : "error.unreachable", where);
    } finally {
      connected.remove(call);
    }
  }

  private static byte[] read(ResponseBody body) throws IOException {
    if (body.contentLength() > MAX_ANSWER_BYTES) {
      throw new IOException("the answer is too large (" + body.contentLength() + " bytes)");
    }
    try (InputStream in = body.byteStream()) {
      byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
      if (bytes.length > MAX_ANSWER_BYTES) {
        throw new IOException("the answer is too large");
      }
      return bytes;
    }
  }

  private HttpProblem problem(Response response, byte[] body) {
    int status = response.code();
    String type = response.header("Content-Type", "");
    if (type.toLowerCase(Locale.ROOT).startsWith("application/problem+json")) {
      try {
        JsonNode p = Json.parse(body);
        String slug = p.path("type").asText("");
        slug = slug.startsWith("urn:sandyq:problem:") ? slug.substring("urn:sandyq:problem:".length()) : "";
        String detail = p.path("detail").asText(p.path("title").asText(""));
        if (!detail.isBlank()) {
          return new HttpProblem(status, slug, "the server refused (" + status + "): " + clean(detail));
        }
      } catch (MalformedJsonException e) {
        // fall through to the bare status
      }
    }
    return new HttpProblem(status, "", "the server at " + base + " answered HTTP " + status
        + (response.message().isBlank() ? "" : " " + clean(response.message())));
  }

  private static JsonNode json(byte[] body) {
    try {
      return Json.parse(body);
    } catch (MalformedJsonException e) {
      throw new UserError(Failure.BAD_ANSWER, "the server's answer is not valid JSON: " + e.getMessage());
    }
  }

  /** One line of printable text at most 300 characters long: what a server sent is not trusted. */
  static String clean(String text) {
    String s = Text.clean(text);
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }

  private static String oneLine(IOException e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : clean(m);
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
