#!/usr/bin/env node
// The supernode command: runs the built CLI (npm ci builds it in `prepare`).
import { main } from '../dist/main.js';

process.exitCode = await main(process.argv.slice(2));
