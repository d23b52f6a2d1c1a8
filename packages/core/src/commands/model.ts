/** The `model` argument of train, serve, capacity and resilience: a preset of the models registry or a Hugging Face config.json. */

import { ArgValueError, text } from '../args/index.js';
import type { ReadText } from '../base/context.js';
import { ArgumentError } from '../base/errors.js';
import { excerpt } from '../base/excerpt.js';
import { ModelConfigError } from '../models/define.js';
import { modelFromHfConfig } from '../models/hf-config.js';
import { models } from '../models/registry.js';
import type { TransformerModel } from '../models/types.js';
import { didYouMean } from '../registry/did-you-mean.js';

/** A preset id as given, or a path (anything with a dot or a slash); an unknown plain name is refused with the nearest preset. */
function readModelRef(ref: string): string {
  const name = ref.trim();
  if (models.has(name) || /[./\\]/.test(name)) return name;
  const near = didYouMean(name, models.ids);
  throw new ArgValueError(
    `unknown model ${excerpt(name)}${near ? ` (did you mean '${near}'?)` : ''}: expected a preset (${models.ids.join(', ')}) or a config.json`,
  );
}

export const modelArg = () =>
  text('model preset (see the models registry) or a Hugging Face config.json', {
    valueName: 'preset|config.json',
    examples: ['llama3-70b', './config.json'],
    choices: models.ids,
    parse: readModelRef,
  }).needed();

/** The model a `model` argument names: a preset, or a config.json read through the front end. */
export function resolveModel(ref: string, readText: ReadText | undefined): TransformerModel {
  if (models.has(ref)) return models.get(ref);
  if (!readText) throw new ArgumentError('model', `'${ref}': files cannot be read here; choose a preset (${models.ids.join(', ')})`);
  let json: unknown;
  const body = readText(ref, 'model config');
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new ArgumentError('model', `'${ref}' is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return modelFromHfConfig(json, ref.replace(/^.*[\\/]/, '').replace(/\.json$/, ''));
  } catch (error) {
    if (error instanceof ModelConfigError) throw new ArgumentError('model', `${ref}: ${error.message}`);
    throw error;
  }
}
