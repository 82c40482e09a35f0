/* Accessibility repairs for Dash 4's own controls, applied after every render.
 *
 * axe-core (run in the browser tests) reports three things Dash 4.4 renders that we cannot
 * set through component props:
 *  - RadioItems/Checklist render a role=listbox of role=option <label>s that wrap real radio
 *    or checkbox inputs (nested interactive controls, listbox without a name). The native
 *    inputs are already accessible, so the wrapper becomes a named radiogroup/group and the
 *    labels lose the option role.
 *  - DataTable's pager buttons and dcc.Upload's file input have no names: they get one.
 *  - dcc.Tabs are divs that neither Tab nor a screen reader can reach: they become a tablist
 *    of focusable tabs that Enter or Space selects.
 *  - A Dropdown takes keyboard focus on an aria-hidden input: screen readers announce nothing.
 *    That input gets the visible label's text as its name instead of being hidden.
 * Nothing here changes values or behaviour; it only fixes roles and names.
 */
(function () {
  function labelFor(el) {
    var control = el.closest('.control');
    var label = control && control.querySelector('label[for]');
    return label ? label.textContent.trim() : '';
  }
  function repair(root) {
    // Only RadioItems and Checklist: a Dropdown's menu is a real listbox and stays one.
    root.querySelectorAll('.dash-radioitems[role=listbox], .dash-checklist[role=listbox]').forEach(function (list) {
      var radios = list.querySelector('input[type=radio]');
      list.setAttribute('role', radios ? 'radiogroup' : 'group');
      var name = labelFor(list);
      if (name) list.setAttribute('aria-label', name);
    });
    root.querySelectorAll('.dash-radioitems label, .dash-checklist label').forEach(function (lab) {
      if (lab.getAttribute('role') === 'option') lab.removeAttribute('role');
      lab.removeAttribute('aria-selected');
    });
    root.querySelectorAll('input.dash-dropdown-focus-target[aria-hidden]').forEach(function (inp) {
      var button = inp.parentElement && inp.parentElement.querySelector('button.dash-dropdown');
      var value = button ? button.textContent.trim() : '';
      inp.removeAttribute('aria-hidden');
      inp.setAttribute('aria-label', (labelFor(inp) + (value ? ': ' + value : '')) || 'choose');
    });
    // dcc.Tabs renders plain divs: make them a keyboard-usable tablist (Enter/Space select).
    root.querySelectorAll('.tab-container').forEach(function (c) {
      c.setAttribute('role', 'tablist');
    });
    root.querySelectorAll('.tab-container > .tab').forEach(function (t) {
      t.setAttribute('role', 'tab');
      t.setAttribute('tabindex', '0');
      t.setAttribute('aria-selected', t.classList.contains('tab--selected') ? 'true' : 'false');
      if (!t.dataset.kb) {
        t.dataset.kb = '1';
        t.addEventListener('keydown', function (e) {
          if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); t.click(); }
        });
      }
    });
    // dcc.Upload's file input has no label of its own.
    root.querySelectorAll('input[type=file]:not([aria-label])').forEach(function (inp) {
      inp.setAttribute('aria-label', 'Upload a CSV file');
    });
    // DataTable's pager buttons are icons only.
    var pager = {'first-page': 'First page', 'previous-page': 'Previous page',
      'next-page': 'Next page', 'last-page': 'Last page'};
    Object.keys(pager).forEach(function (cls) {
      root.querySelectorAll('button.' + cls + ':not([aria-label])').forEach(function (b) {
        b.setAttribute('aria-label', pager[cls]);
      });
    });
  }
  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; repair(document); });
  }).observe(document.documentElement, {
    childList: true, subtree: true, attributes: true,
    attributeFilter: ['role', 'aria-selected', 'aria-hidden', 'class'],
  });
})();
