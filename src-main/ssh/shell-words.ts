/**
 * The inverse of joinArgv (common/shell-quote.ts) for the simulated SSH host: it runs no shell,
 * so an exec line is split into literal words and anything a shell would interpret is refused.
 */
export type ShellWords = { ok: true; argv: string[] } | { ok: false; error: string };

/** Characters a word may hold unquoted: quoteWord's plain set, plus `=` for `--flag=value`. */
const PLAIN = /[A-Za-z0-9_./,:@%+=-]/;

/**
 * Splits a command line into words as sh would for a simple command made of literal words:
 * '…' (literal), "…" (\ escapes only $ ` " \ and newline), and \x outside quotes. Anything sh
 * would treat specially unquoted (; | & $ ` < > ( ) * ? [ ~ # newline, …) or an expansion inside
 * double quotes is refused rather than guessed at.
 */
export function parseShellWords(line: string): ShellWords {
  const argv: string[] = [];
  let word: string | null = null;
  const refuse = (what: string, at: number): ShellWords => ({
    ok: false,
    error: `${what} at offset ${at}: only plain or quoted words are accepted (this server runs no shell)`,
  });
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') {
      if (word !== null) argv.push(word);
      word = null;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return refuse('unterminated single quote', i);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let text = '';
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        const d = line[j]!;
        if (d === '$' || d === '`')
          return refuse(`expansion ${JSON.stringify(d)} in double quotes`, j);
        if (d === '\\' && j + 1 < line.length && '$`"\\\n'.includes(line[j + 1]!)) {
          j++;
          if (line[j] !== '\n') text += line[j];
        } else text += d;
      }
      if (j >= line.length) return refuse('unterminated double quote', i);
      word = (word ?? '') + text;
      i = j;
    } else if (c === '\\') {
      if (i + 1 >= line.length) return refuse('trailing backslash', i);
      // Backslash-newline is a line continuation; any other escaped character is itself.
      if (line[i + 1] !== '\n') word = (word ?? '') + line[i + 1];
      i++;
    } else if (PLAIN.test(c)) {
      // `NAME=value` as the first word would be a variable assignment, not a command.
      if (c === '=' && argv.length === 0 && word !== null && /^[A-Za-z_]\w*$/.test(word))
        return refuse('a variable assignment', i);
      word = (word ?? '') + c;
    } else {
      return refuse(`unquoted ${JSON.stringify(c)}`, i);
    }
  }
  if (word !== null) argv.push(word);
  return { ok: true, argv };
}
