import type { Worker } from 'node:worker_threads';
import type { WhatIf } from '../common/advice';
import { startThread } from '../session/thread-start';
import { runWhatIf, type WhatIfInput } from './what-if';

/**
 * runWhatIf on a worker thread: the engine runs a few hundred ms to a second or two, which would
 * stall every window and the host pollers if it ran on the main thread. Where no thread can start,
 * it runs here (slower for everyone else), and `onFallback` is told why.
 */
const THREAD = { entry: 'advisor-what-if-worker', source: 'what-if-worker.ts' };

export interface WhatIfThreadOptions {
  onFallback?(why: string): void;
  /** Starts the thread (tests); null: there is none. */
  start?(data: WhatIfInput): Worker | null;
}

type Reply = { result: WhatIf } | { error: string };

export async function whatIfOnThread(
  input: WhatIfInput,
  opts: WhatIfThreadOptions = {},
): Promise<WhatIf | string> {
  let worker: Worker | null = null;
  let why = 'no worker file was found';
  try {
    worker = (opts.start ?? ((d) => startThread(import.meta.url, THREAD, d)))(input);
  } catch (e) {
    why = e instanceof Error ? e.message : String(e);
  }
  const here = () => {
    opts.onFallback?.(why);
    return runWhatIf(input);
  };
  if (!worker) return here();
  const w = worker;
  const reply = await new Promise<Reply | null>((resolve) => {
    w.once('message', (m: Reply) => resolve(m));
    w.once('error', (e) => ((why = e.message), resolve(null)));
    w.once('exit', (code) => ((why = `it exited (${code})`), resolve(null)));
  });
  void w.terminate();
  if (!reply) return here();
  return 'error' in reply ? reply.error : reply.result;
}
