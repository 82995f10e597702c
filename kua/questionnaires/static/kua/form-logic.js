/* Kua skip logic: evaluates the ASTs compiled by kua/questionnaires/expressions.py (to_json)
   with the validator's semantics. No parser, no eval; logic from #kua-logic JSON. */
(() => {
  "use strict";
  const NUM = /^[ \t\r\n]*-?([0-9]+(\.[0-9]*)?|\.[0-9]+)[ \t\r\n]*$/;
  const T = (v, t) => typeof v === t;
  const has = (o, k) => !!o && Object.prototype.hasOwnProperty.call(o, k);
  const num = (v) => (T(v, "number") ? v : T(v, "boolean") ? +v : NUM.test(v) ? parseFloat(v) : NaN);
  const bool = (v) => (T(v, "string") ? v !== "" : T(v, "number") ? v !== 0 && v === v : v);
  const str = (v) => (T(v, "string") ? v : String(v));
  const answer = (v) => [].concat(v).join(" "); // a list -> "a b"
  const codes = (v) => str(v).split(/[ \t\r\n]+/).filter(Boolean);

  function binary(op, a, b) {
    if (op === "=" || op === "!=") {
      const eq = T(a, "boolean") || T(b, "boolean") ? bool(a) === bool(b)
        : T(a, "number") || T(b, "number") ? num(a) === num(b) : a === b;
      return op === "=" ? eq : !eq;
    }
    if (!(T(a, "string") && T(b, "string") && op[0] in { "<": 1, ">": 1 } && !(NUM.test(a) && NUM.test(b)))) {
      a = num(a);
      b = num(b);
    }
    return op === "<" ? a < b : op === "<=" ? a <= b : op === ">" ? a > b : op === ">=" ? a >= b
      : op === "+" ? a + b : op === "-" ? a - b : op === "*" ? a * b : op === "div" ? a / b : a % b;
  }

  /* node: a literal, or [op, ...args]; env: {values, current, today, option} */
  function evaluate(node, env) {
    if (!T(node, "object")) return node;
    const op = node[0], a = node[1], arg = (i) => evaluate(node[i], env);
    switch (op) {
      case "$": return has(env.values, a) ? answer(env.values[a]) : "";
      case ".": return answer(env.current);
      case "@": return has(env.option, a) ? String(env.option[a]) : "";
      case "neg": return -num(arg(1));
      case "or": return bool(arg(1)) || bool(arg(2));
      case "and": return bool(arg(1)) && bool(arg(2));
      case "not": return !bool(arg(1));
      case "today": return env.today;
      case "date": return str(arg(1));
      case "selected": return codes(arg(1)).indexOf(str(arg(2))) >= 0;
      case "count-selected": return codes(arg(1)).length;
      case "string-length": return Array.from(str(arg(1))).length;
      case "concat": return node.slice(1).map((n) => str(evaluate(n, env))).join("");
      case "regex":
        try { return new RegExp(str(arg(2))).test(str(arg(1))); } catch (e) { return false; }
    }
    return binary(op, arg(1), arg(2));
  }

  if (typeof module === "object" && module.exports) module.exports = { evaluate, str, bool, num };
  if (typeof document === "undefined") return;

  /* ---- the page ---- */
  const each = (list, fn) => Array.prototype.forEach.call(list, fn);
  const holds = (expr, env) => expr == null || bool(evaluate(expr, env));

  function read(els, kind) {
    const out = [];
    each(els, (el) => {
      if (el.disabled) return;
      if (/radio|checkbox/.test(el.type)) { if (el.checked) out.push(el.value); }
      else if (el.tagName === "SELECT") each(el.selectedOptions, (o) => o.disabled || out.push(o.value));
      else out.push(el.value.trim());
    });
    const v = out.join(" ").trim();
    return (kind === "integer" || kind === "decimal") && NUM.test(v) ? String(parseFloat(v)) : v;
  }

  /* Hide, disable and unselect the options the choice_filter refuses. */
  function filter(box, item, env) {
    each(box.querySelectorAll("[data-filter]"), (el) => {
      const c = el.tagName === "OPTION" ? el : el.querySelector("input");
      if (!c) return;
      const option = Object.fromEntries(new URLSearchParams(el.dataset.filter));
      option.name = c.value;
      const ok = holds(item.choice_filter, { values: env.values, today: env.today, option });
      el.hidden = c.disabled = !ok;
      if (ok) return;
      const select = el.tagName === "OPTION" && el.closest("select");
      if (select && c.selected && !select.multiple) select.selectedIndex = -1;
      c.selected = c.checked = false;
    });
  }

  function apply(items, page) {
    const d = new Date(), today = [d.getFullYear(), d.getMonth() + 1, d.getDate()].map((n) => String(n).padStart(2, "0")).join("-");
    const env = { values: Object.create(null), today };
    const shown = Object.create(null);
    const visible = (s) => s == null || shown[s];
    items.forEach((item) => {
      const on = visible(item.field == null ? item.parent : item.section) && holds(item.relevant, env);
      if (item.field == null) {
        shown[item.section] = on;
        const set = page[" " + item.section];
        if (set) set.hidden = set.disabled = !on;
      } else if (item.kind === "calculate") {
        if (on && item.calculation != null) env.values[item.field] = str(evaluate(item.calculation, env));
      } else if (page[item.field]) {
        const box = page[item.field];
        const els = [...box.querySelectorAll("input, select, textarea")].filter((el) => el.name === item.field);
        box.hidden = !on;
        els.forEach((el) => { el.disabled = !on; });
        if (!on) return;
        if (item.choice_filter != null) filter(box, item, env);
        env.values[item.field] = read(els, item.kind);
      }
    });
    return env;
  }

  /* Before submitting: required questions left empty, and answers a constraint refuses
     (where the plan has constraints: offline entry), as the validator refuses them. */
  function missing(items, page, env) {
    const wrong = [];
    items.forEach((item) => {
      const box = (item.required || item.constraint != null) && page[item.field];
      if (!box || box.hidden) return;
      const els = [...box.querySelectorAll("input, select, textarea")].filter((el) => el.name === item.field);
      if (!els.some((el) => !el.disabled)) return;
      const value = read(els, item.kind);
      if (value === "") { if (item.required) wrong.push(item); }
      else if (!holds(item.constraint, { values: env.values, current: value, today: env.today })) {
        wrong.push({ field: item.field, message: item.cmessage });
      }
    });
    return wrong;
  }

  function summarise(form, page, wrong) {
    each(form.querySelectorAll(".client-error"), (el) => el.remove());
    each(form.querySelectorAll(".has-error"), (el) => el.classList.remove("has-error"));
    const old = document.getElementById("error-summary");
    if (old) old.remove();
    if (!wrong.length) return;
    const make = (tag, text) => { const el = document.createElement(tag); if (text) el.textContent = text; return el; };
    const box = make("div"), list = make("ul");
    box.id = "error-summary";
    box.className = "error-summary";
    box.setAttribute("role", "alert");
    box.appendChild(make("h2", form.dataset.summaryTitle || ""));
    wrong.forEach((item) => {
      const q = page[item.field], label = q.querySelector(".qlabel"), li = make("li"), a = make("a");
      a.href = "#f-" + item.field;
      a.textContent = label ? label.firstChild.textContent.trim() : item.field;
      li.append(a, ": " + item.message);
      list.appendChild(li);
      const note = make("div", item.message);
      note.className = "error client-error";
      q.classList.add("has-error");
      q.appendChild(note);
    });
    box.appendChild(list);
    form.insertBefore(box, form.firstElementChild);
    const first = document.getElementById("f-" + wrong[0].field);
    if (first) first.focus();
  }

  function start() {
    const source = document.getElementById("kua-logic");
    if (!source) return;
    const items = JSON.parse(source.textContent).items;
    const page = Object.create(null); // field -> wrapper, " " + section -> fieldset
    const all = (sel, fn) => each(document.querySelectorAll(sel), fn);
    all("fieldset[data-section]", (el) => { page[" " + el.dataset.section] = el; });
    all(".q[data-field]", (el) => { page[el.dataset.field] = el; });
    document.documentElement.classList.add("js");
    const run = () => apply(items, page);
    document.addEventListener("input", run);
    document.addEventListener("change", run);
    run();
    const form = document.querySelector("form.entry");
    if (form) form.addEventListener("submit", (event) => {
      const wrong = missing(items, page, run());
      if (wrong.length) event.preventDefault();
      if (wrong.length || document.querySelector(".client-error")) summarise(form, page, wrong);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
