// What is wrong with the layout of the page on screen, as a list of sentences (test_browser.py): sideways scroll,
// an element outside the viewport, a table header cell outside the box that clips it or narrower than a character,
// a cell whose content is wider than the cell.
() => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  const sideways = document.documentElement.scrollWidth - width;
  if (sideways > 0) problems.push(`the page scrolls sideways by ${sideways}px`);
  const name = e => {
    const classes = typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\s+/).join('.') : '';
    return `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${classes} «${(e.innerText || '').trim().slice(0, 20)}»`;
  };
  const shown = e => { const r = e.getBoundingClientRect(); return r.width > 1 && r.height > 1; };  // not visually hidden
  // the box that clips `e`: the viewport, narrowed by every ancestor that does not let its content overflow
  const clip = e => {
    let left = 0, right = width;
    for (let a = e.parentElement; a; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') {
        const r = a.getBoundingClientRect();
        left = Math.max(left, r.left); right = Math.min(right, r.right);
      }
    }
    return [left, right];
  };
  for (const e of document.body.querySelectorAll('*')) {
    if (!shown(e)) continue;
    const r = e.getBoundingClientRect();
    if (r.left < -0.5 || r.right > width + 0.5) problems.push(`${name(e)} spans ${Math.round(r.left)}..${Math.round(r.right)}px`);
  }
  for (const [n, table] of [...document.querySelectorAll('table')].entries()) {
    const head = table.tHead;
    if (!head || !shown(head)) continue;  // the card layout: each row is a card, checked above
    for (const th of head.querySelectorAll('th')) {
      if (!shown(th)) continue;
      const r = th.getBoundingClientRect();
      const [left, right] = clip(th);
      if (r.left < left - 0.5 || r.right > right + 0.5) problems.push(`table ${n + 1}: header ${name(th)} is outside its clipping box`);
      if (th.clientWidth < parseFloat(getComputedStyle(th).fontSize)) problems.push(`table ${n + 1}: header ${name(th)} is narrower than a character`);
    }
  }
  for (const cell of document.querySelectorAll('td, th')) {
    const head = cell.closest('thead');
    if (shown(cell) && (!head || shown(head)) && cell.scrollWidth > cell.clientWidth + 1) problems.push(`${name(cell)} holds ${cell.scrollWidth - cell.clientWidth}px more than its width`);
  }
  return problems.slice(0, 20);
}
