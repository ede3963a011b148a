import { parentPort, workerData } from 'node:worker_threads';
import { runWhatIf, type WhatIfInput } from './what-if';

/** The what-if thread (what-if-thread.ts): one run of both scenarios over every seed. */
const result = runWhatIf(workerData as WhatIfInput);
parentPort!.postMessage(typeof result === 'string' ? { error: result } : { result });
