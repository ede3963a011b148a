/**
 * Line splitting shared by the parsers. Output copied through Windows tools or a PTY arrives with
 * CRLF; the `\r` is transport noise, not data, so it is dropped here once for every parser.
 */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.length > 0 && l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
  }
  return lines;
}

/**
 * libxenstat and libxl print these on stderr; over a PTY or `2>&1` they land among the rows.
 * They are chatter, not malformed data (docs/host-formats.md trap 17).
 */
const CHATTER = [
  /^Found interface \S+ but domain \d+ does not exist\.$/,
  /^Failed to initialize xenstat library/,
  /^libxl: (error|warning|debug|info|verbose|critical|fatal)/i,
  /^option `.' not supported\.$/,
  /^'xl [a-z0-9-]+' requires at least \d+ arguments?\.$/,
  /^libxl_domain_sched_params_get failed\.$/,
  /^xc: (error|warning|info|detail)/i,
  /^WARNING: /,
];

export function isChatter(line: string): boolean {
  for (const re of CHATTER) if (re.test(line)) return true;
  return false;
}

/** A note the parser kept aside because it is stderr chatter, with its 1-based line number. */
export interface ChatterLine {
  line: number;
  text: string;
}
