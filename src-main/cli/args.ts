/** Small flag reader for the CLI: `--name value`, `--name=value`, bare `--flag`, positionals. */
export interface ParsedArgs {
  flags: Map<string, string | true>;
  positionals: string[];
}

export function parseArgs(args: readonly string[]): ParsedArgs {
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      if (eq > 0) flags.set(arg.slice(2, eq), arg.slice(eq + 1));
      else {
        const next = args[i + 1];
        if (next !== undefined && !next.startsWith('--')) {
          flags.set(arg.slice(2), next);
          i++;
        } else flags.set(arg.slice(2), true);
      }
    } else positionals.push(arg);
  }
  return { flags, positionals };
}

/** A non-negative integer flag, or an error sentence. */
export function intFlag(
  flags: ParsedArgs['flags'],
  name: string,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number | string {
  const raw = flags.get(name);
  if (raw === undefined) return fallback;
  if (raw === true || !/^\d+$/.test(raw) || Number(raw) > max) {
    return `--${name} needs a whole number from 0 to ${max}, not "${raw === true ? '' : raw}".`;
  }
  return Number(raw);
}
