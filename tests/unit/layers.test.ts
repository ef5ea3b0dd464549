// The layer rules of docs/architecture.md, checked over every source file so they stay true:
// the shared core imports neither app; the functions do not import the sites (but for the form
// components that render the no-JavaScript error page); the sites do not import the functions
// (but for the archive loader reading the public records through the store adapter); the
// functions' domain imports no adapter.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|mts|mjs|js|astro)$/.test(e.name))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

/** Every relative module a file imports (static, dynamic, re-exports), as repository paths. */
export function importsOf(file: string, text = readFileSync(join(root, file), 'utf8')): string[] {
  const found: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;
  for (const m of text.matchAll(pattern)) {
    const spec = m[1]!;
    found.push(spec.startsWith('.') ? relative(root, resolve(root, dirname(file), spec)) : spec);
  }
  return found;
}

interface Rule {
  from: string;
  forbidden: string[];
  /** Allowed exceptions: importing file → imported path prefixes. */
  except?: Record<string, string[]>;
}

const rules: Rule[] = [
  { from: 'core', forbidden: ['sites/', 'functions/', 'scripts/', 'infra/', 'tests/', 'astro:', 'astro/', 'hono', '@aws-sdk/', 'react', 'preact'] },
  {
    from: 'functions',
    forbidden: ['sites/', 'scripts/', 'infra/', 'tests/', 'astro:'],
    except: { 'functions/web/form-page.tsx': ['sites/components/forms/'] },
  },
  // The domain knows the ports (functions/domain/ports.ts), never the adapters or the web layer.
  { from: 'functions/domain', forbidden: ['functions/adapters/', 'functions/web/', 'functions/handlers/', 'sites/', '@aws-sdk/', 'hono', 'resend', 'sharp'] },
  {
    from: 'sites',
    forbidden: ['functions/', 'scripts/', 'infra/', 'tests/'],
    except: { 'sites/content/archive-loader.ts': ['functions/adapters/', 'functions/config.ts'] },
  },
];

describe('layer rules', () => {
  for (const rule of rules) {
    it(`${rule.from}/ imports none of ${rule.forbidden.join(', ')}${rule.except ? ' (but the named exceptions)' : ''}`, () => {
      const broken: string[] = [];
      for (const file of sources(rule.from)) {
        for (const target of importsOf(file)) {
          if (!rule.forbidden.some((f) => target.startsWith(f))) continue;
          if (rule.except?.[file]?.some((ok) => target.startsWith(ok))) continue;
          broken.push(`${file} → ${target}`);
        }
      }
      expect(broken).toEqual([]);
    });
  }

  it('finds every kind of import (the check itself)', () => {
    const text = "import a from '../sites/x.ts';\nexport { b } from '../sites/y.ts';\nconst c = await import('../sites/z.ts');\nimport '../sites/w.css';";
    expect(importsOf('core/file.ts', text)).toEqual(['sites/x.ts', 'sites/y.ts', 'sites/z.ts', 'sites/w.css']);
  });
});
