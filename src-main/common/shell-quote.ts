/**
 * POSIX single-quote escaping: how argv becomes one command line for a remote shell (SSH exec
 * takes a string, which the login shell parses). Inside single quotes nothing is special, so each
 * word is wrapped in '…' and every ' becomes '\'' . The result is never pasted together from
 * unvalidated pieces anywhere else.
 */
export function quoteWord(word: string): string {
  if (word.includes('\0'))
    throw new RangeError('a NUL byte cannot be passed in a command argument');
  // Plain words stay readable in the "exact command" the operator sees before it runs. `=` is not
  // plain (a bare first word `a=b` is an assignment), nor `~` (tilde expansion).
  if (/^[A-Za-z0-9_./,:@%+-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

export function joinArgv(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error('an empty command cannot be run');
  return argv.map(quoteWord).join(' ');
}
