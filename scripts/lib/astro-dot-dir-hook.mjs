// Preloaded into each child build (node --import): its own .astro/ folders. See astro-dot-dir.mjs.
import { register } from './astro-dot-dir.mjs';

register();
