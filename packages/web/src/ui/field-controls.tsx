/** Pieces both generated forms (the scenario's and the run's) build their fields from: a text draft that follows its value while unfocused, and a select of fixed options with an empty default. */

import { useEffect, useState } from 'react';

/** A field's text as typed: it follows `shown` (the value's text) except while the field has focus. */
export function useDraft(shown: string): { draft: string; setDraft: (text: string) => void; focusProps: { onFocus: () => void; onBlur: () => void } } {
  const [draft, setDraft] = useState(shown);
  const [focused, setFocused] = useState(false);
  useEffect(() => {
    if (!focused) setDraft(shown);
  }, [shown, focused]);
  return { draft, setDraft, focusProps: { onFocus: () => setFocused(true), onBlur: () => setFocused(false) } };
}

export interface OptionSelectProps {
  /** The control's own attributes (id, name, aria). */
  readonly attrs: Record<string, unknown>;
  /** The value's text, '' for none. */
  readonly shown: string;
  readonly options: readonly string[];
  /** The empty option's label: what leaving the field unset means. */
  readonly emptyLabel: string;
  /** The option picked, undefined for the empty one. */
  readonly onPick: (text: string | undefined) => void;
}

/** A select of `options` and an empty first option; a value outside the options stays shown as one of its own. */
export function OptionSelect({ attrs, shown, options, emptyLabel, onPick }: OptionSelectProps) {
  return (
    <select {...attrs} value={shown} onChange={(e) => onPick(e.target.value === '' ? undefined : e.target.value)}>
      <option value="">{emptyLabel}</option>
      {options.map((o) => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
      {shown !== '' && !options.includes(shown) ? <option value={shown}>{shown}</option> : null}
    </select>
  );
}
