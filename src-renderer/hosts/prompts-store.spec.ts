// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/client';
import type { FakeApi } from '../testing/fake-api';
import { hostKeyPrompt } from '../testing/fixtures';
import { usePromptsStore } from './prompts-store';

vi.mock('../api/client', async () => ({
  api: (await import('../testing/fake-api')).createFakeApi(),
}));
const fake = api as FakeApi;

const credential = (promptId: string) => ({
  promptId,
  hostId: 'xen1',
  kind: 'password' as const,
  prompt: 'Password:',
  canRemember: true,
});

describe('prompts store', () => {
  beforeEach(() => {
    fake.reset();
    setActivePinia(createPinia());
  });

  it('queues prompts in arrival order, once each, and drops withdrawn ones', () => {
    const store = usePromptsStore();
    fake.emit('hostKeyPrompt', hostKeyPrompt('k1'));
    fake.emit('credentialPrompt', credential('c1'));
    fake.emit('hostKeyPrompt', hostKeyPrompt('k2', { hostId: 'xen2' }));
    fake.emit('hostKeyPrompt', hostKeyPrompt('k1'));
    expect(store.queue.map((q) => q.prompt.promptId)).toEqual(['k1', 'c1', 'k2']);
    expect(store.current).toMatchObject({ kind: 'hostKey', prompt: { promptId: 'k1' } });

    fake.emit('promptClosed', { promptId: 'c1' });
    expect(store.queue.map((q) => q.prompt.promptId)).toEqual(['k1', 'k2']);
    fake.emit('promptClosed', { promptId: 'k1' });
    expect(store.current?.prompt.promptId).toBe('k2');
  });

  it('answers a host key and moves on to the next prompt', async () => {
    const store = usePromptsStore();
    fake.respond('answerHostKey', () => ({}));
    fake.emit('hostKeyPrompt', hostKeyPrompt('k1'));
    fake.emit('credentialPrompt', credential('c1'));
    expect(await store.answerHostKey('k1', true)).toBe(true);
    expect(fake.callsOf('answerHostKey')).toEqual([{ promptId: 'k1', accept: true }]);
    expect(store.current).toMatchObject({ kind: 'credential', prompt: { promptId: 'c1' } });
  });

  it('keeps a prompt open with the reason when the answer does not reach the core', async () => {
    const store = usePromptsStore();
    fake.emit('hostKeyPrompt', hostKeyPrompt('k1'));
    expect(await store.answerHostKey('k1', false)).toBe(false);
    expect(store.current?.prompt.promptId).toBe('k1');
    expect(store.answerError).toMatch(/cannot do that yet/);
    fake.emit('promptClosed', { promptId: 'k1' });
    expect(store.current).toBeNull();
    expect(store.answerError).toBeNull();
  });

  it('passes a secret straight to the API and keeps nothing of it', async () => {
    const store = usePromptsStore();
    fake.respond('answerCredential', () => ({}));
    fake.emit('credentialPrompt', credential('c1'));
    fake.emit('credentialPrompt', credential('c2'));
    await store.answerCredential('c1', 'hunter2-secret', true);
    await store.answerCredential('c2', null, false);
    expect(fake.callsOf('answerCredential')).toEqual([
      { promptId: 'c1', value: 'hunter2-secret', remember: true },
      { promptId: 'c2', value: null, remember: false },
    ]);
    expect(JSON.stringify(store.$state)).not.toContain('hunter2');
    expect(store.queue).toEqual([]);
  });
});
