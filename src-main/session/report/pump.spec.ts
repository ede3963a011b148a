import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JournalReader } from '../journal/reader';
import { JournalWriter } from '../journal/writer';
import { pump } from './pump';
import { smallSession, syntheticJournal } from './report.testkit';

describe('pump', () => {
  it('counts records, not items: a probe line read as columns is all of its results (the progress bar compares with the session’s records)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pump-'));
    try {
      const w = new JournalWriter({ dir, sessionId: 's', app: 'test' });
      let written = 0;
      for (const r of syntheticJournal(smallSession())) {
        w.append(r);
        written++;
      }
      await w.close();
      let items = 0;
      let last = 0;
      const n = await pump((await JournalReader.open(dir)).items(), () => void items++, {
        onProgress: (p) => (last = p),
      });
      expect(items).toBeLessThan(written * 0.8); // probe rounds came as lines of several results
      expect(n).toBe(written);
      expect(last).toBe(written);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
