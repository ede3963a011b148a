import { join } from 'node:path';
import { latencyColumns, sampleColumns, type JournalItem } from '../journal/columns';
import { HostTables } from './csv-host-tables';
import { VmFactsTable } from './csv-vm-facts';

/**
 * The CSV export's time-series tables — each host's wide tables (csv-host-tables.ts) and the VMs'
 * change log (csv-vm-facts.ts) — fed from one pass over the journal, as columns (compact lines)
 * or as records (object lines, or a stream of records): both end up in the same rows.
 */
export class TimeSeriesTables {
  private readonly hosts = new Map<string, HostTables>();
  private last: [string, HostTables] | null = null;
  private readonly facts: VmFactsTable;

  constructor(private readonly dir: string) {
    this.facts = new VmFactsTable(join(dir, 'vm-facts.csv'));
  }

  /** Resolves at once unless a file is due for a flush; await it for backpressure. */
  add(x: JournalItem): Promise<void> | undefined {
    switch (x.kind) {
      case 'sample-columns':
        return both(this.host(x.hostId).sample(x), this.facts.sample(x));
      case 'latency-columns':
        return this.host(x.hostId).probes(x);
      case 'sample': {
        const c = sampleColumns(x.t, x.data);
        return both(this.host(c.hostId).sample(c), this.facts.sample(c));
      }
      case 'latency':
        return this.host(x.data.hostId).probes(latencyColumns(x.t, x.data));
      default:
        return undefined;
    }
  }

  /** Closes every table; returns the files written: each host's in the order hosts appeared, then vm-facts.csv. */
  async close(): Promise<string[]> {
    const files: string[] = [];
    for (const t of this.hosts.values()) files.push(...(await t.close()));
    files.push(await this.facts.close());
    return files;
  }

  async abandon(): Promise<void> {
    await Promise.all([...this.hosts.values()].map((t) => t.abandon()));
    await this.facts.abandon();
  }

  private host(hostId: string): HostTables {
    // Records of one host come in runs (a sample, a probe round): the last one is the likeliest.
    if (this.last?.[0] === hostId) return this.last[1];
    let t = this.hosts.get(hostId);
    if (!t) this.hosts.set(hostId, (t = new HostTables(this.dir, hostId)));
    this.last = [hostId, t];
    return t;
  }
}

function both(
  a: Promise<void> | undefined,
  b: Promise<void> | undefined,
): Promise<void> | undefined {
  return a && b ? Promise.all([a, b]).then(() => undefined) : (a ?? b);
}
