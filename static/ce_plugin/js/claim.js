/* Claim page: save credits without reloading, and open a session's evaluation inside its row.
 * Without JavaScript the same page saves with a plain post and evaluates on its own step page. */
(function () {
    'use strict';
    var gettext = window.gettext || function (text) { return text; };
    var form = document.getElementById('ce-claim-form');
    var formError = document.querySelector('[data-form-error]');
    var status = document.querySelector('[data-status]');
    var table = document.querySelector('.ce-claim-table');
    if (!table) { return; }

    function rowOf(key) {
        return table.querySelector('tr[data-session="' + CSS.escape(key) + '"]');
    }

    function clearRowErrors() {
        table.querySelectorAll('tr.ce-row-error').forEach(function (row) { row.remove(); });
        table.querySelectorAll('tr.has-error').forEach(function (row) {
            row.classList.remove('has-error');
            var input = row.querySelector('[data-credits]');
            if (input) { input.removeAttribute('aria-invalid'); input.removeAttribute('aria-describedby'); }
        });
    }

    function showRowError(key, message, index) {
        var row = rowOf(key);
        if (!row) { return false; }
        row.classList.add('has-error');
        var errorRow = document.createElement('tr');
        errorRow.className = 'ce-row-error';
        var cell = document.createElement('td');
        cell.colSpan = 5;
        var text = document.createElement('p');
        text.className = 'ce-error';
        text.id = 'js-error-' + index;
        text.textContent = message;
        cell.appendChild(text);
        errorRow.appendChild(cell);
        row.after(errorRow);
        var input = row.querySelector('[data-credits]');
        if (input) { input.setAttribute('aria-invalid', 'true'); input.setAttribute('aria-describedby', text.id); }
        return true;
    }

    if (form) {
        form.addEventListener('submit', function (event) {
            event.preventDefault();
            clearRowErrors();
            formError.hidden = true;
            fetch(form.action || window.location.pathname, {
                method: 'POST', body: new FormData(form), credentials: 'same-origin',
                headers: {'Accept': 'application/json'}
            }).then(function (response) { return response.json(); }).then(function (data) {
                if (data.ok) {
                    document.querySelectorAll('[data-total]').forEach(function (node) { node.textContent = data.total; });
                    status.textContent = gettext('Your credits were saved.');
                    return;
                }
                status.textContent = '';
                var placed = 0;
                Object.keys(data.errors || {}).forEach(function (key, index) {
                    if (key !== '__all__' && showRowError(key, data.errors[key], index)) { placed += 1; }
                });
                formError.hidden = false;
                formError.textContent = data.errors && data.errors.__all__ ? data.errors.__all__ :
                    (placed ? gettext('Nothing was saved: correct the sessions marked below.') : data.message);
            }).catch(function () {
                formError.hidden = false;
                formError.textContent = gettext('Could not save. Check your connection and try again.');
            });
        });
    }

    function closeEvaluations() {
        table.querySelectorAll('tr.ce-evaluation-row').forEach(function (row) { row.remove(); });
    }

    table.addEventListener('click', function (event) {
        var link = event.target.closest('[data-evaluate]');
        if (!link) { return; }
        event.preventDefault();
        closeEvaluations();
        var row = link.closest('tr');
        var url = link.href + (link.href.indexOf('?') === -1 ? '?' : '&') + 'partial=1';
        fetch(url, {credentials: 'same-origin'}).then(function (response) { return response.text(); })
            .then(function (html) {
                var holder = document.createElement('tr');
                holder.className = 'ce-evaluation-row';
                var cell = document.createElement('td');
                cell.colSpan = 5;
                cell.innerHTML = html;
                holder.appendChild(cell);
                row.after(holder);
                var evaluation = cell.querySelector('[data-evaluation-form]');
                var first = evaluation.querySelector('input, textarea');
                if (first) { first.focus(); }
                cell.querySelector('[data-evaluation-cancel]').addEventListener('click', function (cancel) {
                    cancel.preventDefault();
                    holder.remove();
                    link.focus();
                });
                evaluation.addEventListener('submit', function (submitted) {
                    submitted.preventDefault();
                    evaluation.querySelectorAll('.ce-js-error').forEach(function (node) { node.remove(); });
                    fetch(evaluation.action, {
                        method: 'POST', body: new FormData(evaluation), credentials: 'same-origin',
                        headers: {'Accept': 'application/json'}
                    }).then(function (response) { return response.json(); }).then(function (data) {
                        if (data.ok) {
                            holder.remove();
                            link.parentNode.innerHTML = '<span class="ce-ok">' + gettext('Evaluated') + '</span>';
                            var input = row.querySelector('[data-credits]');
                            if (input) { input.disabled = false; input.focus(); }
                            status.textContent = gettext('Thank you: your evaluation of this session is saved.');
                            return;
                        }
                        Object.keys(data.errors || {}).forEach(function (key) {
                            var where = evaluation.querySelector('[data-question="' + CSS.escape(key) + '"]') || evaluation;
                            var message = document.createElement('p');
                            message.className = 'ce-error ce-js-error';
                            message.setAttribute('role', 'alert');
                            message.textContent = data.errors[key];
                            where.appendChild(message);
                        });
                    });
                });
            });
    });
}());
