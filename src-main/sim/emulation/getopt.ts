/**
 * Enough of GNU getopt for the emulated commands: clustered flags (`-nxv`), attached or separate
 * arguments (`-d1`, `-d 1`), `--long` and `--long=value`, `--` and permutation (options after
 * operands, as glibc allows). Errors come back with glibc's wording.
 */
export interface GetoptSpec {
  /** getopt optstring, e.g. `bd:i:nxvfrz`. */
  short: string;
  /** long name → short letter it stands for. */
  long?: Record<string, string>;
}

export interface GetoptResult {
  opts: Array<{ opt: string; arg?: string }>;
  operands: string[];
  /** glibc's message for the first bad option, e.g. `invalid option -- 'p'`. */
  error?: string;
}

export function getopt(args: readonly string[], spec: GetoptSpec): GetoptResult {
  const res: GetoptResult = { opts: [], operands: [] };
  const takesArg = (c: string): boolean | null => {
    const i = spec.short.indexOf(c);
    if (i < 0 || c === ':') return null;
    return spec.short[i + 1] === ':';
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      res.operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      const c = spec.long?.[name];
      if (c === undefined) return { ...res, error: `unrecognized option '${a}'` };
      if (takesArg(c)) {
        const v = eq >= 0 ? a.slice(eq + 1) : args[++i];
        if (v === undefined) return { ...res, error: `option '--${name}' requires an argument` };
        res.opts.push({ opt: c, arg: v });
      } else res.opts.push({ opt: c });
      continue;
    }
    if (a.length < 2 || a[0] !== '-') {
      res.operands.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      const t = takesArg(c);
      if (t === null) return { ...res, error: `invalid option -- '${c}'` };
      if (!t) {
        res.opts.push({ opt: c });
        continue;
      }
      const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
      if (v === undefined) return { ...res, error: `option requires an argument -- '${c}'` };
      res.opts.push({ opt: c, arg: v });
      break;
    }
  }
  return res;
}
