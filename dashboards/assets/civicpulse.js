/* civicpulse dashboards: small browser helpers (served from /assets, allowed by the CSP). */
(function () {
  "use strict";

  // PNG download of a chart, drawn in the browser by plotly.js (no server, no CDN).
  // The button "<key>-png" saves the chart "<key>-graph".
  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    civicpulse: {
      downloadPng: function (nClicks) {
        var ctx = window.dash_clientside.callback_context;
        var buttonId = ctx && ctx.triggered_id;
        if (!nClicks || typeof buttonId !== "string") {
          return window.dash_clientside.no_update;
        }
        var key = buttonId.replace(/-png$/, "");
        var graph = document.getElementById(key + "-graph");
        var plot = graph && graph.querySelector(".js-plotly-plot");
        if (plot && window.Plotly) {
          window.Plotly.downloadImage(plot, {
            format: "png",
            filename: "civicpulse_" + key,
            width: plot.offsetWidth || 900,
            height: plot.offsetHeight || 450,
            scale: 2,
          });
        }
        return nClicks;
      },
    },
  });

  // When the session has ended, Dash's requests are answered 401: go to the login page
  // (and come back here afterwards) instead of leaving a half-updated page.
  var originalFetch = window.fetch;
  window.fetch = function () {
    return originalFetch.apply(this, arguments).then(function (response) {
      if (response.status === 401 && response.url.indexOf("/_dash-") !== -1) {
        var here = window.location.pathname + window.location.search;
        window.location.assign("/login?next=" + encodeURIComponent(here));
      }
      return response;
    });
  };
})();
