/* CE Session block: saves credits and submits the evaluation through the block's JSON handlers. */
function CESessionBlock(runtime, element) {
    'use strict';
    var root = element.jquery ? element[0] : element;
    var i18n = window.CESessionI18N || {};
    var gettext = i18n.gettext || window.gettext || function (text) { return text; };

    function post(handler, payload) {
        return fetch(runtime.handlerUrl(root, handler), {
            method: 'POST',
            credentials: 'same-origin',
            headers: {'Content-Type': 'application/json', 'X-CSRFToken': csrfToken()},
            body: JSON.stringify(payload)
        }).then(function (response) { return response.json(); });
    }

    function csrfToken() {
        var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
        return match ? decodeURIComponent(match[1]) : '';
    }

    function show(form, text, isError) {
        var message = form.querySelector('.ce-session__message');
        message.textContent = text;
        message.classList.toggle('is-error', !!isError);
    }

    var claimForm = root.querySelector('.ce-session__claim-form');
    if (claimForm) {
        claimForm.addEventListener('submit', function (event) {
            event.preventDefault();
            var input = claimForm.querySelector('input[name=credits]');
            // Sent as typed ("0,75" or "0.75"); the answer's message and figures are in the learner's language.
            post('claim_credits', {credits: input.value.trim() || '0'}).then(function (data) {
                if (data.ok) {
                    input.value = data.shown.credits;
                    show(claimForm, data.message);
                } else {
                    show(claimForm, data.message, true);
                }
            }).catch(function () { show(claimForm, gettext('Could not save. Please try again.'), true); });
        });
    }

    var evalForm = root.querySelector('.ce-session__evaluation-form');
    if (evalForm) {
        evalForm.addEventListener('submit', function (event) {
            event.preventDefault();
            var answers = {};
            evalForm.querySelectorAll('.ce-question').forEach(function (fieldset) {
                var id = fieldset.dataset.question, type = fieldset.dataset.type;
                fieldset.querySelector('.ce-question__error').textContent = '';
                if (type === 'multiple') {
                    answers[id] = Array.prototype.map.call(
                        fieldset.querySelectorAll('input:checked'), function (input) { return input.value; });
                } else if (type === 'text') {
                    answers[id] = fieldset.querySelector('textarea').value;
                } else {
                    var checked = fieldset.querySelector('input:checked');
                    answers[id] = checked ? checked.value : '';
                    var comment = fieldset.querySelector('textarea');
                    if (comment) { answers[id + '__comment'] = comment.value; }
                }
            });
            post('submit_evaluation', {answers: answers}).then(function (data) {
                if (data.ok) {
                    show(evalForm, gettext('Thank you: your evaluation has been submitted.'));
                    evalForm.querySelectorAll('input, textarea, button').forEach(function (el) { el.disabled = true; });
                    if (root.querySelector('[data-step="evaluation"]')) {
                        window.location.reload();  // the claim form opens now that the evaluation is in
                    }
                } else {
                    show(evalForm, data.message, true);
                    Object.keys(data.errors || {}).forEach(function (id) {
                        var fieldset = evalForm.querySelector('[data-question="' + id + '"] .ce-question__error');
                        if (fieldset) { fieldset.textContent = data.errors[id]; }
                    });
                }
            }).catch(function () { show(evalForm, gettext('Could not submit. Please try again.'), true); });
        });
    }
}
