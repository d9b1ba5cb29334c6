// Progressive enhancement only: every page works without this file. No inline script: the CSP forbids it.
document.addEventListener("DOMContentLoaded", function () {
  // Header badge: unread alerts count.
  var badge = document.getElementById("alert-badge");
  if (badge) {
    fetch(badge.dataset.countUrl, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) { if (d && d.unread) { badge.textContent = d.unread; } })
      .catch(function () {});
  }
  // Filters and the language switch apply as soon as they change.
  document.querySelectorAll("select.autosubmit, input.autosubmit").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
  });
  // Messages can be dismissed (they stay at the top of the screen while scrolling).
  document.querySelectorAll(".messages .message").forEach(function (msg) {
    var close = document.createElement("button");
    close.type = "button";
    close.className = "dismiss";
    close.setAttribute("aria-label", document.documentElement.lang === "en" ? "Close" : "Fermer");
    close.textContent = "×";
    close.addEventListener("click", function () { msg.remove(); });
    msg.appendChild(close);
  });
});
