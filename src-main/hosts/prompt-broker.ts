import { randomUUID } from 'node:crypto';
import type { Publish } from '../common/api';
import type { CredentialPrompt, HostKeyPrompt } from '../common/host-config';
import type { HostId } from '../common/model';

interface Pending {
  hostId: HostId;
  resolve(answer: { value: string | null; accept: boolean; remember: boolean }): void;
}

/**
 * Questions for the operator that a connection attempt waits on: trust this host key? what is
 * the password? Each becomes an event for every window; the first answer wins, and a connection
 * attempt that ends withdraws its open questions.
 */
export class PromptBroker {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly publish: Publish) {}

  askHostKey(prompt: Omit<HostKeyPrompt, 'promptId'>): Promise<boolean> {
    return this.ask(prompt.hostId, (promptId) =>
      this.publish({ name: 'hostKeyPrompt', payload: { ...prompt, promptId } }),
    ).then((a) => a.accept);
  }

  askCredential(
    prompt: Omit<CredentialPrompt, 'promptId'>,
  ): Promise<{ value: string | null; remember: boolean }> {
    return this.ask(prompt.hostId, (promptId) =>
      this.publish({ name: 'credentialPrompt', payload: { ...prompt, promptId } }),
    ).then(({ value, remember }) => ({ value, remember }));
  }

  /** False when no such question is open (answered elsewhere, or withdrawn). */
  answer(
    promptId: string,
    answer: { value?: string | null; accept?: boolean; remember?: boolean },
  ): boolean {
    const p = this.pending.get(promptId);
    if (!p) return false;
    this.close(promptId);
    p.resolve({
      value: answer.value ?? null,
      accept: answer.accept ?? false,
      remember: answer.remember ?? false,
    });
    return true;
  }

  /** Withdraws a host's open questions, answering them "no". */
  withdraw(hostId: HostId): void {
    for (const [id, p] of [...this.pending]) {
      if (p.hostId !== hostId) continue;
      this.close(id);
      p.resolve({ value: null, accept: false, remember: false });
    }
  }

  private ask(
    hostId: HostId,
    emit: (promptId: string) => void,
  ): Promise<{ value: string | null; accept: boolean; remember: boolean }> {
    const promptId = randomUUID();
    return new Promise((resolve) => {
      this.pending.set(promptId, { hostId, resolve });
      emit(promptId);
    });
  }

  private close(promptId: string): void {
    this.pending.delete(promptId);
    this.publish({ name: 'promptClosed', payload: { promptId } });
  }
}
