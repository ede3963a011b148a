/**
 * Text from a host made safe for a terminal or a log file: control characters (ESC and the rest of
 * C0 and C1, DEL; not the tab) are shown as `\xNN`, so an escape sequence a hostile or broken host
 * prints cannot drive the operator's terminal, and newlines cannot forge log lines. At most `max`
 * characters are kept, with a note of how many were cut.
 */
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;

export function printable(text: string, max = 2000): string {
  const cut = text.length > max ? text.slice(0, max) : text;
  const safe = cut.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return cut.length < text.length ? `${safe}… (${text.length - max} more characters)` : safe;
}
