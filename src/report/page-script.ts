/**
 * The script the page runs: render each compiled Vega spec into its container as SVG.
 * Plain ES2017 so any current browser runs it as is; a failing chart says so in place.
 */
export const CHARTS_JSON_ID = 'sora-charts';

export const PAGE_SCRIPT = `
(function () {
  var specs = JSON.parse(document.getElementById('${CHARTS_JSON_ID}').textContent);
  var containers = document.querySelectorAll('[data-chart]');
  for (var i = 0; i < containers.length; i++) {
    (function (el) {
      var spec = specs[el.getAttribute('data-chart')];
      if (!spec) {
        el.textContent = 'Chart missing from this report.';
        console.error('chart missing: ' + el.getAttribute('data-chart'));
        return;
      }
      // The interpreter evaluates expressions from their syntax trees: no eval, a strict CSP.
      new vega.View(vega.parse(spec, null, { ast: true }), {
        expr: vegaInterpreter.expressionInterpreter,
        renderer: 'svg',
        container: el,
        hover: true,
      })
        .runAsync()
        .then(function () { el.setAttribute('data-rendered', 'true'); })
        .catch(function (error) {
          el.textContent = 'This chart could not be drawn: ' + error.message;
          console.error(error);
        });
    })(containers[i]);
  }
})();
`;
