#!/usr/bin/env node
// The supernode command: runs the built CLI (npm ci builds it in `prepare`) from its one-file bundle with V8's code
// cache (bundle-loader.js). `--version` and a bare `--help` are answered from what the build wrote (dist/answers/,
// written after the bundle), without loading the command tree and the models; an answer older than the build it
// describes is not used.
import { existsSync, readFileSync, statSync } from 'node:fs';

// Output piped into a reader that stops early (`| head`) ends the run quietly, as other command-line tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

const argv = process.argv.slice(2);
const answer = argv.length === 1 ? { '--version': 'version.txt', '-V': 'version.txt', '--help': 'help.txt', '-h': 'help.txt' }[argv[0]] : undefined;
let text;
if (answer) {
  try {
    const file = new URL(`../dist/answers/${answer}`, import.meta.url);
    if (statSync(file).mtimeMs >= statSync(new URL('../dist/bundle/cli.cjs', import.meta.url)).mtimeMs) text = readFileSync(file, 'utf8');
  } catch {
    text = undefined;
  }
}
if (text !== undefined) process.stdout.write(text);
else {
  // A build without the bundle (tsc alone) still runs: from the compiled modules.
  const { BUNDLE, loadBundle } = await import('./bundle-loader.js');
  const { main } = existsSync(BUNDLE) ? loadBundle().exports : await import('../dist/main.js');
  process.exitCode = await main(argv);
}
