/* The dev host's XBlock JS runtime: initialises every block wrapper the Python runtime wrote
 * (data-init, data-usage, json/xblock-args), handing each init function a runtime with handlerUrl(). */
(function () {
    'use strict';
    var runtime = {
        handlerUrl: function (element, handler, suffix, query) {
            var usageId = element.closest('[data-usage]').dataset.usage;
            var url = '/xblock/' + encodeURIComponent(usageId) + '/handler/' + handler + '/';
            if (suffix) { url += suffix; }
            if (query) { url += '?' + query; }
            return url;
        }
    };
    document.querySelectorAll('[data-runtime-version][data-init]').forEach(function (element) {
        var init = window[element.dataset.init];
        if (typeof init !== 'function') { return; }
        var argsNode = element.querySelector(':scope > script.xblock_json_init_args');
        init(runtime, element, argsNode ? JSON.parse(argsNode.textContent) : {});
    });
}());
