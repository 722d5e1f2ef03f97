/* Rathaus – proof of work for anonymous forms (rathaus.core.arbeitsnachweis).
 * Progressive enhancement: a form with data-arbeitsnachweis carries a signed ALTCHA
 * challenge. When the page loads, ALTCHA's PBKDF2 worker (from our static files, no other
 * origin) solves it in the background; the payload goes into the hidden input
 * "arbeitsnachweis" and the status paragraph (role=status, polite) says what happens.
 * The submit button always works: pressed before the work is done, the form is sent as
 * soon as it is. Without a worker or WebCrypto the form is sent without a solution and
 * the server's Wartemarke decides; the status says so. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-arbeitsnachweis]");
  if (!form) { return; }
  var feld = form.querySelector("input[name=arbeitsnachweis]");
  var status = document.getElementById("antrag-pruefung-status");
  // the hint for browsers without JavaScript: here the status says what happens
  var hinweis = document.getElementById("antrag-pruefung-hinweis");
  if (hinweis) { hinweis.hidden = true; }
  var zustand = "laeuft"; // laeuft | fertig | fehler
  var wartet = false; // the citizen pressed the button while the work was running
  var gesendet = false;

  function text(name) { return form.getAttribute("data-text-" + name) || ""; }
  function sagen(name) { if (status) { status.textContent = text(name); } }

  function senden() {
    if (gesendet) { return; }
    gesendet = true;
    form.submit(); // no second submit event
  }

  function fertig(nutzlast) {
    feld.value = nutzlast;
    zustand = "fertig";
    sagen("fertig");
    if (wartet) { senden(); }
  }

  function fehlschlag() {
    zustand = "fehler";
    sagen("fehler");
    if (wartet) { senden(); }
  }

  form.addEventListener("submit", function (event) {
    if (gesendet) { event.preventDefault(); return; } // a double click sends once
    if (zustand === "laeuft") {
      event.preventDefault();
      wartet = true;
      sagen("gleich");
      return;
    }
    gesendet = true;
    // if the answer never comes (network gone), the button works again after a while
    window.setTimeout(function () { gesendet = false; }, 15000);
  });
  // back from the next page (bfcache): the form may be sent again
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { gesendet = false; }
  });

  var aufgabe;
  try {
    aufgabe = JSON.parse(form.getAttribute("data-arbeitsnachweis"));
  } catch (e) {
    fehlschlag();
    return;
  }
  if (!feld || !window.Worker || !window.crypto || !window.crypto.subtle) {
    fehlschlag();
    return;
  }
  var worker;
  try {
    worker = new Worker(form.getAttribute("data-arbeitsnachweis-worker"));
  } catch (e) {
    fehlschlag();
    return;
  }
  sagen("laeuft");
  worker.onmessage = function (nachricht) {
    worker.terminate();
    var loesung = nachricht.data;
    if (!loesung || typeof loesung.counter !== "number" || !loesung.derivedKey) {
      fehlschlag();
      return;
    }
    var nutzlast = {
      challenge: aufgabe,
      solution: { counter: loesung.counter, derivedKey: loesung.derivedKey, time: loesung.time }
    };
    fertig(window.btoa(JSON.stringify(nutzlast)));
  };
  worker.onerror = function () {
    worker.terminate();
    fehlschlag();
  };
  worker.postMessage({
    type: "work", challenge: aufgabe, counterStart: 0, counterStep: 1,
    counterMode: "uint32", timeout: 120000
  });
})();
