package org.sandyq.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;
import org.sandyq.cli.DemoVault;

/**
 * The instruments the page tests rely on, checked on their own: the wire recorder keeps exactly
 * what a browser sent; Chromium's JavaScript switch really switches; the console check sees CSP
 * violations; Chromium's WebCrypto has what RFC 9180 HPKE with X25519, HKDF-SHA256 and
 * AES-256-GCM needs.
 */
class HarnessTest {
  @TempDir static Path dir;
  static DemoVault vault;
  static WireRecorder wire;

  @BeforeAll
  static void setUp() throws Exception {
    vault = new DemoVault(dir);
    wire = new WireRecorder(vault.server().port());
  }

  @AfterAll
  static void tearDown() throws Exception {
    wire.close();
    vault.close();
  }

  @Test
  void theRecorderKeepsWhatAPlainClientSentAndRelaysTheAnswer() throws Exception {
    byte[] body = "{\"lookup\": \"harness-marker-1\"}".getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> answer = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(wire.url() + "v1/status")).POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Content-Type", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(400, answer.statusCode(), answer.body());
    assertTrue(answer.body().contains("lookup-required"), answer.body());
    List<WireRecorder.Request> sent = wire.requests("POST", "/v1/status");
    assertTrue(sent.stream().anyMatch(r -> r.bodyLatin1().contains("harness-marker-1")), sent.toString());
  }

  @Test
  void theRecorderKeepsWhatChromiumSent() throws Exception {
    ChromeDriver chromium = Chromium.start(Chromium.Setup.phone(true));
    try {
      // the server's CSP (default-src 'none') forbids fetch here, but not a form: post one, as the page will
      chromium.get(wire.url() + "observe/health");
      chromium.executeScript("""
          const form = document.createElement('form');
          form.method = 'post';
          form.enctype = 'multipart/form-data';
          form.action = '/v1/status';
          const text = document.createElement('textarea');
          text.name = 'text';
          text.value = 'harness-marker-2';
          form.append(text);
          document.body.append(form);
          form.submit();""");
      new org.openqa.selenium.support.ui.WebDriverWait(chromium, java.time.Duration.ofSeconds(30))
          .until(d -> d.getPageSource().contains("urn:sandyq:problem:"));
    } finally {
      chromium.quit();
    }
    assertTrue(wire.requests("GET", "/observe/health").size() >= 1, wire.requests().toString());
    List<WireRecorder.Request> posted = wire.requests("POST", "/v1/status").stream()
        .filter(r -> r.bodyLatin1().contains("harness-marker-2")).toList();
    assertEquals(1, posted.size(), wire.requests().toString());
    assertTrue(posted.get(0).contentType().startsWith("multipart/form-data; boundary="), posted.get(0).toString());
  }

  @Test
  void javascriptOffIsOff() {
    String page = "data:text/html,<title>off</title><script>document.title='on'</script>";
    for (boolean javascript : new boolean[] {false, true}) {
      ChromeDriver chromium = Chromium.start(Chromium.Setup.phone(javascript));
      try {
        chromium.get(page);
        assertEquals(javascript ? "on" : "off", chromium.getTitle());
      } finally {
        chromium.quit();
      }
    }
  }

  /** The console check of the page tests does see a CSP violation (an inline script added to the page). */
  @Test
  void theConsoleShowsContentSecurityPolicyViolations() {
    ChromeDriver chromium = Chromium.start(Chromium.Setup.phone(true));
    try {
      chromium.get(wire.url() + "?lang=en");
      assertEquals(List.of(), Chromium.console(chromium).stream().filter(l -> l.contains("Content Security Policy")).toList());
      chromium.executeScript("""
          const s = document.createElement('script');
          s.textContent = 'document.title = "inline ran"';
          document.head.append(s);""");
      assertTrue(Chromium.console(chromium).stream().anyMatch(l -> l.contains("Content Security Policy")));
      assertTrue(!chromium.getTitle().equals("inline ran"), "the page CSP forbids inline script");
    } finally {
      chromium.quit();
    }
  }

  /**
   * What the page's HPKE needs from WebCrypto: X25519 key generation and agreement, HKDF-SHA256
   * and AES-256-GCM, in a secure context (127.0.0.1 is one; a plain-HTTP address elsewhere is not,
   * and there {@code crypto.subtle} is undefined: the page must then fall back to the plain form).
   */
  @Test
  void chromiumWebCryptoHasX25519HkdfAndAesGcm() {
    ChromeDriver chromium = Chromium.start(Chromium.Setup.phone(true));
    try {
      chromium.get(wire.url() + "observe/health");
      Object result = chromium.executeAsyncScript("""
          const done = arguments[arguments.length - 1];
          (async () => {
            if (!window.isSecureContext || !crypto.subtle) return 'no secure context';
            const a = await crypto.subtle.generateKey({name: 'X25519'}, true, ['deriveBits']);
            const b = await crypto.subtle.generateKey({name: 'X25519'}, true, ['deriveBits']);
            const ab = new Uint8Array(await crypto.subtle.deriveBits({name: 'X25519', public: b.publicKey}, a.privateKey, 256));
            const ba = new Uint8Array(await crypto.subtle.deriveBits({name: 'X25519', public: a.publicKey}, b.privateKey, 256));
            const raw = new Uint8Array(await crypto.subtle.exportKey('raw', a.publicKey));
            const imported = await crypto.subtle.importKey('raw', raw, {name: 'X25519'}, true, []);
            const ikm = await crypto.subtle.importKey('raw', ab, 'HKDF', false, ['deriveBits']);
            const okm = await crypto.subtle.deriveBits({name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0),
                                                        info: new TextEncoder().encode('probe')}, ikm, 256);
            const key = await crypto.subtle.importKey('raw', okm, 'AES-GCM', false, ['encrypt']);
            const ct = await crypto.subtle.encrypt({name: 'AES-GCM', iv: new Uint8Array(12)}, key, new Uint8Array(5));
            const same = ab.length === 32 && ab.every((x, i) => x === ba[i]);
            return [same ? 'x25519 agree' : 'x25519 differ', 'raw public ' + raw.length, imported.algorithm.name,
                    'hkdf ' + okm.byteLength, 'aes-gcm ' + ct.byteLength].join(', ');
          })().then(done, e => done('error: ' + e));""");
      assertEquals("x25519 agree, raw public 32, X25519, hkdf 32, aes-gcm 21", result);
    } finally {
      chromium.quit();
    }
  }
}
