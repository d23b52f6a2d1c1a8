/** The CLI as a library: `main` runs the same entry the `supernode` binary runs. */
export { type Io, main, program } from './main.js';
