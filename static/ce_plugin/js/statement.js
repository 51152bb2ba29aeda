/* Statement step: show only the profile fields of the statement type chosen. Without JS all are shown. */
(function () {
    'use strict';
    var form = document.querySelector('.ce-statement-form');
    if (!form) { return; }
    function update() {
        form.querySelectorAll('.ce-choice').forEach(function (choice) {
            var radio = choice.querySelector('input[type=radio]');
            choice.querySelectorAll('.ce-profile-fields').forEach(function (fields) {
                fields.hidden = !radio.checked;
            });
        });
    }
    form.addEventListener('change', update);
    update();
}());
