/** The simulator worker: core runs here, off the page's thread; one request at a time, replies tagged with its id. */

import { DEFAULT_COMPARISON, systemJsonSchema, systemPresets } from '@supernode/core';
import { runForms } from './forms.js';
import type { CompareEntry, Reply, Request } from './protocol.js';
import { catalogueNames, commonGpus, evaluate, problemOf, runOn, systemOf, withGpus } from './runs.js';
import { sweepPlan, sweepPoints } from './sweep.js';

const post = (reply: Reply) => (self as unknown as { postMessage(m: Reply): void }).postMessage(reply);

function handle(request: Request): void {
  switch (request.type) {
    case 'catalogue':
      post({
        type: 'catalogue',
        id: request.id,
        catalogue: {
          schema: systemJsonSchema(),
          ...catalogueNames(),
          forms: runForms(),
          comparison: DEFAULT_COMPARISON.filter((id) => systemPresets.has(id)),
        },
      });
      return;
    case 'evaluate':
      post({ type: 'evaluation', id: request.id, evaluation: evaluate(request.scenario, request.file, request.run) });
      return;
    case 'run': {
      const system = systemOf(request.scenario, request.file);
      const result = runOn(system, request.run, (done, total, label) => post({ type: 'progress', id: request.id, done, total, label }));
      post({ type: 'result', id: request.id, result });
      return;
    }
    case 'sweep-plan':
      post({ type: 'sweep-plan', id: request.id, plan: sweepPlan(request.spec, request.file) });
      return;
    case 'sweep-points': {
      const results = sweepPoints(request.spec, request.file, request.indices, (done, total) =>
        post({ type: 'progress', id: request.id, done, total, label: `point ${done + 1} of ${total}` }),
      );
      post({ type: 'sweep-results', id: request.id, results });
      return;
    }
    case 'compare': {
      const gpus = request.alike ? commonGpus(request.designs.map((d) => d.scenario)) : undefined;
      const designs = gpus === undefined ? request.designs : request.designs.map((d) => ({ ...d, scenario: withGpus(d.scenario, gpus) }));
      const entries: CompareEntry[] = designs.map(({ label, scenario }) => {
        try {
          const e = evaluate(scenario, `${label}.yaml`, request.run);
          if (e.problems.length > 0) return { label, problem: e.problems.map((p) => p.message).join('\n') };
          return {
            label,
            ...(e.describe ? { describe: e.describe } : {}),
            ...(e.run ? { run: e.run } : {}),
            ...(e.runProblem ? { problem: e.runProblem.message } : {}),
          };
        } catch (error) {
          return { label, problem: error instanceof Error ? error.message : String(error) };
        }
      });
      post({ type: 'compared', id: request.id, entries, ...(gpus === undefined ? {} : { gpus }) });
      return;
    }
  }
}

self.onmessage = (event: MessageEvent<Request>) => {
  const request = event.data;
  try {
    handle(request);
  } catch (error) {
    const file = 'file' in request ? request.file : 'scenario.yaml';
    const problem = problemOf(error, file)?.[0] ?? {
      path: [],
      message: `internal error: ${error instanceof Error ? error.message : String(error)} (please report it with the scenario)`,
    };
    post({ type: 'failed', id: request.id, problem });
  }
};
