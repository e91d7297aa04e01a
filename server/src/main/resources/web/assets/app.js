/*
 * Sandyq source page: sealing in the browser, both ways (docs/web-page.md, docs/web-intake.md §1).
 * Progressive enhancement only: without this script every form is a plain HTML form that works.
 * With it, a form marked data-seal is sealed before anything is sent, and so is its answer:
 *   1. the exact multipart body the plain form would send is built (Request + FormData);
 *   2. GET /v1/intake/key gives the vault's intake key and a single-use form token; a fresh X25519
 *      key pair is made for this one exchange;
 *   3. "sandyq-form/2\n" + token + our public key + its Content-Type + "\n" + body is sealed with
 *      HPKE (RFC 9180, base mode, X25519, HKDF-SHA256, AES-256-GCM, info "sandyq intake form v2");
 *   4. enc || ciphertext is posted to /v1/intake/form; the answer comes back sealed to our key
 *      (info "sandyq intake answer v2" + the request's enc), is opened here, and the page it holds
 *      replaces this one (a refusal is shown above the form, which keeps what was typed).
 * The choice of category happens in this page (a <template> holds the form), so nothing about the
 * report ever reaches the address bar or the history.
 * If sealing or sending fails, nothing is sent in plain: the source is told, and may choose the
 * plain form with a button that says so. A refusal by the server is shown, with no such button.
 * No inline script anywhere, so the strict Content-Security-Policy holds.
 */
(function () {
  "use strict";

  var INFO = "sandyq intake form v2";
  var ANSWER_INFO = "sandyq intake answer v2";
  var ANSWER_MAGIC = "sandyq-answer/2\n";

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

  /** The intake key and a fresh single-use token for one form. */
  async function intakeKey(form) {
    var res = await request("/v1/intake/key", {}, form);
    if (!res.ok) throw new Error("HTTP " + res.status);
    var key = await res.json();
    if (key.kem !== "DHKEM(X25519, HKDF-SHA256)" || key.kdf !== "HKDF-SHA256" || key.aead !== "AES-256-GCM") {
      throw new Error("unexpected key suite");
    }
    var pk = base64ToBytes(key.public_key);
    var token = base64ToBytes(key.form_token || "");
    if (pk.length !== 32 || token.length !== 41) throw new Error("bad key");
    return { publicKey: pk, token: token };
  }

  function concat(parts) {
    var n = 0;
    for (var i = 0; i < parts.length; i++) n += parts[i].length;
    var out = new Uint8Array(n);
    for (var j = 0, at = 0; j < parts.length; at += parts[j].length, j++) out.set(parts[j], at);
    return out;
  }

  /**
   * "sandyq-form/2\n" || token || answer key || content type || "\n" || the multipart body, the
   * body exactly as the plain form sends it.
   */
  async function plaintext(form, data, token, answerKey) {
    var request = new Request(form.action, { method: "POST", body: data });
    var body = new Uint8Array(await request.arrayBuffer());
    var enc = new TextEncoder();
    var out = concat([enc.encode("sandyq-form/2\n"), token, answerKey,
      enc.encode(request.headers.get("content-type") + "\n"), body]);
    body.fill(0);
    return out;
  }

  /** Opens the sealed answer: {status, html}; throws if it is not one. */
  async function openAnswer(pair, requestEnc, sealed) {
    var info = concat([new TextEncoder().encode(ANSWER_INFO), requestEnc]);
    var pt = await window.SandyqHpke.open(pair.privateKey, info, sealed);
    var text = new TextDecoder("utf-8", { fatal: true }).decode(pt);
    pt.fill(0);
    if (text.indexOf(ANSWER_MAGIC) !== 0 || text.charAt(ANSWER_MAGIC.length + 3) !== "\n") {
      throw new Error("not a sealed answer");
    }
    return { status: Number(text.substr(ANSWER_MAGIC.length, 3)), html: text.substring(ANSWER_MAGIC.length + 4) };
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

  async function send(form, submitter) {
    // the pressed button's name=value too (the language buttons), as the plain form would send it;
    // taken before the buttons are disabled, since a disabled control is left out of a form's data
    var data = submitter && submitter.name ? new FormData(form, submitter) : new FormData(form);
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
      var key = await intakeKey(form);
      var pair = await window.SandyqHpke.keyPair();
      pt = await plaintext(form, data, key.token, pair.publicKey);
      var sealed = await window.SandyqHpke.seal(key.publicKey, new TextEncoder().encode(INFO), pt);
      var res = await request("/v1/intake/form?lang=" + encodeURIComponent(d.lang), {
        method: "POST",
        headers: { "Content-Type": "application/octet-stream" },
        body: sealed
      }, form);
      var type = res.headers.get("content-type") || "";
      var answer;
      if (res.status === 200 && type.indexOf("application/octet-stream") === 0) {
        answer = await openAnswer(pair, sealed.slice(0, 32), new Uint8Array(await res.arrayBuffer()));
      } else if (type.indexOf("text/html") === 0 && !res.ok) {
        // refused before the form was opened (too large, stale, ...): the page says nothing about the form
        answer = { status: res.status, html: await res.text() };
      } else {
        throw new Error("HTTP " + res.status);
      }
      var doc = new DOMParser().parseFromString(answer.html, "text/html");
      if (answer.status >= 200 && answer.status < 300) {
        swapIn(doc);
        return;
      }
      // the server read the form and refused it: sending it again in plain would not help
      var alert = doc.querySelector("main .alert");
      show(form, d.msgFailed.replace("{0}", alert ? alert.textContent : "HTTP " + answer.status), true);
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
    var quiet = form.hasAttribute("data-quiet"); // the language buttons: only a failure is worth a line
    if (!capable()) {
      if (!quiet) show(form, form.dataset.msgUnavailable, false);
      return;
    }
    if (!quiet) show(form, form.dataset.msgReady, false);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send(form, event.submitter);
    });
  }

  /**
   * Step 1 without leaving the page: the chosen category's form comes from the page's <template>
   * instead of GET /?category=..., so the category never reaches the address bar or the history.
   */
  function enhanceChooser(chooser) {
    var template = document.getElementById("report-form");
    if (!template || chooser.dataset.enhanced || !capable()) return;
    chooser.dataset.enhanced = "1";
    chooser.addEventListener("submit", function (event) {
      var chosen = chooser.querySelector("input[name=category]:checked");
      if (!chosen) return;
      event.preventDefault();
      var content = template.content.cloneNode(true);
      var parts = content.querySelectorAll("[data-category]");
      for (var i = 0; i < parts.length; i++) {
        if (parts[i].getAttribute("data-category") !== chosen.value) parts[i].remove();
        else parts[i].hidden = false;
      }
      content.querySelector("input[name=category]").setAttribute("value", chosen.value);
      var main = document.getElementById("main");
      main.replaceChildren(content);
      window.scrollTo(0, 0);
      main.focus();
      enhanceAll();
    });
  }

  function enhanceAll() {
    var forms = document.querySelectorAll("form[data-seal]");
    for (var i = 0; i < forms.length; i++) enhance(forms[i]);
    var chooser = document.querySelector("form[data-chooser]");
    if (chooser) enhanceChooser(chooser);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  } else {
    enhanceAll();
  }
})();
