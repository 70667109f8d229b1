// Remember the browser's time zone so visitors see times in their own zone (members use their profile's).
// Asked on the visitor's first tap or key press, not at load: the first Intl call loads the
// browser's locale data, a long task on a phone (Lighthouse counted ~300 ms of blocking time).
// A click on a link sets the cookie before the next page is requested, so that page has it.
(function () {
  if (document.cookie.indexOf("diaspora_tz=") !== -1) return;
  var events = ["pointerdown", "keydown"];
  function remember() {
    events.forEach(function (name) { document.removeEventListener(name, remember, true); });
    try {
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (zone) {
        document.cookie = "diaspora_tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; SameSite=Lax";
      }
    } catch (e) { /* older browsers: server falls back to UTC */ }
  }
  events.forEach(function (name) { document.addEventListener(name, remember, { capture: true, passive: true }); });
})();
