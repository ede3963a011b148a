import type { DomainSample, HostSample } from '../../common/model';
import { CellCache, CsvFile, csvRow, isoTime } from './csv';

/**
 * `vm-facts.csv`: what xentop says about a VM besides its CPU, as a change log — a row when a VM
 * first appears, when its memory, memory limit, vCPUs or state change, and when it is gone from
 * the listing. These facts hold still for hours, so a row per sample would repeat them millions
 * of times. One exception: xentop's running/blocked flags (`r`, `b`) flip every second on a busy
 * VM, so a change between them alone is not a row (the flags are in the row when anything else
 * changes); paused, shut down, crashed and dying are.
 */
const HEADER = ['time', 't_ms', 'host_id', 'vm', 'change', 'state', 'mem_kib', 'max_mem_kib', 'vcpus'];

interface Facts {
  name: string;
  state: string;
  memKiB: number;
  maxMemKiB: number | null;
  vcpus: number;
  /** The host sample it was last seen in. */
  seenIn: number;
}

interface HostFacts {
  byName: Map<string, Facts>;
  /** The VM at each position of the last sample. */
  at: (Facts | undefined)[];
  present: Facts[];
  seq: number;
}

export class VmFactsTable {
  private readonly file: CsvFile;
  private readonly hosts = new Map<string, HostFacts>();
  private readonly cells = new CellCache();

  constructor(readonly path: string) {
    this.file = new CsvFile(path);
    this.file.line(csvRow(HEADER));
  }

  sample(s: HostSample): Promise<void> | undefined {
    let h = this.hosts.get(s.hostId);
    if (!h) this.hosts.set(s.hostId, (h = { byName: new Map(), at: [], present: [], seq: 0 }));
    const seq = ++h.seq;
    const present: Facts[] = [];
    let pending: Promise<void> | undefined;
    const domains = s.domains;
    for (let i = 0; i < domains.length; i++) {
      const d = domains[i]!;
      let f = h.at[i];
      if (f === undefined || f.name !== d.name || f.seenIn === seq) {
        f = h.byName.get(d.name);
        // A second domain of the same name in one sample (`(null)`) is the same VM to this table.
        if (f?.seenIn === seq) continue;
        h.at[i] = f;
      }
      if (f === undefined) {
        h.at[i] = f = { name: d.name, state: d.state, memKiB: d.memKiB, maxMemKiB: d.maxMemKiB, vcpus: d.vcpus, seenIn: seq };
        h.byName.set(d.name, f);
        pending = this.row(s, d, 'appeared') ?? pending;
      } else if (f.memKiB !== d.memKiB || f.maxMemKiB !== d.maxMemKiB || f.vcpus !== d.vcpus || !sameLifecycle(f.state, d.state)) {
        Object.assign(f, { state: d.state, memKiB: d.memKiB, maxMemKiB: d.maxMemKiB, vcpus: d.vcpus });
        pending = this.row(s, d, f.seenIn === seq - 1 ? 'changed' : 'appeared') ?? pending;
      } else if (f.seenIn !== seq - 1) {
        pending = this.row(s, d, 'appeared') ?? pending;
      }
      f.state = d.state;
      f.seenIn = seq;
      present.push(f);
    }
    for (const f of h.present) {
      if (f.seenIn !== seq) pending = this.file.line(`${isoTime(s.t)},${s.t},${this.cells.get(s.hostId)},${this.cells.get(f.name)},gone,,,,\r\n`) ?? pending;
    }
    h.present = present;
    return pending;
  }

  async close(): Promise<string> {
    await this.file.close();
    return this.path;
  }

  async abandon(): Promise<void> {
    await this.file.abandon();
  }

  private row(s: HostSample, d: DomainSample, change: string): Promise<void> | undefined {
    return this.file.line(
      `${isoTime(s.t)},${s.t},${this.cells.get(s.hostId)},${this.cells.get(d.name)},${change},${this.cells.get(d.state)},${d.memKiB},${d.maxMemKiB ?? ''},${d.vcpus}\r\n`,
    );
  }
}

/** Same state but for the running/blocked flags, which come and go with every burst of work. */
function sameLifecycle(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y && !(isRunBlock(x) && isRunBlock(y))) return false;
  }
  return true;
}

/** `r`, `b` or `-` (a flag not set). */
const isRunBlock = (c: number) => c === 114 || c === 98 || c === 45;
