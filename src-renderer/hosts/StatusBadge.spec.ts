// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { status } from '../testing/fixtures';
import StatusBadge from './StatusBadge.vue';

const visible = (w: ReturnType<typeof mount>) => w.get('.text').text();

describe('StatusBadge', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
  });
  afterEach(() => vi.useRealTimers());

  it('says every state in plain words, as a status', () => {
    const words = {
      connecting: 'Connecting',
      verifying: 'Verify host key',
      ready: 'Live',
      failed: 'Failed',
      disconnected: 'Disconnected',
    } as const;
    for (const [state, text] of Object.entries(words)) {
      const w = mount(StatusBadge, {
        props: { status: status({ state: state as keyof typeof words }) },
      });
      expect(visible(w)).toBe(text);
      expect(w.get('[role="status"]').attributes('data-state')).toBe(state);
      // A shape as well as a colour.
      expect(w.find('svg').exists()).toBe(true);
      w.unmount();
    }
  });

  it('counts down to the next reconnect attempt each second', async () => {
    const w = mount(StatusBadge, {
      props: { status: status({ state: 'reconnecting', retryAt: 1_000_000 + 4_500 }) },
    });
    expect(visible(w)).toBe('Reconnecting in 5 s');
    await vi.advanceTimersByTimeAsync(1000);
    expect(visible(w)).toBe('Reconnecting in 4 s');
    await vi.advanceTimersByTimeAsync(3000);
    expect(visible(w)).toBe('Reconnecting in 1 s');
    await vi.advanceTimersByTimeAsync(1000);
    expect(visible(w)).toBe('Reconnecting now');
    // Screen readers get one stable sentence, not a number per second.
    expect(w.get('.sr-only').text()).toMatch(/^Reconnecting, next attempt at \d\d:\d\d:\d\d$/);
    w.unmount();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('runs no timer unless it counts down', async () => {
    const w = mount(StatusBadge, { props: { status: status({ state: 'ready' }) } });
    expect(vi.getTimerCount()).toBe(0);
    await w.setProps({ status: status({ state: 'reconnecting', retryAt: 1_002_000 }) });
    expect(vi.getTimerCount()).toBe(1);
    await w.setProps({ status: status({ state: 'ready' }) });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('puts the reason of a failure in the title', () => {
    const w = mount(StatusBadge, {
      props: {
        status: status({
          state: 'failed',
          message: 'Permission denied (publickey).',
          errorCode: 'auth-failed',
        }),
      },
    });
    expect(w.get('[role="status"]').attributes('title')).toBe(
      'Failed: Permission denied (publickey).',
    );
  });
});
