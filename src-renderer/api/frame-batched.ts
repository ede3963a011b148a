import type { ApiEventEnvelope, ApiTransport } from '@common/api';

/** Longest an event waits when no frame comes: a hidden window is given none. */
const HIDDEN_WAIT_MS = 250;

function nextFrame(run: () => void): void {
  let ran = false;
  const once = () => {
    if (ran) return;
    ran = true;
    run();
  };
  requestAnimationFrame(once);
  setTimeout(once, HIDDEN_WAIT_MS);
}

/**
 * The transport's pushed events handed on at the next animation frame, all that came since the
 * last, in order, in one task. Every host publishes each second (a frame and its probe rounds, 120
 * messages from 20 hosts), each message its own task: delivered one by one, each ran the stores'
 * updates and a reactive flush of its own, the followed host's table re-rendered for every probe
 * round of its VMs, and the frame that collected them ran long. Batched, the stores change many
 * times and the screen is brought up to date once.
 *
 * Events keep their order. Answers to calls are not delayed, so one may now come before an event
 * sent earlier; that event then brings its store to where the answer already put it (the stores
 * keep the newest sample by time, and a switch or a status is replaced by its later version).
 */
export function frameBatched(
  transport: ApiTransport,
  schedule: (run: () => void) => void = nextFrame,
): ApiTransport {
  const listeners = new Set<(event: ApiEventEnvelope) => void>();
  let queue: ApiEventEnvelope[] = [];
  const flush = () => {
    const batch = queue;
    queue = [];
    for (const event of batch) {
      for (const listener of listeners) {
        // One listener's failure must not cost the others the rest of the batch.
        try {
          listener(event);
        } catch (error) {
          console.error(error);
        }
      }
    }
  };
  transport.onEvent((event) => {
    if (queue.push(event) === 1) schedule(flush);
  });
  return {
    invoke: (method, payload) => transport.invoke(method, payload),
    onEvent(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
