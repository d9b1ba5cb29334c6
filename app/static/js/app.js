// Header badge: unread alerts count. No inline script: the CSP forbids it.
document.addEventListener("DOMContentLoaded", function () {
  var badge = document.getElementById("alert-badge");
  if (badge) {
    fetch(badge.dataset.countUrl, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) { if (d && d.unread) { badge.textContent = d.unread; } })
      .catch(function () {});
  }
  document.querySelectorAll("select.autosubmit").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
  });
});
