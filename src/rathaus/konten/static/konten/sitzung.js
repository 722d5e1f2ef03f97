/* Rathaus – warning before a citizen's session ends (WCAG 2.2.1 Timing Adjustable).
 * The server renders the dialog with the seconds left (data-restzeit), the seconds to the
 * absolute end no activity moves (data-absolut) and how early to warn (data-warnung).
 * This script opens it in time as a modal <dialog>, counts down, and extends the session
 * with a POST (the CSRF token comes from the dialog's own form). Escape or "Schließen"
 * closes it. Without JavaScript nothing opens: a form step sent after the end is kept by
 * the server and put back after the next login. */
(function () {
  "use strict";
  var dialog = document.getElementById("sitzung-warnung");
  if (!dialog || typeof dialog.showModal !== "function" || !window.fetch) { return; }
  var form = dialog.querySelector("form");
  var restEl = dialog.querySelector("[data-sitzung-rest]");
  var knopf = dialog.querySelector("[data-sitzung-verlaengern]");
  var schliessen = dialog.querySelector("[data-sitzung-schliessen]");
  var fehler = dialog.querySelector("[data-sitzung-fehler]");
  var meldung = document.getElementById("sitzung-meldung");
  var ende = 0;          // Date.now() when the session ends if nothing happens
  var absolutEnde = 0;   // Date.now() of the absolute end
  var warnung = 0;       // seconds before the end to warn
  var zustand = "laeuft";
  var timer = null;
  var takt = null;
  var vorher = null;

  function sekundenBis(zeitpunkt) {
    return Math.max(0, Math.ceil((zeitpunkt - Date.now()) / 1000));
  }

  function zeigen(name) {
    zustand = name;
    dialog.querySelectorAll("[data-sitzung-zustand]").forEach(function (el) {
      el.hidden = el.getAttribute("data-sitzung-zustand").split(" ").indexOf(name) < 0;
    });
    fehler.hidden = true;
    // A hidden button loses the focus: keep it inside the dialog.
    if (dialog.open && !dialog.contains(document.activeElement)) { schliessen.focus(); }
  }

  function anzeigen() {
    var s = sekundenBis(ende);
    restEl.textContent = Math.floor(s / 60) + ":" + (s % 60 < 10 ? "0" : "") + (s % 60);
    if (s === 0 && zustand !== "abgelaufen") {
      zeigen("abgelaufen");
      window.clearInterval(takt);
    }
  }

  function verlaengerbar() {
    // Extending helps only while the absolute end is later than the next warning.
    return sekundenBis(absolutEnde) > warnung;
  }

  function planen(restzeit, absolut, warnAb) {
    var jetzt = Date.now();
    ende = jetzt + restzeit * 1000;
    absolutEnde = jetzt + absolut * 1000;
    warnung = warnAb;
    window.clearTimeout(timer);
    timer = window.setTimeout(oeffnen, Math.max(0, (restzeit - warnAb) * 1000));
  }

  function oeffnen() {
    if (dialog.open) { return; }
    vorher = document.activeElement;
    zeigen(verlaengerbar() ? "laeuft" : "grenze");
    anzeigen();
    dialog.showModal();
    (knopf.hidden ? schliessen : knopf).focus();
    window.clearInterval(takt);
    takt = window.setInterval(anzeigen, 1000);
  }

  function melden(text) {
    meldung.textContent = "";
    window.setTimeout(function () { meldung.textContent = text; }, 50);
  }

  function fehlschlag() {
    knopf.disabled = false;
    fehler.hidden = false;
  }

  dialog.addEventListener("close", function () {
    window.clearInterval(takt);
    if (vorher && typeof vorher.focus === "function" && document.contains(vorher)) {
      vorher.focus();
    }
  });

  schliessen.addEventListener("click", function () { dialog.close(); });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var token = form.querySelector("[name=csrfmiddlewaretoken]");
    knopf.disabled = true;
    fehler.hidden = true;
    window.fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "", "Accept": "application/json" }
    }).then(function (antwort) {
      if (antwort.status === 403) { return { abgelaufen: true }; }
      if (!antwort.ok) { throw new Error(String(antwort.status)); }
      return antwort.json();
    }).then(function (daten) {
      knopf.disabled = false;
      if (daten.abgelaufen) {
        ende = Date.now();
        anzeigen();
        return;
      }
      planen(Number(daten.restzeit), Number(daten.absolut), Number(daten.warnung));
      if (!verlaengerbar() && Number(daten.restzeit) <= warnung) {
        zeigen("grenze");
        anzeigen();
        return;
      }
      dialog.close();
      melden(meldung.getAttribute("data-verlaengert"));
    }).catch(fehlschlag);
  });

  planen(Number(dialog.getAttribute("data-restzeit")), Number(dialog.getAttribute("data-absolut")),
    Number(dialog.getAttribute("data-warnung")));
})();
