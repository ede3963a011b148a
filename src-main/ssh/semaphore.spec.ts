import { describe, expect, it } from 'vitest';
import { Deadline } from './deadline';
import { Semaphore } from './semaphore';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Semaphore', () => {
  it('never runs more than its limit, even when newcomers arrive as slots free up', async () => {
    const semaphore = new Semaphore(3);
    let active = 0;
    let peak = 0;
    const task = async () => {
      active++;
      peak = Math.max(peak, active);
      await tick(5);
      active--;
    };
    const first = Array.from({ length: 10 }, () => semaphore.use(task));
    await tick(6);
    const later = Array.from({ length: 10 }, () => semaphore.use(task));
    await Promise.all([...first, ...later]);
    expect(peak).toBe(3);
  });
});

describe('Deadline', () => {
  it('expires, but not while paused', async () => {
    let expired = false;
    const deadline = new Deadline(60, () => (expired = true));
    await deadline.paused(() => tick(120));
    expect(expired).toBe(false);
    await tick(100);
    expect(expired).toBe(true);
  });

  it('can be cancelled', async () => {
    let expired = false;
    const deadline = new Deadline(20, () => (expired = true));
    deadline.cancel();
    await tick(40);
    expect(expired).toBe(false);
  });
});
