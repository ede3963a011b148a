import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Test helper (used only by *.spec.ts): the sample set of Xen's CLI output — real captures and
 * documentation examples, collected beside the repository as `../shared/xen-formats/samples`
 * (resolved from the repository root), each file's `# source:` line naming where it was published
 * and whether it was edited. samples.spec.ts and samples-xentop.spec.ts run every sample through
 * its parser.
 */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const samplesDir = path.resolve(repoRoot, '../shared/xen-formats/samples');

/** Sample names (`24-xentop-…txt`) in the folder; its other files (an index) are left out. */
export function sampleNames(): string[] {
  return readdirSync(samplesDir)
    .filter((f) => /^\d\d-.*\.txt$/.test(f))
    .sort();
}

/** A sample's output: the `# source:` line 1 is the publisher's note, not program output. */
export function sample(prefix: string): string {
  const name = sampleNames().find((f) => f.startsWith(`${prefix}-`));
  if (!name) throw new Error(`no sample ${prefix}`);
  const text = readFileSync(path.join(samplesDir, name), 'utf8');
  return text.startsWith('# source:') ? text.slice(text.indexOf('\n') + 1) : text;
}

/** The line numbers of a parser's issues. */
export const lineNos = (errs: Array<{ line: number }>): number[] => errs.map((e) => e.line);

/** The lines of a sample between two 1-based line numbers (inclusive), as one text. */
export function part(text: string, from: number, to: number): string {
  return (
    text
      .split('\n')
      .slice(from - 1, to)
      .join('\n') + '\n'
  );
}
