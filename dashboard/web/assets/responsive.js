/* Narrow screens (phones): the charts drop their legend column (and the map its colour bar) so
 * the plot gets the full width; series stay identifiable by hover and by the sentence under
 * each chart. Only what the phone shows changes: exported images and downloads keep the
 * server's layout. Runs once per figure the server sends.
 */
(function () {
  var NARROW = 700;
  function fit(gd) {
    if (window.innerWidth >= NARROW || !gd.layout || !window.Plotly || !gd._fullLayout) return;
    var key = gd.data.length + ':' + ((gd.layout.title || {}).text || '');
    if (gd.dataset.phoneFit === key) return;
    gd.dataset.phoneFit = key;
    var margin = gd.layout.margin || {};
    var change = { showlegend: false, 'margin.r': 8, 'margin.l': Math.min(margin.l || 40, 44) };
    // every third year only: twelve year labels at 390 px run into each other and into the
    // sources line under them
    ['xaxis', 'xaxis2'].forEach(function (ax) {
      if (gd.layout[ax] && gd.layout[ax].dtick) change[ax + '.dtick'] = 3;
    });
    window.Plotly.relayout(gd, change);
    var bars = [];
    gd.data.forEach(function (t, i) { if (t.type === 'choropleth' && t.showscale !== false) bars.push(i); });
    if (bars.length) window.Plotly.restyle(gd, { showscale: false }, bars);
  }
  function scan() {
    document.querySelectorAll('.js-plotly-plot').forEach(function (gd) {
      if (!gd.dataset.phoneHook && gd.on) {
        gd.dataset.phoneHook = '1';
        gd.on('plotly_afterplot', function () { fit(gd); });
      }
      fit(gd);
    });
  }
  new MutationObserver(function () { window.requestAnimationFrame(scan); })
    .observe(document.documentElement, { childList: true, subtree: true });
})();
