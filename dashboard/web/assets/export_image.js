/* The chart's camera button (PNG/SVG) draws what a file needs, not what the screen shows:
 * - the events layer is left out (its markers only speak on hover) unless "Events in
 *   images" is ticked under "Chart downloads"; the value axes get the strip's room back;
 * - the filter in words goes under the title, and a last line gives the view's URL (where
 *   the full list of sources is) and the data licence, both sent by the server in
 *   layout.meta.export ({words, licence, sources_word});
 * - the legend always shows (responsive.js hides it on phones).
 * plotly.js calls Registry.call('downloadImage', gd, opts) from the button: registering our
 * own apiMethod of that name wraps it; the page's figure itself is never changed.
 */
(function () {
  var EVENT_META = { 'events': 1, 'event-key': 1 };

  function eventsAsked() {
    var box = document.querySelector('#image-events input[type=checkbox]');
    return !!(box && box.checked);
  }

  function exportFigure(gd) {
    var layout = JSON.parse(JSON.stringify(gd.layout || {}));
    var data = (gd.data || []).map(function (t) { return JSON.parse(JSON.stringify(t)); });
    var info = (layout.meta && layout.meta.export) || {};
    if (!eventsAsked()) {
      data = data.filter(function (t) { return !EVENT_META[t.meta]; });
      layout.annotations = (layout.annotations || []).filter(function (a) {
        return a.name !== 'event-label';
      });
      if (layout.yaxis9) {
        var top = 0;
        Object.keys(layout).forEach(function (k) {
          if (/^yaxis\d*$/.test(k) && k !== 'yaxis9' && layout[k].domain) {
            top = Math.max(top, layout[k].domain[1]);
          }
        });
        if (top > 0) {
          Object.keys(layout).forEach(function (k) {
            if (/^yaxis\d*$/.test(k) && k !== 'yaxis9' && layout[k].domain) {
              layout[k].domain = layout[k].domain.map(function (d) { return Math.min(1, d / top); });
            }
          });
        }
        delete layout.yaxis9;
      }
    }
    var height = layout.height || 450, grow = 0;
    if (info.words && layout.title && layout.title.text) {
      layout.title.text += "<br><span style='font-size:12px;color:#555'>" + info.words + '</span>';
      layout.margin = layout.margin || {};
      layout.margin.t = (layout.margin.t || 80) + 18;
      grow += 18;
    }
    var url = window.location.href.replace(/[<>&]/g, '');
    var last = [info.sources_word ? info.sources_word + ' ' + url : url, info.licence || '']
      .filter(Boolean).join('<br>');
    layout.margin = layout.margin || {};
    layout.margin.b = (layout.margin.b || 80) + 30;
    grow += 30;
    layout.annotations = (layout.annotations || []).concat([{
      text: last, xref: 'paper', yref: 'paper', x: 0, y: 0, yshift: -(layout.margin.b - 4),
      xanchor: 'left', yanchor: 'bottom', align: 'left', showarrow: false,
      font: { size: 9, color: '#555' }, name: 'export-note'
    }]);
    layout.height = height + grow;
    if (layout.title && layout.title.yref === 'container' && layout.title.y != null) {
      layout.title.y = 1 - (1 - layout.title.y) * height / layout.height;
    }
    layout.showlegend = true;
    var ctx = gd._context || {};
    return {
      data: data,
      layout: layout,
      config: { topojsonURL: ctx.topojsonURL, locale: ctx.locale }
    };
  }

  function hook() {
    var P = window.Plotly;
    if (!P || !P.register || !P.downloadImage) return false;
    if (P.__exportHooked) return true;
    var original = P.downloadImage;
    P.register({
      moduleType: 'apiMethod',
      name: 'downloadImage',
      fn: function (gd, opts) {
        var div = gd && gd.data ? gd : document.getElementById(gd);
        if (!div || !div.data || opts.format === 'full-json') return original(gd, opts);
        return original(exportFigure(div), opts);
      }
    });
    P.__exportHooked = true;
    window.__exportFigure = exportFigure; // the browser tests read what a download draws
    return true;
  }

  if (!hook()) {
    var timer = window.setInterval(function () { if (hook()) window.clearInterval(timer); }, 200);
  }
})();
