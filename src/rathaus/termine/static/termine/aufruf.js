// The call display refreshes itself: every 5 seconds it reads the calls (JSON) and, when
// there is a new one, rewrites the table and the live region (screen readers announce it).
// Without script the page reloads itself (meta refresh in <noscript>).
(function () {
  "use strict";
  var inhalt = document.querySelector("[data-quelle]");
  if (!inhalt || !window.fetch) { return; }
  var quelle = inhalt.getAttribute("data-quelle");
  var ansage = document.getElementById("ansage");
  var koerper = document.querySelector("#aufrufe tbody");
  var zuletzt = inhalt.getAttribute("data-zuletzt") || "";

  function zeile(aufruf, neu) {
    var tr = document.createElement("tr");
    if (neu) { tr.className = "aufruf__neu"; }
    [aufruf.nummer, aufruf.schalter, aufruf.zeit].forEach(function (text, i) {
      var td = document.createElement("td");
      if (i === 0) { td.className = "aufruf__nummer"; }
      td.textContent = text;
      tr.appendChild(td);
    });
    return tr;
  }

  function holen() {
    fetch(quelle, { credentials: "omit", headers: { "Accept": "application/json" } })
      .then(function (antwort) { return antwort.ok ? antwort.json() : null; })
      .then(function (daten) {
        if (!daten || !daten.aufrufe.length) { return; }
        var neu = daten.aufrufe[0];
        var schluessel = neu.nummer + "|" + neu.schalter + "|" + neu.zeit;
        if (schluessel === zuletzt) { return; }
        zuletzt = schluessel;
        koerper.textContent = "";
        daten.aufrufe.forEach(function (a, i) { koerper.appendChild(zeile(a, i === 0)); });
        ansage.textContent = neu.ansage;
      })
      .catch(function () { /* the next round tries again */ });
  }
  window.setInterval(holen, 5000);
}());
