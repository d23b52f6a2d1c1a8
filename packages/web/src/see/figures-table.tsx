/** Figures in a table: one column per design, the best of each differing row marked and differences highlighted. */

import type { Figure } from './figures.js';

export interface FigureColumn {
  readonly label: string;
  readonly figures: readonly Figure[];
}

/** Per row: whether the designs differ, and which column is best when a direction is known. */
export function rowVerdicts(columns: readonly FigureColumn[]): Map<string, { differs: boolean; best?: number }> {
  const labels = [...new Set(columns.flatMap((c) => c.figures.map((f) => `${f.group}|${f.label}`)))];
  const verdicts = new Map<string, { differs: boolean; best?: number }>();
  for (const key of labels) {
    const cells = columns.map((c) => c.figures.find((f) => `${f.group}|${f.label}` === key));
    const texts = new Set(cells.map((f) => f?.text ?? '-'));
    const better = cells.find((f) => f?.better)?.better;
    let best: number | undefined;
    if (texts.size > 1 && better) {
      let bestValue: number | undefined;
      cells.forEach((f, i) => {
        if (f?.value === undefined) return;
        if (bestValue === undefined || (better === 'higher' ? f.value > bestValue : f.value < bestValue)) {
          bestValue = f.value;
          best = i;
        }
      });
    }
    verdicts.set(key, { differs: texts.size > 1, ...(best === undefined ? {} : { best }) });
  }
  return verdicts;
}

export function FiguresTable({ columns, caption }: { columns: readonly FigureColumn[]; caption?: string }) {
  const verdicts = rowVerdicts(columns);
  const multi = columns.length > 1;
  return (
    <div className="table-wrap">
      <table className="figures">
        {caption ? <caption>{caption}</caption> : null}
        <thead>
          <tr>
            <th scope="col">figure</th>
            {columns.map((c) => (
              <th key={c.label} scope="col">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[...verdicts.entries()].map(([key, v]) => {
            const [group, label] = key.split('|');
            return (
              <tr key={key} data-figure={label} className={multi && v.differs ? 'differs' : undefined}>
                <th scope="row">
                  <span className="hint">{group}</span> {label}
                </th>
                {columns.map((c, i) => (
                  <td key={c.label} className={multi && v.best === i ? 'best' : undefined}>
                    {c.figures.find((f) => `${f.group}|${f.label}` === key)?.text ?? '-'}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
