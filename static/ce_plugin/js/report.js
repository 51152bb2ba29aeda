/* Report and statement job pages: poll the job's progress until it is done. */
(function () {
    'use strict';
    var box = document.querySelector('.ce-report');
    if (!box || box.dataset.status === 'done' || box.dataset.status === 'failed') { return; }
    function poll() {
        fetch(box.dataset.statusUrl, {headers: {'Accept': 'application/json'}, credentials: 'same-origin'})
            .then(function (response) { return response.json(); })
            .then(function (job) {
                box.querySelector('progress').value = job.percent;
                box.querySelector('[data-progress]').textContent = job.done + ' / ' + job.total;
                box.querySelector('[data-state]').textContent = job.status_label;
                if (job.status === 'done' && box.hasAttribute('data-reload-when-done')) {
                    window.location.reload();  // the finished page lists what could not be done
                } else if (job.status === 'done') {
                    box.querySelector('[data-download]').hidden = false;
                } else if (job.status !== 'failed') {
                    window.setTimeout(poll, 1000);
                }
            });
    }
    window.setTimeout(poll, 500);
}());
