/* Kua offline entry (docs/security.md): each entry is sealed here (AES-256-GCM key per entry,
   RSA-OAEP-256 to the organisation) before any storage; IndexedDB keeps {id, owner, envelope, reason}. */
(() => {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const source = $("kua-offline");
  if (!source) return;
  const config = JSON.parse(source.textContent);
  const kinds = {};
  JSON.parse($("kua-logic").textContent).items.forEach((item) => { if (item.field) kinds[item.field] = item.kind; });
  const AAD = new TextEncoder().encode("kua-offline-entry-v1");
  const LAST = "kua-offline-last-sent";
  const RETRY = { session: 1, server: 1 };
  let sending = false, again = false, publicKey = null;

  const b64 = (buffer) => {
    let text = "";
    new Uint8Array(buffer).forEach((byte) => { text += String.fromCharCode(byte); });
    return btoa(text);
  };
  const unb64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  const newId = () => (crypto.randomUUID ? crypto.randomUUID() : hex(crypto.getRandomValues(new Uint8Array(16))));

  /* ---- IndexedDB: one store of sealed envelopes ---- */
  function withStore(mode, act) {
    return new Promise((done, fail) => {
      const opening = indexedDB.open("kua-offline", 1);
      opening.onupgradeneeded = () => opening.result.createObjectStore("entries", { keyPath: "id" });
      opening.onerror = () => fail(opening.error);
      opening.onsuccess = () => {
        const db = opening.result, tx = db.transaction("entries", mode), request = act(tx.objectStore("entries"));
        tx.oncomplete = () => { db.close(); done(request && request.result); };
        tx.onerror = tx.onabort = () => { db.close(); fail(tx.error); };
      };
    });
  }
  const entries = () => withStore("readonly", (s) => s.getAll());
  const keep = (entry) => withStore("readwrite", (s) => s.put(entry));
  const forget = (id) => withStore("readwrite", (s) => s.delete(id));
  const eraseAll = () => withStore("readwrite", (s) => s.clear());

  /* ---- sealing ---- */
  function key() {
    publicKey = publicKey || crypto.subtle.importKey(
      "spki", unb64(config.key), { name: "RSA-OAEP", hash: "SHA-256" }, false, ["encrypt"]);
    return publicKey;
  }
  async function seal(entry) {
    const aes = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt"]);
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const plain = new TextEncoder().encode(JSON.stringify(entry));
    const data = await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: AAD }, aes, plain);
    const raw = await crypto.subtle.exportKey("raw", aes);
    const wrapped = await crypto.subtle.encrypt({ name: "RSA-OAEP" }, await key(), raw);
    return { v: 1, key: b64(wrapped), iv: b64(iv), data: b64(data) };
  }
  async function save(kind, body) {
    const id = newId();
    const envelope = await seal(Object.assign({ id, kind, form_id: config.form_id, version: config.version }, body));
    await keep({ id, owner: config.user, envelope });
  }

  function values(form) {
    const out = {};
    new FormData(form).forEach((value, name) => {
      if (value === "" || name === "csrfmiddlewaretoken") return;
      if (kinds[name] === "select_multiple") (out[name] = out[name] || []).push(value);
      else out[name] = value;
    });
    return out;
  }

  /* ---- the status box ---- */
  function note(text) { $("off-note").textContent = text || ""; }
  async function refresh() {
    const all = await entries().catch(() => []);
    const refused = all.filter((e) => e.reason && !RETRY[e.reason]);
    $("off-waiting").textContent = String(all.length - refused.length);
    const list = $("off-refused");
    list.textContent = "";
    all.filter((e) => e.reason).forEach((e) => {
      const li = document.createElement("li");
      li.className = "msg-error";
      li.textContent = config.reasons[e.reason] || config.reasons.unreadable;
      list.appendChild(li);
    });
    const last = localStorage.getItem(LAST);
    $("off-last").textContent = last ? new Date(last).toLocaleString(document.documentElement.lang) : config.never;
    $("off-net").textContent = navigator.onLine ? config.online : config.offline;
  }

  /* ---- sending ---- */
  async function reasonOf(reply) {
    if (reply.type === "opaqueredirect" || reply.status === 401) return "session";
    if (reply.status === 403) return "forbidden";
    if (reply.status >= 500) return "server";
    const body = await reply.json().catch(() => ({}));
    return body.reason || "unreadable";
  }
  async function sendOne(entry, csrf) {
    const reply = await fetch(config.send, {
      method: "POST", credentials: "same-origin", redirect: "manual",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ id: entry.id, envelope: entry.envelope }),
    });
    if (reply.status === 200 || reply.status === 201) {
      const body = await reply.json().catch(() => ({}));
      if (body.message) note(body.message);
      await forget(entry.id);
      return true;
    }
    entry.reason = await reasonOf(reply);
    await keep(entry);
    if (RETRY[entry.reason]) throw new Error(entry.reason);
    return false;
  }
  async function session() {
    const reply = await fetch(config.session, { credentials: "same-origin", redirect: "manual" });
    const body = reply.status === 200 ? await reply.json() : null;
    return body && body.user === config.user ? body.csrf : null;
  }
  async function sync() {
    if (sending) { again = true; return; } // asked while sending: once more after this round
    if (!navigator.onLine) return refresh();
    sending = true;
    try {
      const mine = (await entries()).filter((e) => e.owner === config.user && (!e.reason || RETRY[e.reason]));
      if (!mine.length) return;
      const csrf = await session();
      if (!csrf) {
        for (const e of mine) { e.reason = "session"; await keep(e); }
        return;
      }
      let sent = 0;
      for (const e of mine) if (await sendOne(e, csrf)) sent += 1;
      if (sent) localStorage.setItem(LAST, new Date().toISOString());
    } catch (error) {
      /* network gone or session ended: the rest wait */
    } finally {
      sending = false;
      refresh();
      if (again) { again = false; sync(); }
    }
  }

  /* ---- the page ---- */
  function copyOptions(select) {
    const from = $(select.dataset.optionsFrom);
    if (!from) return;
    Array.prototype.forEach.call(from.options, (option) => {
      if (option.value) select.add(new Option(option.text, option.value));
    });
  }

  function start() {
    const form = $("off-form"), refusal = $("off-refusal");
    refusal.querySelectorAll("[data-options-from]").forEach(copyOptions);
    form.addEventListener("submit", (event) => {
      if (event.defaultPrevented) return; // form-logic.js found answers to correct
      event.preventDefault();
      save("interview", { answers: values(form) }).then(() => {
        form.reset();
        form.dispatchEvent(new Event("change", { bubbles: true }));
        window.scrollTo(0, 0);
        note(config.saved);
        sync();
      }, () => note(config.failed));
    });
    refusal.addEventListener("submit", (event) => {
      event.preventDefault();
      const body = values(refusal);
      if (!body.refused_on || !body.reason) return note(config.incomplete);
      save("refusal", { refusal: body }).then(() => { refusal.reset(); note(config.saved); sync(); }, () => note(config.failed));
    });
    $("off-send").addEventListener("click", sync);
    $("off-erase").addEventListener("click", () => {
      if (window.confirm(config.erase)) eraseAll().then(() => { note(config.erased); refresh(); });
    });
    window.addEventListener("online", sync);
    window.addEventListener("offline", refresh);
    if ("serviceWorker" in navigator) navigator.serviceWorker.register(config.worker).catch(() => null);
    sync();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
