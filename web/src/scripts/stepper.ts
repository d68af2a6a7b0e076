// Moves the current stage of a `live` <Stepper> in the browser: marks, words, aria-current and
// the "第 n 步，共 m 步" line, counting only the stages that are shown.

/**
 * Makes the stage `key` current (earlier ones done, later ones to do); stages listed in `hide`
 * are left out, and the numbers close up around them.
 */
export function setStepperCurrent(
  root: HTMLElement,
  key: string,
  hide: readonly string[] = [],
): void {
  const steps = [...root.querySelectorAll<HTMLElement>('[data-step]')];
  for (const step of steps) step.hidden = hide.includes(step.dataset.step ?? '');
  const shown = steps.filter((step) => !step.hidden);
  const index = shown.findIndex((step) => step.dataset.step === key);
  shown.forEach((step, i) => {
    const state = index < 0 ? 'todo' : i < index ? 'done' : i === index ? 'current' : 'todo';
    for (const s of ['done', 'current', 'todo', 'plain']) {
      step.classList.toggle(`fq-stepper__step--${s}`, s === state);
    }
    if (state === 'current') step.setAttribute('aria-current', 'step');
    else step.removeAttribute('aria-current');
    const marker = step.querySelector('.fq-stepper__marker');
    if (marker) marker.textContent = state === 'done' ? '✓' : String(i + 1);
    const done = step.querySelector<HTMLElement>('[data-stepper-done]');
    if (done) done.hidden = state !== 'done';
    const tag = step.querySelector<HTMLElement>('[data-stepper-tag]');
    if (tag) tag.hidden = state !== 'current';
  });
  const position = root.querySelector('[data-stepper-position]');
  const name = root.querySelector('[data-stepper-name]');
  const current = shown[index];
  if (position) {
    position.textContent = current
      ? (root.dataset.countTemplate ?? '{n}/{total}')
          .replace('{n}', String(index + 1))
          .replace('{total}', String(shown.length))
      : '';
  }
  if (name) name.textContent = current?.querySelector('[data-stepper-label]')?.textContent ?? '';
}
