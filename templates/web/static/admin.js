// Administrator pages: copying the one-time invitation link. The page works without this script.
(function () {
  'use strict';
  var status = document.getElementById('copy-status');

  var fields = document.querySelectorAll('input[data-select-on-focus]');
  for (var i = 0; i < fields.length; i++) {
    fields[i].addEventListener('focus', function (event) { event.target.select(); });
  }

  var buttons = document.querySelectorAll('button[data-copy]');
  for (var j = 0; j < buttons.length; j++) {
    var button = buttons[j];
    if (!navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener('click', function (event) {
      var field = document.getElementById(event.currentTarget.getAttribute('data-copy'));
      if (!field) return;
      navigator.clipboard.writeText(field.value).then(
        function () { if (status) status.textContent = 'The link is copied.'; },
        function () { field.select(); if (status) status.textContent = 'Copying failed: the link is selected, copy it with your keyboard.'; }
      );
    });
  }
})();
