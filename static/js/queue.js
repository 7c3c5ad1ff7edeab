// Keyboard review for the queue and the claim page. No framework; htmx does the requests.
// Everything here is a shortcut for a link or button that also works without JavaScript.
(function () {
  "use strict";

  var selectedId = null;

  function rows() { return Array.prototype.slice.call(document.querySelectorAll("tr.claim-row")); }
  function selectedRow() { return selectedId ? document.getElementById("claim-row-" + selectedId) : null; }
  function typing(target) {
    if (!target) return false;
    var tag = target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
  }

  function select(row) {
    rows().forEach(function (r) { r.classList.remove("selected"); r.removeAttribute("aria-selected"); });
    if (!row) { selectedId = null; return; }
    selectedId = row.dataset.claim;
    row.classList.add("selected");
    row.setAttribute("aria-selected", "true");
    row.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    var all = rows();
    if (!all.length) return;
    var index = all.indexOf(selectedRow());
    var next = index < 0 ? (step > 0 ? 0 : all.length - 1) : Math.min(all.length - 1, Math.max(0, index + step));
    select(all[next]);
  }

  function verdictButton(status) {
    var panel = document.getElementById("verdict-form");
    if (panel) return panel.querySelector('.buttons [data-verdict="' + status + '"]');
    var row = selectedRow();
    return row ? row.querySelector('[data-verdict="' + status + '"]') : null;
  }

  function help(show) {
    var box = document.getElementById("keys-help");
    if (!box) return;
    box.hidden = !show;
    if (show) box.querySelector("[data-help-close]").focus();
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var helpBox = document.getElementById("keys-help");
    if (event.key === "Escape") {
      if (helpBox && !helpBox.hidden) { help(false); event.preventDefault(); return; }
      if (typing(event.target)) { event.target.blur(); return; }
    }
    if (typing(event.target)) return;
    var handled = true;
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "Enter":
      case "o": {
        var row = selectedRow();
        if (row && !(event.key === "Enter" && event.target.closest && event.target.closest("a, button"))) {
          window.location.href = row.dataset.url;
        } else { handled = false; }
        break;
      }
      case "v": case "d": case "u": {
        var button = verdictButton({ v: "verified", d: "disputed", u: "pending" }[event.key]);
        if (button) {
          // Rows swapped in moments ago are only wired up by htmx once they settle; a key
          // pressed before then would post the plain form and reload the page.
          if (window.htmx && button.form) window.htmx.process(button.form);
          button.click();
        } else handled = false;
        break;
      }
      case "x": {
        var tick = selectedRow() && selectedRow().querySelector('input[type="checkbox"]');
        if (tick) tick.checked = !tick.checked; else handled = false;
        break;
      }
      case "n": {
        var note = document.getElementById("id_note") || document.getElementById("quick-note");
        if (note) note.focus(); else handled = false;
        break;
      }
      case "/": {
        var search = document.getElementById("id_q");
        if (search) { search.focus(); search.select(); } else handled = false;
        break;
      }
      case "?": help(helpBox ? helpBox.hidden : false); break;
      default: handled = false;
    }
    if (handled) event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-help-open]")) help(true);
    else if (event.target.closest("[data-help-close]")) help(false);
    else if (event.target.id === "keys-help") help(false);
    else {
      var row = event.target.closest("tr.claim-row");
      if (row) select(row);
    }
  });

  // A swapped row or a new page of rows loses the selection class: put it back, as soon as
  // the new content is in the page ("htmx:load") and again once it has settled.
  function reselect() {
    var row = selectedRow();
    if (row && !row.classList.contains("selected")) {
      row.classList.add("selected");
      row.setAttribute("aria-selected", "true");
    }
  }
  document.addEventListener("htmx:load", reselect);
  document.addEventListener("htmx:afterSettle", reselect);

  // After a successful row verdict the shared note was used: clear it for the next claim.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!event.detail.successful || !form || !form.classList || !form.classList.contains("verdict-buttons")) return;
    if (event.detail.xhr.status !== 200) return;
    ["quick-note", "quick-evidence"].forEach(function (id) {
      var input = document.getElementById(id);
      if (input) input.value = "";
    });
  });
})();
