// Proof upload on the standard file page: drop zone, checks before sending, progress, clear
// refusals. Without this script the form still posts (multipart) to the page route.
(function () {
  'use strict';
  var form = document.getElementById('upload-form');
  if (!form || !window.XMLHttpRequest || !window.FormData) return;

  var input = form.querySelector('input[type="file"]');
  var zone = form.querySelector('[data-drop-zone]');
  var chosen = form.querySelector('[data-chosen]');
  var progressWrap = form.querySelector('[data-progress]');
  var progress = progressWrap && progressWrap.querySelector('progress');
  var status = form.querySelector('[data-status]');
  var errors = form.querySelector('[data-errors]');
  var submit = form.querySelector('[data-submit]');
  var apiPath = form.getAttribute('data-api');
  var maxBytes = Number(form.getAttribute('data-max-bytes')) || 0;
  var maxLabel = form.getAttribute('data-max-label') || '';
  var typeLabels = form.getAttribute('data-types') || '';
  var csrf = document.body.getAttribute('data-csrf-token') || '';
  var DONE_KEY = 'calea-upload-done';
  var accepted = (input.getAttribute('accept') || '').split(',').map(function (s) { return s.trim().toLowerCase(); }).filter(Boolean);
  var extensions = accepted.filter(function (s) { return s.charAt(0) === '.'; });
  var busy = false;

  function formatBytes(bytes) {
    if (bytes < 1024) return bytes + ' B';
    var units = ['KiB', 'MiB', 'GiB'];
    var value = bytes / 1024;
    var unit = 0;
    while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit += 1; }
    return value.toFixed(value < 10 ? 1 : 0) + ' ' + units[unit];
  }

  function clearErrors() { errors.textContent = ''; }

  /** Shows a refusal: a sentence, and the reasons field by field when there are any. */
  function showErrors(message, list) {
    errors.textContent = '';
    var p = document.createElement('p');
    p.textContent = message;
    errors.appendChild(p);
    if (list && list.length) {
      var ul = document.createElement('ul');
      list.forEach(function (e) {
        var li = document.createElement('li');
        li.textContent = e.field ? e.field + ': ' + e.message : String(e.message || e);
        ul.appendChild(li);
      });
      errors.appendChild(ul);
    }
  }

  function setStatus(text) { status.textContent = text; }

  /** What the browser can tell before sending: empty, too large, not an accepted extension. */
  function precheck(file) {
    if (!file) return 'Choose a file to upload first.';
    if (file.size === 0) return file.name + ' is empty.';
    if (maxBytes && file.size > maxBytes) {
      return file.name + ' is ' + formatBytes(file.size) + '; a proof may be at most ' + maxLabel + '. Nothing was sent.';
    }
    var dot = file.name.lastIndexOf('.');
    var ext = dot > 0 ? file.name.slice(dot).toLowerCase() : '';
    if (extensions.length && ext && extensions.indexOf(ext) === -1) {
      return file.name + ' is not an accepted type. Accepted: ' + typeLabels + '.';
    }
    return null;
  }

  function describeChoice() {
    var file = input.files && input.files[0];
    chosen.textContent = file ? 'Chosen: ' + file.name + ' (' + formatBytes(file.size) + ')' : '';
    clearErrors();
    var problem = file ? precheck(file) : null;
    if (problem) showErrors(problem);
  }

  input.addEventListener('change', describeChoice);

  // The drop zone: a file dropped anywhere on it becomes the input's file.
  ['dragenter', 'dragover'].forEach(function (type) {
    zone.addEventListener(type, function (event) {
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
      zone.classList.add('dragging');
    });
  });
  ['dragleave', 'dragend'].forEach(function (type) {
    zone.addEventListener(type, function (event) {
      if (event.target === zone || !zone.contains(event.relatedTarget)) zone.classList.remove('dragging');
    });
  });
  zone.addEventListener('drop', function (event) {
    event.preventDefault();
    zone.classList.remove('dragging');
    var files = event.dataTransfer && event.dataTransfer.files;
    if (!files || files.length === 0) return;
    if (files.length > 1) {
      showErrors('Drop one file at a time: each proof is filed on its own.');
      return;
    }
    try {
      input.files = files;
    } catch (e) {
      showErrors('This browser cannot take a dropped file here; use the "Choose" button instead.');
      return;
    }
    describeChoice();
  });

  /** The form fields in the order of the form, the file last (the API reads the fields first). */
  function formData(file) {
    var data = new FormData();
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el === input || el.type === 'submit' || el.type === 'button') return;
      if ((el.type === 'checkbox' || el.type === 'radio') && !el.checked) return;
      data.append(el.name, el.value);
    });
    data.append(input.name, file, file.name);
    return data;
  }

  function problemOf(xhr) {
    try {
      var body = JSON.parse(xhr.responseText);
      if (body && typeof body === 'object') return body;
    } catch (e) { /* not JSON */ }
    return null;
  }

  function finish() {
    busy = false;
    submit.disabled = false;
    form.removeAttribute('aria-busy');
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (busy) return;
    clearErrors();
    var file = input.files && input.files[0];
    var problem = precheck(file);
    if (problem) {
      showErrors(problem);
      input.focus();
      return;
    }
    busy = true;
    submit.disabled = true;
    form.setAttribute('aria-busy', 'true');
    progressWrap.hidden = false;
    progress.value = 0;
    setStatus('Uploading ' + file.name + ': 0%');
    var lastAnnounced = 0;

    var xhr = new XMLHttpRequest();
    xhr.open('POST', apiPath);
    xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    xhr.upload.addEventListener('progress', function (e) {
      if (!e.lengthComputable) return;
      var percent = Math.floor((e.loaded / e.total) * 100);
      progress.value = percent;
      // Screen readers hear every 25%, not every byte.
      if (percent - lastAnnounced >= 25 || percent === 100) {
        lastAnnounced = percent;
        setStatus(percent === 100 ? 'Checking ' + file.name + '…' : 'Uploading ' + file.name + ': ' + percent + '%');
      }
    });
    xhr.addEventListener('load', function () {
      var body = problemOf(xhr);
      if (xhr.status === 201 && body) {
        progress.value = 100;
        setStatus(file.name + ' is filed. Reloading…');
        try {
          window.sessionStorage.setItem(DONE_KEY, body.proof.fileName + ' is filed in cycle year ' + body.cycleYear + (body.filedIn && body.filedIn.cycle === 'previous' ? ' of the previous cycle (' + body.filedIn.cycleStartsOn + ' to ' + body.filedIn.cycleEndsOn + '), where its date falls' : '') + (body.periodKey ? ', period ' + body.periodKey : '') + '; it awaits review.');
        } catch (e) { /* private mode: the reload shows the proof anyway */ }
        window.location.hash = 'proof-' + body.id;
        window.location.reload();
        return;
      }
      finish();
      progressWrap.hidden = true;
      setStatus('');
      if (xhr.status === 401) {
        showErrors('Your session has ended: sign in again, then upload the file again. Nothing was stored.');
      } else if (body && body.detail) {
        showErrors(body.detail + (xhr.status === 413 || xhr.status === 415 ? '' : ' (status ' + xhr.status + ')'), body.errors);
      } else {
        showErrors('The upload was refused (status ' + xhr.status + '). Nothing was stored.');
      }
    });
    xhr.addEventListener('error', function () {
      finish();
      progressWrap.hidden = true;
      setStatus('');
      showErrors('The upload did not reach the server (the connection failed). Nothing was stored; try again.');
    });
    xhr.addEventListener('abort', function () {
      finish();
      progressWrap.hidden = true;
      setStatus('The upload was cancelled.');
    });
    xhr.send(formData(file));
  });

  // After the reload that follows a successful upload, say so.
  try {
    var done = window.sessionStorage.getItem(DONE_KEY);
    if (done) {
      window.sessionStorage.removeItem(DONE_KEY);
      setStatus(done);
    }
  } catch (e) { /* no storage: nothing to say */ }
})();
