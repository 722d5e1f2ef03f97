/* Rathaus – Online-Antrag: progressive enhancement only.
 * 1. Mirrors the FIM rules (the AST the server evaluates) to show and hide parts of the
 *    form while the citizen types. The server decides again on every submit.
 * 2. Turns long selects into searchable ones (a filter field above the plain <select>).
 * Without JavaScript the form works the same, one server round trip per change. */
(function () {
  "use strict";
  var form = document.getElementById("antrag-formular");
  if (!form) { return; }

  function readJson(id) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  // -- values -----------------------------------------------------------------------------
  var TRUE = ["ja", "wahr", "true", "j", "1", "yes"];
  var FALSE = ["nein", "falsch", "false", "n", "0", "no"];

  function isFilled(v) {
    if (v === null || v === undefined) { return false; }
    if (typeof v === "string") { return v.trim() !== ""; }
    if (Array.isArray(v)) { return v.some(isFilled); }
    if (typeof v === "object") { return Object.keys(v).some(function (k) { return isFilled(v[k]); }); }
    return true;
  }

  function findAll(scope, path) {
    var hits = [];
    function follow(node, rest) {
      if (Array.isArray(node)) { node.forEach(function (n) { follow(n, rest); }); return; }
      if (!rest.length) { hits.push(node); return; }
      if (node && typeof node === "object" && Object.prototype.hasOwnProperty.call(node, rest[0])) {
        follow(node[rest[0]], rest.slice(1));
      }
    }
    function search(node) {
      if (Array.isArray(node)) { node.forEach(search); return; }
      if (node && typeof node === "object") {
        Object.keys(node).forEach(function (k) {
          if (k === path[0]) { follow(node[k], path.slice(1)); } else { search(node[k]); }
        });
      }
    }
    search(scope);
    return hits;
  }

  function refValues(ref, scope, data) {
    var hits = findAll(scope, ref.ref);
    if (!hits.length && scope !== data) { hits = findAll(data, ref.ref); }
    return hits;
  }

  function asNumber(v) {
    if (typeof v === "boolean") { return null; }
    if (typeof v === "number") { return v; }
    if (typeof v === "string" && /^-?\d+([.,]\d+)?$/.test(v.trim())) { return parseFloat(v.trim().replace(",", ".")); }
    return null;
  }

  function asDate(v) {
    if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}/.test(v.trim())) { return v.trim().slice(0, 10); }
    return null;
  }

  function truth(v, labels) {
    if (typeof v === "boolean") { return v; }
    var candidates = [String(v).trim().toLowerCase(), String(labels[String(v).trim()] || "").trim().toLowerCase()];
    for (var i = 0; i < candidates.length; i++) {
      if (TRUE.indexOf(candidates[i]) >= 0) { return true; }
      if (FALSE.indexOf(candidates[i]) >= 0) { return false; }
    }
    return null;
  }

  function equal(v, c, labels) {
    if (!isFilled(v)) { return false; }
    if (typeof c === "boolean") { return truth(v, labels) === c; }
    var a = asNumber(v), b = asNumber(c);
    if (a !== null && b !== null) { return a === b; }
    var text = String(v).trim().toLowerCase(), wanted = String(c).trim().toLowerCase();
    return text === wanted || String(labels[String(v).trim()] || "").trim().toLowerCase() === wanted;
  }

  function today(offset) {
    var d = new Date();
    d.setFullYear(d.getFullYear() + offset);
    return d.toISOString().slice(0, 10);
  }

  function ordered(a, op, b) {
    var da = asDate(a), db = asDate(b), l, r;
    if (da && db) { l = da; r = db; } else {
      l = asNumber(a); r = asNumber(b);
      if (l === null || r === null) { return false; }
    }
    return op === "<" ? l < r : op === "<=" ? l <= r : op === ">" ? l > r : l >= r;
  }

  function rightValue(right, scope, data) {
    if (Object.prototype.hasOwnProperty.call(right, "today")) { return today(right.today); }
    if (right.ref) {
      var filled = refValues(right, scope, data).filter(isFilled);
      return filled.length ? filled[0] : null;
    }
    return right.const;
  }

  function holds(c, scope, data, ctx) {
    switch (c.op) {
      case "always": return true;
      case "filled": return refValues(c, scope, data).some(isFilled);
      case "not": return !holds(c.cond, scope, data, ctx);
      case "all": return c.conds.every(function (x) { return holds(x, scope, data, ctx); });
      case "any": return c.conds.some(function (x) { return holds(x, scope, data, ctx); });
      case "land": return !ctx.land || c.laender.indexOf(ctx.land.toUpperCase()) >= 0;
      case "valid_date": return true; // a check, never a visibility condition
      default: break;
    }
    var left = c.left.ref, labels = ctx.labels[left[left.length - 1]] || {};
    var values = refValues(c.left, scope, data).filter(isFilled);
    if (c.op === "=" || c.op === "!=") {
      var eq;
      if (Object.prototype.hasOwnProperty.call(c.right, "const")) {
        eq = values.some(function (v) { return equal(v, c.right.const, labels); });
      } else {
        var other = rightValue(c.right, scope, data);
        eq = other ? values.some(function (v) { return equal(v, other, labels); }) : false;
      }
      return c.op === "=" ? eq : !eq;
    }
    var o = rightValue(c.right, scope, data);
    if (!values.length || o === null || o === undefined) { return false; }
    return ordered(values[0], c.op, o);
  }

  function scopes(rule, data) {
    if (!rule.scope) { return [data]; }
    var found = [];
    findAll(data, [rule.scope]).forEach(function (h) { found = found.concat(Array.isArray(h) ? h : [h]); });
    found = found.filter(function (s) { return s && typeof s === "object" && !Array.isArray(s); });
    return found.length ? found : [data];
  }

  function hiddenIds(spec, data) {
    var shows = {}, hidden = {}, ctx = { land: spec.land, labels: spec.labels || {} };
    spec.rules.forEach(function (rule) {
      scopes(rule, data).forEach(function (scope) {
        rule.statements.forEach(function (st) {
          if (st.do === "show") {
            var held = holds(st.when, scope, data, ctx);
            st.targets.forEach(function (t) { var id = t.ref[t.ref.length - 1]; shows[id] = shows[id] || held; });
          } else if (st.do === "hide" && holds(st.when, scope, data, ctx)) {
            st.targets.forEach(function (t) { hidden[t.ref[t.ref.length - 1]] = true; });
          } else if (st.do === "prefill" && st.hidden && holds(st.when, scope, data, ctx)) {
            hidden[st.target.ref[st.target.ref.length - 1]] = true;
          }
        });
      });
    });
    Object.keys(shows).forEach(function (id) { if (!shows[id]) { hidden[id] = true; } });
    return hidden;
  }

  // -- the form's data, as the server reads it ----------------------------------------------
  function formData(base) {
    var data = JSON.parse(JSON.stringify(base || {}));
    var fresh = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name.charAt(0) === "_" || el.name === "csrfmiddlewaretoken" || el.type === "file") { return; }
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { return; }
      var value = el.value;
      if (el.type === "checkbox" || (el.type === "radio" && (value === "true" || value === "false"))) {
        value = value === "true";
      }
      if (value === "") { return; }
      var parts = el.name.split("."), node = fresh;
      for (var i = 0; i < parts.length - 1; i++) {
        var key = parts[i], nextIsIndex = /^\d+$/.test(parts[i + 1]);
        if (node[key] === undefined) { node[key] = nextIsIndex ? [] : {}; }
        node = node[key];
      }
      node[parts[parts.length - 1]] = value;
    });
    // this step's top-level elements replace what the draft held for them
    (form.getAttribute("data-oberste") || "").split(" ").forEach(function (top) {
      if (top) { delete data[top]; }
    });
    Object.keys(fresh).forEach(function (k) { data[k] = fresh[k]; });
    return data;
  }

  var spec = readJson("formular-regeln");
  var draft = readJson("formular-daten");
  if (spec && spec.rules && spec.rules.length) {
    var update = function () {
      var hidden = hiddenIds(spec, formData(draft));
      Array.prototype.forEach.call(form.querySelectorAll("[data-fim]"), function (el) {
        if (el.type === "hidden") { return; }
        el.hidden = !!hidden[el.getAttribute("data-fim")];
      });
    };
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    update();
  }

  // -- searchable selects -------------------------------------------------------------------
  // A labelled filter field above a long <select>: typing narrows the options, a polite
  // live region says how many are left, Enter or Arrow down moves to the list (Enter never
  // submits the step from here; on a single match it chooses that one). The <select> stays the control that is submitted, so the
  // form is the same without JavaScript.
  var english = document.documentElement.lang === "en";
  function anzahlText(n) {
    if (english) { return n === 1 ? "1 entry" : n + " entries"; }
    return n === 1 ? "1 Eintrag" : n + " Einträge";
  }
  var counter = 0;
  Array.prototype.forEach.call(form.querySelectorAll("select[data-suche]"), function (select) {
    if (select.options.length < 15) { return; }
    counter += 1;
    var all = Array.prototype.map.call(select.options, function (o) { return o.cloneNode(true); });
    var wrap = document.createElement("div");
    wrap.className = "suchauswahl";
    var label = document.createElement("label");
    label.className = "kern-label kern-label--small";
    label.htmlFor = "suchauswahl-" + counter;
    label.textContent = (english ? "Filter list: " : "Liste filtern: ") +
      (select.labels && select.labels[0] ? select.labels[0].textContent.replace(/–.*$/, "").trim() : "");
    var input = document.createElement("input");
    input.type = "search";
    input.id = "suchauswahl-" + counter;
    input.className = "kern-form-input__input suchauswahl__eingabe";
    input.setAttribute("autocomplete", "off");
    input.setAttribute("aria-controls", select.id);
    var status = document.createElement("span");
    status.id = "suchauswahl-" + counter + "-status";
    status.className = "suchauswahl__status kern-body kern-body--small";
    status.setAttribute("role", "status");
    input.setAttribute("aria-describedby", status.id);
    wrap.appendChild(label);
    wrap.appendChild(input);
    wrap.appendChild(status);
    select.parentNode.parentNode.insertBefore(wrap, select.parentNode);
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase(), current = select.value, n = 0;
      while (select.options.length) { select.remove(0); }
      all.forEach(function (o) {
        var treffer = o.value && o.textContent.toLowerCase().indexOf(q) >= 0;
        if (treffer) { n += 1; }
        if (!o.value || treffer || o.value === current) {
          select.appendChild(o.cloneNode(true));
        }
      });
      select.value = current;
      status.textContent = q ? anzahlText(n) : "";
    });
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== "ArrowDown") { return; }
      event.preventDefault();
      var choices = Array.prototype.filter.call(select.options, function (o) { return o.value; });
      if (event.key === "Enter" && choices.length === 1 && select.value !== choices[0].value) {
        select.value = choices[0].value;  // Enter on the only match chooses it
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
      select.focus();
    });
  });
})();

/* 3. After a step came back with errors, focus moves to the error summary, so a screen
 *    reader reads it first and the keyboard starts from its links (GOV.UK / KERN pattern). */
(function () {
  "use strict";
  var liste = document.getElementById("fehlerliste");
  if (!liste) { return; }
  // Someone who already moved on with the keyboard keeps their place.
  if (document.activeElement && document.activeElement !== document.body) { return; }
  liste.setAttribute("tabindex", "-1");
  liste.focus();
})();
