import { describe, expect, it } from 'vitest';
import { PromptBroker } from './prompt-broker';

describe('PromptBroker', () => {
  const setup = () => {
    const events: Array<{ name: string; payload: { promptId: string } }> = [];
    const broker = new PromptBroker((e) => events.push(e as (typeof events)[number]));
    return { broker, events };
  };
  const key = {
    hostId: 'h1',
    host: '127.0.0.1',
    port: 22,
    keyType: 'ssh-ed25519',
    fingerprint: 'SHA256:x',
    otherKnownTypes: [],
  };

  it('publishes a question and resolves with the first answer only', async () => {
    const { broker, events } = setup();
    const answer = broker.askHostKey(key);
    const promptId = events[0]!.payload.promptId;
    expect(events[0]?.name).toBe('hostKeyPrompt');
    expect(broker.answer(promptId, { accept: true })).toBe(true);
    expect(broker.answer(promptId, { accept: false })).toBe(false);
    expect(await answer).toBe(true);
    expect(events.at(-1)).toEqual({ name: 'promptClosed', payload: { promptId } });
  });

  it('withdraws a host’s open questions as a refusal', async () => {
    const { broker } = setup();
    const trust = broker.askHostKey(key);
    const password = broker.askCredential({
      hostId: 'h1',
      kind: 'password',
      prompt: 'Password',
      canRemember: false,
    });
    const other = broker.askHostKey({ ...key, hostId: 'h2' });
    broker.withdraw('h1');
    expect(await trust).toBe(false);
    expect(await password).toEqual({ value: null, remember: false });
    let settled = false;
    void other.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(settled).toBe(false);
  });
});
