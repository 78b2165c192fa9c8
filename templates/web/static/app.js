// Progressive enhancement for the pages: every page works without it.
(function () {
  'use strict';
  var csrf = document.body.getAttribute('data-csrf-token');

  // htmx requests made with the session cookie carry the anti-forgery token too.
  document.addEventListener('htmx:config:request', function (event) {
    var ctx = event.detail && event.detail.ctx;
    if (csrf && ctx && ctx.request && ctx.request.headers) ctx.request.headers['X-CSRF-Token'] = csrf;
  });

  // Forms that ask for a confirmation (withdraw, revoke, disable) say so before they are sent;
  // with data-confirm-when="field=value", only when that field holds that value.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var question = form && form.getAttribute && form.getAttribute('data-confirm');
    if (!question) return;
    var when = form.getAttribute('data-confirm-when');
    if (when) {
      var parts = when.split('=');
      var field = form.elements.namedItem(parts[0]);
      if (!field || field.value !== parts[1]) return;
    }
    if (!window.confirm(question)) event.preventDefault();
  });

})();
