// Reports page: rendering a PDF takes a few seconds, so a generate button says so and cannot be
// pressed twice. The form works without this script.
(function () {
  'use strict';
  var status = document.getElementById('reports-status');

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form || !form.hasAttribute || !form.hasAttribute('data-generating') || event.defaultPrevented) return;
    if (form.getAttribute('aria-busy') === 'true') {
      event.preventDefault();
      return;
    }
    form.setAttribute('aria-busy', 'true');
    var button = form.querySelector('button[type="submit"]');
    // Disabled after the form data is taken, so the submission is not changed.
    window.setTimeout(function () {
      if (button) {
        button.setAttribute('data-label', button.textContent);
        button.textContent = 'Generating…';
        button.disabled = true;
      }
      if (status) status.textContent = 'Generating the report. This takes a few seconds.';
    }, 0);
  });

  // Coming back with the browser's Back button shows the page as it was left: make it usable again.
  window.addEventListener('pageshow', function (event) {
    if (!event.persisted) return;
    var forms = document.querySelectorAll('form[data-generating][aria-busy="true"]');
    for (var i = 0; i < forms.length; i++) {
      var button = forms[i].querySelector('button[type="submit"]');
      forms[i].removeAttribute('aria-busy');
      if (button) {
        button.disabled = false;
        if (button.getAttribute('data-label')) button.textContent = button.getAttribute('data-label');
      }
    }
    if (status) status.textContent = '';
  });
})();
