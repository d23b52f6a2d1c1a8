/** A self-contained HTML report: the scenario, what the design is, the last run's figures and charts (inline SVG), and the link back. */

import { runPlots } from '../run/charts.js';
import { describeFigures, type Figure, runFigures } from '../see/figures.js';
import type { Evaluation, RunResult } from '../sim/protocol.js';
import type { UiState } from '../state.js';
import { loadPlot } from '../ui/plot-view.js';
import { escapeMarkup } from './markup.js';

function table(figures: readonly Figure[]): string {
  const rows = figures.map((f) => `<tr><th>${escapeMarkup(f.group)}</th><td>${escapeMarkup(f.label)}</td><td>${escapeMarkup(f.text)}</td></tr>`).join('');
  return `<table><tbody>${rows}</tbody></table>`;
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#0f172a}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border-bottom:1px solid #e2e8f0;padding:.25rem .75rem;text-align:left}
th{color:#475569;font-weight:500}pre{background:#f1f5f9;padding:.75rem;overflow:auto}.warning{color:#b45309}svg{max-width:100%;height:auto}`;

/** The report runs no script and loads nothing: its styles and charts are inline, and its one link is a navigation. */
export const REPORT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export interface ReportInput {
  readonly state: UiState;
  readonly evaluation: Evaluation | undefined;
  readonly run: RunResult | undefined;
  readonly url: string;
}

export async function reportHtml({ state, evaluation, run, url }: ReportInput): Promise<string> {
  const d = evaluation?.describe;
  const parts: string[] = [];
  parts.push(`<h1>${escapeMarkup(d?.name ?? 'supernode design')}</h1>`);
  if (d) parts.push(`<p>${escapeMarkup(d.description)}</p>`, ...d.warnings.map((w) => `<p class="warning">${escapeMarkup(w)}</p>`));
  parts.push(`<p><a href="${escapeMarkup(url)}">Open this design in supernode</a></p>`);
  parts.push(`<h2>Scenario (${escapeMarkup(state.file)})</h2><pre>${escapeMarkup(state.scenario)}</pre>`);
  if (d) parts.push('<h2>The design</h2>', table(describeFigures(d)));
  if (run) {
    const Plot = await loadPlot();
    parts.push(`<h2>Run: ${escapeMarkup(run.kind)}</h2>`, table(runFigures(run)));
    for (const chart of runPlots(Plot, run, 880)) parts.push(chart.outerHTML);
    if (run.kind === 'collective') {
      const rows = run.rows
        .map(
          (r) =>
            `<tr><td>${r.bytes}</td><td>${r.timeUs.toFixed(2)}</td><td>${r.algbwGBps.toFixed(2)}</td><td>${r.busbwGBps.toFixed(2)}</td><td>${escapeMarkup(`${r.algorithm}/${r.protocol}`)}</td></tr>`,
        )
        .join('');
      parts.push(
        `<table><thead><tr><th>bytes</th><th>time (us)</th><th>algbw (GB/s)</th><th>busbw (GB/s)</th><th>algorithm</th></tr></thead><tbody>${rows}</tbody></table>`,
      );
    }
    parts.push(`<h3>Settings</h3><pre>${escapeMarkup(JSON.stringify(state.run.args[run.kind], null, 2))}</pre>`);
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${REPORT_POLICY}"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeMarkup(d?.name ?? 'supernode')} report</title><style>${STYLE}</style></head><body>${parts.join('\n')}</body></html>\n`;
}
