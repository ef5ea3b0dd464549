// Node's on-disk compile cache (V8's code cache) for every module a build loads after this one:
// Astro, Vite, Rolldown and the rest are compiled once per machine, not once per site build. About
// 0.5 s of a 4-second site build's start-up; build-all starts four. The cache lives under
// node_modules/.cache/ (gitignored, rebuilt after `npm ci`), and Node checks each file against its
// entry, so a changed file is simply compiled again. Does nothing on a Node without the API.
import module from 'node:module';
import { fileURLToPath } from 'node:url';

module.enableCompileCache?.(fileURLToPath(new URL('../../node_modules/.cache/node-compile-cache/', import.meta.url)));
