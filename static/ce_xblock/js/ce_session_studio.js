/* CE Session editor in Studio: session fields, maximum credits and the evaluation builder.
 * Saves through the block's save_session handler; nothing is stored unless every field is valid. */
function CESessionStudio(runtime, element) {
    'use strict';
    var root = element.jquery ? element[0] : element;
    // The editor's data (author text) comes from a JSON script element, never from the runtime's init arguments.
    var init = JSON.parse(root.querySelector('script[type="application/json"]').textContent);
    var i18n = window.CESessionI18N || {};
    var gettext = i18n.gettext || window.gettext || function (text) { return text; };
    var form = root.querySelector('.ce-studio__form');
    var list = root.querySelector('.ce-questions');
    var types = init.question_types;

    function text(tag, className, value) {
        var node = document.createElement(tag);
        if (className) { node.className = className; }
        if (value !== undefined) { node.textContent = value; }
        return node;
    }

    function labelled(labelText, control, className) {
        // Every control of a question row has a visible label (Studio's editors label every field).
        var label = text('label', 'ce-q-field' + (className ? ' ' + className : ''));
        if (control.type === 'checkbox') {
            label.append(control, ' ' + labelText);
        } else {
            label.append(text('span', 'ce-q-label', labelText), control);
        }
        return label;
    }

    function questionRow(question) {
        var row = text('li', 'ce-question-editor');
        row.dataset.id = question.id || ('q' + Date.now().toString(36) + Math.floor(Math.random() * 1000));
        row.dataset.choices = JSON.stringify(question.choices || []);
        var type = document.createElement('select');
        type.className = 'ce-q-type';
        types.forEach(function (option) {
            var node = text('option', '', option.label);
            node.value = option.value;
            node.selected = option.value === (question.type || 'likert');
            type.appendChild(node);
        });
        var label = text('input', 'ce-q-text');
        label.type = 'text';
        label.value = question.text || '';
        var required = document.createElement('input');
        required.type = 'checkbox';
        required.className = 'ce-q-required';
        required.checked = question.required !== false;
        var choices = text('textarea', 'ce-q-choices');
        choices.rows = 3;
        choices.value = (question.choices || []).map(function (c) { return c.label; }).join('\n');
        var comment = document.createElement('input');
        comment.type = 'checkbox';
        comment.className = 'ce-q-comment';
        comment.checked = !!question.comment_on_no;
        var choicesLabel = labelled(gettext('Choices (one per line)'), choices, 'ce-q-choices-label');
        var commentLabel = labelled(gettext('Ask for a comment when the answer is "no"'), comment,
                                    'ce-q-comment-label');
        var controls = text('span', 'ce-q-controls');
        [['up', '↑', gettext('Move up')], ['down', '↓', gettext('Move down')], ['remove', '✕', gettext('Remove')]]
            .forEach(function (spec) {
                var button = text('button', 'ce-q-' + spec[0], spec[1]);
                button.type = 'button';
                button.title = spec[2];
                button.setAttribute('aria-label', spec[2]);
                controls.appendChild(button);
            });
        row.append(labelled(gettext('Question type'), type), labelled(gettext('Question text'), label, 'ce-q-wide'),
                   labelled(gettext('Required'), required), choicesLabel, commentLabel, controls,
                   text('p', 'ce-field-error'));
        function refresh() {
            // Choices only for single and multiple choice; the comment option only for yes/no questions.
            choicesLabel.hidden = ['single', 'multiple'].indexOf(type.value) === -1;
            commentLabel.hidden = type.value !== 'yesno';
        }
        type.addEventListener('change', refresh);
        refresh();
        return row;
    }

    function addQuestions(questions) {
        var present = Array.prototype.map.call(list.children, function (row) { return row.dataset.id; });
        questions.forEach(function (q) { if (present.indexOf(q.id) === -1) { list.appendChild(questionRow(q)); } });
    }

    list.addEventListener('click', function (event) {
        var row = event.target.closest('.ce-question-editor');
        if (!row) { return; }
        if (event.target.classList.contains('ce-q-remove')) { row.remove(); }
        if (event.target.classList.contains('ce-q-up') && row.previousElementSibling) {
            list.insertBefore(row, row.previousElementSibling);
        }
        if (event.target.classList.contains('ce-q-down') && row.nextElementSibling) {
            list.insertBefore(row.nextElementSibling, row);
        }
    });
    root.querySelector('.ce-add-question').addEventListener('click', function () { addQuestions([{}]); });
    root.querySelector('.ce-add-preset').addEventListener('click', function () { addQuestions(init.preset); });
    addQuestions(init.evaluation);

    function lines(name) {
        return form.elements[name].value.split('\n').map(function (s) { return s.trim(); }).filter(Boolean);
    }

    function choicesOf(row) {
        // A choice keeps its id while its label stays (answers and the evaluation results count by id);
        // a new label gets an id no other choice of the question has.
        var known = JSON.parse(row.dataset.choices || '[]');
        var used = known.map(function (choice) { return choice.id; });
        return row.querySelector('.ce-q-choices').value.split('\n')
            .map(function (s) { return s.trim(); }).filter(Boolean)
            .map(function (label) {
                var index = known.map(function (choice) { return choice.label; }).indexOf(label);
                if (index !== -1) { return {id: known.splice(index, 1)[0].id, label: label}; }
                var n = 1;
                while (used.indexOf('c' + n) !== -1) { n += 1; }
                used.push('c' + n);
                return {id: 'c' + n, label: label};
            });
    }

    function collect() {
        var maxCredits = {};
        form.querySelectorAll('input[name=max_credits]').forEach(function (input) {
            maxCredits[input.dataset.code] = input.value;
        });
        var questions = Array.prototype.map.call(list.children, function (row) {
            var kind = row.querySelector('.ce-q-type').value;
            var question = {id: row.dataset.id, type: kind, text: row.querySelector('.ce-q-text').value,
                            required: row.querySelector('.ce-q-required').checked};
            if (kind === 'single' || kind === 'multiple') {
                question.choices = choicesOf(row);
            }
            if (kind === 'yesno') { question.comment_on_no = row.querySelector('.ce-q-comment').checked; }
            return question;
        });
        return {
            session_title: form.elements.session_title.value, display_name: form.elements.display_name.value,
            track: form.elements.track.value, time_zone: form.elements.time_zone.value,
            starts_at_local: form.elements.starts_at_local.value, ends_at_local: form.elements.ends_at_local.value,
            speakers: lines('speakers'), learning_objectives: lines('learning_objectives'),
            max_credits: maxCredits, evaluation_required: form.elements.evaluation_required.checked,
            evaluation: questions
        };
    }

    function post(handler, payload) {
        return fetch(runtime.handlerUrl(root, handler), {
            method: 'POST', credentials: 'same-origin', body: JSON.stringify(payload),
            headers: {'Content-Type': 'application/json',
                      'X-CSRFToken': (document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/) || [])[1] || ''}
        }).then(function (response) { return response.json(); });
    }

    function showErrors(errors) {
        root.querySelectorAll('.ce-field-error').forEach(function (node) { node.textContent = ''; });
        var summary = root.querySelector('.ce-studio__errors');
        var keys = Object.keys(errors || {});
        summary.hidden = keys.length === 0;
        summary.textContent = keys.length ? gettext('Nothing was saved. Please correct the highlighted fields.') : '';
        keys.forEach(function (key) {
            var match = key.match(/^evaluation\.questions\[(\d+)\]$/);
            var target = match ? list.children[Number(match[1])].querySelector('.ce-field-error')
                : root.querySelector('[data-error-for="' + key + '"]');
            (target || summary).textContent += ' ' + errors[key];
        });
    }

    function refreshSuggestions() {
        post('suggest_credits', collect()).then(function (suggested) {
            form.querySelectorAll('input[name=max_credits]').forEach(function (input) {
                input.placeholder = suggested[input.dataset.code] || '';
            });
        });
    }
    ['starts_at_local', 'ends_at_local', 'time_zone'].forEach(function (name) {
        form.elements[name].addEventListener('change', refreshSuggestions);
    });

    root.querySelector('.ce-save').addEventListener('click', function (event) {
        event.preventDefault();
        if (runtime.notify) { runtime.notify('save', {state: 'start'}); }
        post('save_session', collect()).then(function (result) {
            if (result.ok) {
                showErrors({});
                if (runtime.notify) { runtime.notify('save', {state: 'end'}); }
            } else {
                showErrors(result.errors);
                if (runtime.notify) {
                    runtime.notify('error', {title: gettext('Not saved'), message: gettext('Some fields are not valid.')});
                }
            }
        });
    });
    root.querySelector('.ce-cancel').addEventListener('click', function (event) {
        event.preventDefault();
        if (runtime.notify) { runtime.notify('cancel', {}); }
    });
}
