/**
 * The mock has one knob per event fault (duplicate, reorder, drop), each set to one filter at a
 * time (`null`: off). The all-event faults hold their knob by default (its `base`); a progress
 * window sets it to some chunks only and gives it back when it closes (`later` runs that, unless
 * chaos stopped first), unless a newer window took it meanwhile.
 */
export function createEventKnobs(backend, { base, later }) {
  const current = { ...base };
  const apply = {
    duplicate: (options) => backend.faults.duplicateEvents(options !== null, options ?? undefined),
    reorder: (options) => backend.faults.reorderEvents(options !== null, options ?? undefined),
    drop: (options) => backend.faults.dropEvents(options !== null, options ?? undefined),
  };
  const set = (knob, options) => {
    current[knob] = options;
    apply[knob](options);
  };
  for (const knob of Object.keys(base)) set(knob, base[knob]);
  return {
    /** Sets the knob to `options` for `ms`, then back to its base. */
    window(knob, options, ms) {
      set(knob, options);
      later(ms, () => {
        if (current[knob] === options) set(knob, base[knob]);
      });
    },
    /** Puts back what the knob held, after a fault that borrowed it for one synchronous step. */
    reapply: (knob) => apply[knob](current[knob]),
  };
}
