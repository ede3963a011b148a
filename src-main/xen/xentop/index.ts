import { issue } from '../text/parse-issue';
import { frameState, type XentopFrame } from './detailed';
import { parseFrameText } from './frame';

/**
 * `xentop -b` in every form (docs/host-formats.md §1): one iteration of text → typed
 * records. Rows are keyed by name only (xentop has no domid column). A bad row is reported and
 * skipped; the good rows stay. Never throws.
 */
export type { ParseIssue } from '../text/parse-issue';
export type {
  XentopColumns,
  XentopDomain,
  XentopDomainState,
  XentopNetRow,
  XentopVbdRow,
  XentopVcpuTime,
} from './row';
export type { XentopFrame, XentopPcpu } from './detailed';
export { XentopFrameSplitter, splitXentopIterations } from './splitter';
export { xentopHeaderColumns, isXentopHeader } from './classify';

export function parseXentopFrame(text: string): XentopFrame {
  return parse(text, true);
}

/**
 * The same parse with every fast path off: each line is classified and parsed by the diagnosing
 * parsers. Slower; it exists so tests can hold the fast path to exactly this result.
 */
export function parseXentopFrameDetailed(text: string): XentopFrame {
  return parse(text, false);
}

function parse(text: string, fast: boolean): XentopFrame {
  const frame: XentopFrame = { domains: [], errors: [], columns: 19 };
  try {
    parseFrameText(typeof text === 'string' ? text : '', frameState(frame), fast);
  } catch (e) {
    // A bug here must not take the poller down: it becomes one more typed error.
    frame.errors.push(issue(0, 0, 'parser to finish', String(e), 'internal error'));
  }
  return frame;
}
