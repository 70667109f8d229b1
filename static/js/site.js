// Remember the browser's time zone so visitors see times in their own zone (members use their profile's).
(function () {
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && document.cookie.indexOf("diaspora_tz=") === -1) {
      document.cookie = "diaspora_tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; SameSite=Lax";
    }
  } catch (e) { /* older browsers: server falls back to UTC */ }
})();
