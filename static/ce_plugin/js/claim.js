/* Claim page: filter rows as you type, and save credits without reloading. Without JS the page
 * filters with its GET form and saves with a normal POST. */
(function () {
    'use strict';
    var gettext = window.gettext || function (text) { return text; };
    var interpolate = window.interpolate || function (fmt, obj) {
        return fmt.replace(/%\((\w+)\)s/g, function (match, key) { return String(obj[key]); });
    };  // same call shape as Django's interpolate(fmt, obj, named)
    var filters = document.querySelector('.ce-filters');
    var form = document.querySelector('.ce-claim-form');
    if (!form) { return; }

    function applyFilters() {
        var day = filters.querySelector('[name=day]').value;
        var track = filters.querySelector('[name=track]').value;
        var text = filters.querySelector('[name=q]').value.trim().toLowerCase();
        var shown = 0, total = 0;
        form.querySelectorAll('.ce-day').forEach(function (section) {
            var dayVisible = 0;
            section.querySelectorAll('tr[data-session]').forEach(function (row) {
                total += 1;
                var visible = (!day || section.dataset.day === day) &&
                    (!track || row.dataset.track === track) &&
                    (!text || row.dataset.search.indexOf(text) !== -1);
                row.hidden = !visible;
                if (visible) { shown += 1; dayVisible += 1; }
            });
            section.hidden = dayVisible === 0;
        });
        var counter = filters.querySelector('[data-shown]');
        if (counter) {
            counter.textContent = interpolate(gettext('%(shown)s of %(total)s sessions'), {shown: shown, total: total}, true);
        }
    }

    if (filters) {
        filters.addEventListener('input', applyFilters);
        filters.addEventListener('change', applyFilters);
        filters.addEventListener('submit', function (event) { event.preventDefault(); applyFilters(); });
    }

    form.addEventListener('submit', function (event) {
        event.preventDefault();
        var status = form.querySelector('[data-status]');
        var formError = document.querySelector('[data-form-error]');
        form.querySelectorAll('[data-row-error]').forEach(function (node) { node.textContent = ''; });
        form.querySelectorAll('tr.has-error').forEach(function (row) { row.classList.remove('has-error'); });
        fetch(window.location.pathname, {
            method: 'POST',
            body: new FormData(form),
            credentials: 'same-origin',
            headers: {'Accept': 'application/json'}
        }).then(function (response) { return response.json(); }).then(function (data) {
            if (data.ok) {
                formError.hidden = true;
                document.querySelectorAll('[data-total]').forEach(function (node) { node.textContent = data.total; });
                status.textContent = gettext('Your credits were saved.');
                return;
            }
            formError.hidden = false;
            formError.textContent = data.message;
            status.textContent = '';
            Object.keys(data.errors || {}).forEach(function (key) {
                var row = form.querySelector('tr[data-session="' + CSS.escape(key) + '"]');
                if (row) {
                    row.classList.add('has-error');
                    row.querySelector('[data-row-error]').textContent = data.errors[key];
                }
            });
        }).catch(function () {
            formError.hidden = false;
            formError.textContent = gettext('Could not save. Check your connection and try again.');
        });
    });
}());
