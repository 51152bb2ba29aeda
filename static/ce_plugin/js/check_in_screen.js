/* A session's check-in screen: fetch the next code when the shown one changes, and show it in place. */
(function () {
    'use strict';
    var screen = document.querySelector('[data-check-in-screen]');
    if (!screen) { return; }
    function schedule(seconds) {
        if (seconds) { window.setTimeout(refresh, seconds * 1000); }
    }
    function refresh() {
        fetch(window.location.href, {headers: {'Accept': 'application/json'}, credentials: 'same-origin'})
            .then(function (response) {
                if (!response.ok) { throw new Error(response.status); }
                return response.json();
            })
            .then(function (shown) {
                screen.innerHTML = shown.html;  // rendered and escaped by the server
                schedule(shown.refresh);
            })
            .catch(function () { schedule(10); });  // a dropped connection: try again shortly
    }
    schedule(Number(screen.dataset.refresh));
}());
