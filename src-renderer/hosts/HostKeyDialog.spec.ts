// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/client';
import type { FakeApi } from '../testing/fake-api';
import { hostKeyPrompt } from '../testing/fixtures';
import PromptDialogs from './PromptDialogs.vue';

vi.mock('../api/client', async () => ({
  api: (await import('../testing/fake-api')).createFakeApi(),
}));
const fake = api as FakeApi;

describe('HostKeyDialog (through PromptDialogs)', () => {
  let wrapper: ReturnType<typeof mount> | null = null;
  const open = () => (wrapper = mount(PromptDialogs, { attachTo: document.body }));
  const dialog = () => document.querySelector('dialog');
  const button = (name: RegExp) =>
    [...document.querySelectorAll('dialog button')].find((b) =>
      name.test(b.textContent ?? ''),
    ) as HTMLButtonElement;

  beforeEach(() => {
    fake.reset();
    setActivePinia(createPinia());
    fake.respond('answerHostKey', () => ({}));
  });
  afterEach(() => wrapper?.unmount());

  it('shows host, port, key type and the SHA-256 fingerprint in a modal dialog', async () => {
    open();
    fake.emit('hostKeyPrompt', hostKeyPrompt('k1', { port: 2222 }));
    await flushPromises();
    expect(dialog()?.open).toBe(true);
    const fp = document.querySelector('[data-testid="fingerprint"]');
    expect(fp?.textContent).toBe('SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s');
    expect(fp?.classList.contains('mono')).toBe(true);
    expect(dialog()?.textContent).toContain('xen1.example.org:2222');
    expect(dialog()?.textContent).toContain('ssh-ed25519');
    expect(dialog()?.querySelector('[role="alert"]')).toBeNull();
    // The safe choice has the focus.
    expect(document.activeElement?.textContent?.trim()).toBe('Reject');
  });

  it('warns when the host already has a trusted key of another type', async () => {
    open();
    fake.emit(
      'hostKeyPrompt',
      hostKeyPrompt('k1', { keyType: 'ssh-rsa', otherKnownTypes: ['ssh-ed25519'] }),
    );
    await flushPromises();
    expect(dialog()?.querySelector('[role="alert"]')?.textContent).toMatch(
      /different key type \(ssh-ed25519\)/,
    );
  });

  it('answers accept, then shows the next queued prompt', async () => {
    open();
    fake.emit('hostKeyPrompt', hostKeyPrompt('k1'));
    fake.emit('hostKeyPrompt', hostKeyPrompt('k2', { fingerprint: 'SHA256:second' }));
    await flushPromises();
    button(/Accept/).click();
    await flushPromises();
    expect(fake.callsOf('answerHostKey')).toEqual([{ promptId: 'k1', accept: true }]);
    expect(document.querySelector('[data-testid="fingerprint"]')?.textContent).toBe(
      'SHA256:second',
    );
  });

  it('answers reject with the button and with Esc', async () => {
    open();
    fake.emit('hostKeyPrompt', hostKeyPrompt('k1'));
    fake.emit('hostKeyPrompt', hostKeyPrompt('k2'));
    await flushPromises();
    button(/Reject/).click();
    await flushPromises();
    dialog()?.dispatchEvent(new Event('cancel', { cancelable: true }));
    await flushPromises();
    expect(fake.callsOf('answerHostKey')).toEqual([
      { promptId: 'k1', accept: false },
      { promptId: 'k2', accept: false },
    ]);
    expect(dialog()).toBeNull();
  });

  it('closes when the core withdraws the prompt', async () => {
    open();
    fake.emit('hostKeyPrompt', hostKeyPrompt('k1'));
    await flushPromises();
    expect(dialog()).not.toBeNull();
    fake.emit('promptClosed', { promptId: 'k1' });
    await flushPromises();
    expect(dialog()).toBeNull();
    expect(fake.calls).toEqual([]);
  });

  it('asks for a password with a masked field, offers remember only when possible, and clears it', async () => {
    fake.respond('answerCredential', () => ({}));
    open();
    fake.emit('credentialPrompt', {
      promptId: 'c1',
      hostId: 'xen1',
      kind: 'password',
      prompt: 'Password:',
      canRemember: false,
    });
    await flushPromises();
    const input = document.querySelector('dialog input[type="password"]') as HTMLInputElement;
    expect(input.getAttribute('autocomplete')).toBe('off');
    expect(document.querySelector('dialog input[type="checkbox"]')).toBeNull();
    expect(document.querySelector(`label[for="${input.id}"]`)).not.toBeNull();
    input.value = 's3cret';
    input.dispatchEvent(new Event('input'));
    (document.querySelector('dialog form') as HTMLFormElement).dispatchEvent(new Event('submit'));
    await flushPromises();
    expect(fake.callsOf('answerCredential')).toEqual([
      { promptId: 'c1', value: 's3cret', remember: false },
    ]);
    expect(dialog()).toBeNull();
  });
});
