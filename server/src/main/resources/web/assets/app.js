/*
 * Sandyq source page: sealing in the browser (docs/web-page.md). Progressive enhancement only:
 * without this script every form is a plain HTML form that works. With it, a form marked
 * data-seal is sealed before anything is sent:
 *   1. the exact multipart body the plain form would send is built (Request + FormData);
 *   2. "sandyq-form/1\n" + its Content-Type + "\n" + body is sealed with HPKE (RFC 9180, base mode,
 *      X25519, HKDF-SHA256, AES-256-GCM, info "sandyq intake form v1") to GET /v1/intake/key;
 *   3. enc || ciphertext is posted to /v1/intake/form, and the HTML page the server answers with
 *      replaces this one (a refusal is shown above the form, which keeps what was typed).
 * If sealing or sending fails, nothing is sent in plain: the source is told, and may choose the
 * plain form with a button that says so. A refusal by the server is shown, with no such button.
 * No inline script anywhere, so the strict Content-Security-Policy holds.
 */
(function () {
  "use strict";

  var INFO = "sandyq intake form v1";

  function show(form, text, failed) {
    var status = form.querySelector(".seal-status");
    if (!status) return;
    status.textContent = text;
    status.hidden = false;
    status.classList.toggle("failed", !!failed);
  }

  function capable() {
    return !!(window.SandyqHpke && window.SandyqHpke.available() && window.fetch && window.Request &&
      window.FormData && window.TextEncoder && window.DOMParser && window.Promise);
  }

  function base64ToBytes(b64) {
    var bin = atob(b64);
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  function totalFileBytes(form) {
    var total = 0;
    var inputs = form.querySelectorAll("input[type=file]");
    for (var i = 0; i < inputs.length; i++) {
      for (var j = 0; j < inputs[i].files.length; j++) total += inputs[i].files[j].size;
    }
    return total;
  }

  function setBusy(form, busy) {
    var buttons = form.querySelectorAll("button");
    for (var i = 0; i < buttons.length; i++) buttons[i].disabled = busy;
  }

  /** fetch, with a network failure told in the page's words rather than the browser's. */
  async function request(url, options, form) {
    try {
      return await fetch(url, Object.assign({ cache: "no-store", credentials: "omit", referrerPolicy: "no-referrer",
        redirect: "error" }, options));
    } catch (e) {
      throw new Error(form.dataset.msgNetwork);
    }
  }

  async function intakeKey(form) {
    var res = await request("/v1/intake/key", {}, form);
    if (!res.ok) throw new Error("HTTP " + res.status);
    var key = await res.json();
    if (key.kem !== "DHKEM(X25519, HKDF-SHA256)" || key.kdf !== "HKDF-SHA256" || key.aead !== "AES-256-GCM") {
      throw new Error("unexpected key suite");
    }
    var pk = base64ToBytes(key.public_key);
    if (pk.length !== 32) throw new Error("bad key");
    return pk;
  }

  /** "sandyq-form/1\n" || content type || "\n" || the multipart body, exactly as the plain form sends it. */
  async function plaintext(form) {
    var request = new Request(form.action, { method: "POST", body: new FormData(form) });
    var body = new Uint8Array(await request.arrayBuffer());
    var head = new TextEncoder().encode("sandyq-form/1\n" + request.headers.get("content-type") + "\n");
    var out = new Uint8Array(head.length + body.length);
    out.set(head, 0);
    out.set(body, head.length);
    body.fill(0);
    return out;
  }

  function swapIn(doc) {
    document.title = doc.title;
    document.documentElement.lang = doc.documentElement.lang;
    document.body.replaceWith(document.adoptNode(doc.body));
    window.scrollTo(0, 0);
    var main = document.getElementById("main");
    if (main) main.focus();
    enhanceAll();
  }

  async function send(form) {
    var d = form.dataset;
    var max = Number(d.maxBytes);
    if (max > 0 && totalFileBytes(form) > max) {
      show(form, d.msgFailed.replace("{0}", d.msgTooLarge), true);
      return;
    }
    setBusy(form, true);
    show(form, d.msgSending, false);
    var pt = null;
    try {
      var pk = await intakeKey(form);
      pt = await plaintext(form);
      var sealed = await window.SandyqHpke.seal(pk, new TextEncoder().encode(INFO), pt);
      var res = await request("/v1/intake/form?lang=" + encodeURIComponent(d.lang), {
        method: "POST",
        headers: { "Content-Type": "application/octet-stream" },
        body: sealed
      }, form);
      var type = res.headers.get("content-type") || "";
      if (type.indexOf("text/html") !== 0) throw new Error("HTTP " + res.status);
      var doc = new DOMParser().parseFromString(await res.text(), "text/html");
      if (res.ok) {
        swapIn(doc);
        return;
      }
      // the server read the form and refused it: sending it again in plain would not help
      var alert = doc.querySelector("main .alert");
      show(form, d.msgFailed.replace("{0}", alert ? alert.textContent : "HTTP " + res.status), true);
    } catch (e) {
      failed(form, e && e.message ? e.message : String(e));
    } finally {
      if (pt) pt.fill(0);
      setBusy(form, false);
    }
  }

  /**
   * Sealing or sending failed (no key, no WebCrypto, no connection): says so and offers the plain
   * form, explicitly. Never a silent fallback.
   */
  function failed(form, reason) {
    var d = form.dataset;
    show(form, d.msgFailed.replace("{0}", reason), true);
    if (!form.querySelector("button.plain")) {
      var plain = document.createElement("button");
      plain.type = "button";
      plain.className = "plain secondary";
      plain.textContent = d.msgPlain;
      plain.addEventListener("click", function () {
        form.dataset.plainChosen = "1";
        HTMLFormElement.prototype.submit.call(form);
      });
      form.appendChild(plain);
    }
  }

  function enhance(form) {
    if (form.dataset.enhanced) return;
    form.dataset.enhanced = "1";
    if (!capable()) {
      show(form, form.dataset.msgUnavailable, false);
      return;
    }
    show(form, form.dataset.msgReady, false);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send(form);
    });
  }

  function enhanceAll() {
    var forms = document.querySelectorAll("form[data-seal]");
    for (var i = 0; i < forms.length; i++) enhance(forms[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  } else {
    enhanceAll();
  }
})();
