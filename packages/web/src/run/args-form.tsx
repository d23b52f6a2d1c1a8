/** A run's form, generated from its command's arguments: one control per argument, labelled with its CLI flag, its default shown, its problem beneath it. */

import type { ArgField } from '@supernode/core';
import { memo, useState } from 'react';
import type { FieldValue, FormValues, Problem } from '../sim/protocol.js';
import { OptionSelect, useDraft } from '../ui/field-controls.js';

export interface ArgsFormProps {
  readonly kind: string;
  readonly fields: readonly ArgField[];
  readonly values: FormValues;
  /** Problems of the last run or evaluation; one whose path starts with a field's name shows under it. */
  readonly problems: readonly Problem[];
  /** A new value for a field, or undefined to take the command's default. */
  readonly set: (name: string, value: FieldValue | undefined) => void;
}

/** How a field is edited: a list of choices, yes/no/default, lines (one item per line), or text. */
export type Control = 'select' | 'switch' | 'lines' | 'text';

export function controlOf(field: ArgField): Control {
  if (field.kind === 'flag') return 'switch';
  if (field.repeatable) return 'lines';
  if (field.kind === 'choice' || (field.kind === 'text' && field.choices)) return 'select';
  return 'text';
}

/** The fields the form shows first: the required ones and those set when it opens; the rest sit under "more settings". */
function splitFields(fields: readonly ArgField[], values: FormValues): [ArgField[], ArgField[]] {
  const main = fields.filter((f) => f.required || values[f.name] !== undefined);
  return [main, fields.filter((f) => !main.includes(f))];
}

export function ArgsForm({ kind, fields, values, problems, set }: ArgsFormProps) {
  // Split once, when the form opens, so a field does not move while it is being typed into.
  const [[main, more]] = useState(() => splitFields(fields, values));
  const problemOf = (name: string) => problems.filter((p) => p.path[0] === name).map((p) => p.message);
  const field = (f: ArgField) => <Field key={f.name} field={f} value={values[f.name]} problems={problemOf(f.name)} set={set} />;
  return (
    <form className="args-form" aria-label={`${kind} settings`} data-kind={kind} onSubmit={(e) => e.preventDefault()}>
      <div className="fields">{main.map(field)}</div>
      {more.length > 0 ? (
        <details>
          <summary>more settings ({more.length})</summary>
          <div className="fields">{more.map(field)}</div>
        </details>
      ) : null}
    </form>
  );
}

const show = (value: FieldValue | undefined): string => (value === undefined ? '' : Array.isArray(value) ? value.join('\n') : String(value));

interface FieldProps {
  readonly field: ArgField;
  readonly value: FieldValue | undefined;
  readonly problems: readonly string[];
  readonly set: ArgsFormProps['set'];
}

const Field = memo(function Field({ field, value, problems, set }: FieldProps) {
  const id = `run-${field.name}`;
  const control = controlOf(field);
  const { draft, setDraft, focusProps } = useDraft(show(value));
  const defaultLabel = field.required ? '(required)' : `(default${field.defaultText === undefined ? '' : `: ${field.defaultText}`})`;
  const common = {
    id,
    name: field.name,
    'data-flag': field.flag,
    'aria-invalid': problems.length > 0,
    'aria-describedby': problems.length > 0 ? `${id}-error` : undefined,
    title: field.description,
  };
  let input: React.ReactNode;
  if (control === 'select' || control === 'switch') {
    const options = control === 'switch' ? ['true', 'false'] : (field.choices ?? []).map(String);
    input = (
      <OptionSelect
        attrs={common}
        shown={show(value)}
        options={options}
        emptyLabel={defaultLabel}
        onPick={(t) => set(field.name, t === undefined ? undefined : control === 'switch' ? t === 'true' : t)}
      />
    );
  } else {
    const Tag = control === 'lines' ? 'textarea' : 'input';
    input = (
      <Tag
        {...common}
        {...(control === 'lines' ? { rows: 3 } : { type: 'text' })}
        autoComplete="off"
        spellCheck={false}
        value={draft}
        placeholder={control === 'lines' ? `one per line, e.g. ${field.examples?.[0] ?? ''}` : field.required ? (field.examples?.[0] ?? '') : defaultLabel}
        {...focusProps}
        onChange={(e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
          const t = e.target.value;
          setDraft(t);
          if (t.trim() === '') set(field.name, undefined);
          else if (control === 'lines')
            set(
              field.name,
              t
                .split('\n')
                .map((x) => x.trim())
                .filter(Boolean),
            );
          else set(field.name, t);
        }}
      />
    );
  }
  return (
    <div className={`field${problems.length > 0 ? ' invalid' : ''}`}>
      <label htmlFor={id} title={field.description}>
        {field.flag}
      </label>
      {input}
      {problems.length > 0 ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {problems.join('\n')}
        </p>
      ) : null}
    </div>
  );
});
