/** Forms generated from the scenario's JSON Schema: one control per field, the merged value shown, each field's problem beneath it. */

import { memo, useId } from 'react';
import type { Problem } from '../sim/protocol.js';
import { OptionSelect, useDraft } from '../ui/field-controls.js';
import { type FieldValue, typedValue } from './yaml-edit.js';

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  examples?: unknown[];
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  description?: string;
};

type Path = readonly (string | number)[];

export interface SchemaFormProps {
  readonly schema: Record<string, unknown>;
  readonly values: Record<string, unknown> | undefined;
  readonly problems: readonly Problem[];
  readonly onEdit: (path: Path, value: FieldValue | undefined) => void;
}

const key = (path: Path) => path.join('.');
const NONE: readonly string[] = [];

/** Sections, then fields in schema order; top-level scalars form the first section. */
/** Memoised: a field re-renders only when its own value or problems change. */
export const SchemaForm = memo(function SchemaForm({ schema, values, problems, onEdit }: SchemaFormProps) {
  const props = (schema as JsonSchema).properties ?? {};
  // `extends` is the preset picker's; the form edits the fields over it. `failures` (a list of objects) is edited in the YAML.
  const scalars = Object.entries(props).filter(([name, s]) => !s.properties && name !== 'extends' && name !== 'failures');
  const sections = Object.entries(props).filter(([, s]) => s.properties);
  const byPath = new Map<string, string[]>();
  for (const p of problems) byPath.set(key(p.path), [...(byPath.get(key(p.path)) ?? []), p.message]);
  const field = (name: string, s: JsonSchema, path: Path) => (
    <Field key={key(path)} name={name} schema={s} path={path} value={valueAt(values, path)} problems={byPath.get(key(path)) ?? NONE} onEdit={onEdit} />
  );
  return (
    <form className="schema-form" aria-label="scenario fields" onSubmit={(e) => e.preventDefault()}>
      <details open>
        <summary>design</summary>
        <div className="fields">{scalars.map(([name, s]) => field(name, s, [name]))}</div>
      </details>
      {sections.map(([section, s]) => (
        <details key={section} open={section === 'scaleUp' || section === 'scaleOut' || section === 'server'}>
          <summary>
            {section}
            {problems.some((p) => p.path[0] === section) ? <span className="badge-error"> problem</span> : null}
          </summary>
          <p className="hint">{s.description}</p>
          <div className="fields">{Object.entries(s.properties ?? {}).map(([name, fs]) => field(name, fs, [section, name]))}</div>
        </details>
      ))}
    </form>
  );
});

function valueAt(values: Record<string, unknown> | undefined, path: Path): unknown {
  let v: unknown = values;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[p] : undefined;
  return v;
}

function choicesOf(s: JsonSchema): string[] | undefined {
  const list = s.enum ?? s.items?.enum ?? s.examples;
  return list?.map(String);
}

function kindOf(s: JsonSchema): 'boolean' | 'choice' | 'list' | 'text' {
  if (s.type === 'boolean') return 'boolean';
  if (s.type === 'array') return 'list';
  if (choicesOf(s)) return 'choice';
  return 'text';
}

function show(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

interface FieldProps {
  readonly name: string;
  readonly schema: JsonSchema;
  readonly path: Path;
  readonly value: unknown;
  readonly problems: readonly string[];
  readonly onEdit: SchemaFormProps['onEdit'];
}

const Field = memo(function Field({ name, schema, path, value, problems, onEdit }: FieldProps) {
  const id = useId();
  const kind = kindOf(schema);
  const { draft, setDraft, focusProps } = useDraft(show(value));
  const errorId = `${id}-error`;
  const common = {
    id,
    name: key(path),
    'data-path': key(path),
    'aria-invalid': problems.length > 0,
    'aria-describedby': problems.length > 0 ? errorId : undefined,
    title: schema.description,
  };
  let control: React.ReactNode;
  if (kind === 'boolean' || kind === 'choice') {
    const options = kind === 'boolean' ? ['true', 'false'] : (choicesOf(schema) ?? []);
    control = (
      <OptionSelect
        attrs={common}
        shown={show(value)}
        options={options}
        emptyLabel="(default)"
        onPick={(t) => onEdit(path, t === undefined ? undefined : kind === 'boolean' ? t === 'true' : t)}
      />
    );
  } else {
    control = (
      <input
        {...common}
        type="text"
        inputMode={schema.type === 'integer' || schema.type === 'number' ? 'decimal' : 'text'}
        autoComplete="off"
        spellCheck={false}
        value={draft}
        placeholder="(default)"
        {...focusProps}
        onChange={(e) => {
          const t = e.target.value;
          setDraft(t);
          if (t.trim() === '') onEdit(path, undefined);
          else if (kind === 'list')
            onEdit(
              path,
              t
                .split(',')
                .map((x) => x.trim())
                .filter(Boolean),
            );
          else onEdit(path, schema.type === 'string' ? t : typedValue(t));
        }}
      />
    );
  }
  return (
    <div className={`field${problems.length > 0 ? ' invalid' : ''}`}>
      <label htmlFor={id}>{name}</label>
      {control}
      {problems.length > 0 ? (
        <p className="field-error" id={errorId} role="alert">
          {problems.join('\n')}
        </p>
      ) : null}
    </div>
  );
});
