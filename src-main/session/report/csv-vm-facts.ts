import type { SampleColumns } from '../journal/columns';
import { CellCache, CsvFile, csvRow, isoTime } from './csv';

/**
 * `vm-facts.csv`: what xentop says about a VM besides its CPU, as a change log — a row when a VM
 * first appears, when its memory, memory limit, vCPUs or state change, and when it is gone from
 * the listing. These facts hold still for hours, so a row per sample would repeat them millions
 * of times. One exception: xentop's running/blocked flags (`r`, `b`) flip every second on a busy
 * VM, so a change between them alone is not a row (the flags are in the row when anything else
 * changes); paused, shut down, crashed and dying are.
 */
const HEADER = [
  'time',
  't_ms',
  'host_id',
  'vm',
  'change',
  'state',
  'mem_kib',
  'max_mem_kib',
  'vcpus',
];

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

  sample(c: SampleColumns): Promise<void> | undefined {
    let h = this.hosts.get(c.hostId);
    if (!h) this.hosts.set(c.hostId, (h = { byName: new Map(), at: [], present: [], seq: 0 }));
    const seq = ++h.seq;
    const present: Facts[] = [];
    let pending: Promise<void> | undefined;
    const { name, state, memKiB, maxMemKiB, vcpus } = c;
    for (let i = 0; i < name.length; i++) {
      let f = h.at[i];
      if (f === undefined || f.name !== name[i] || f.seenIn === seq) {
        f = h.byName.get(name[i]!);
        // Two domains of one name in a sample (xentop without -f cuts names) are one VM here.
        if (f?.seenIn === seq) continue;
        h.at[i] = f;
      }
      if (f === undefined) {
        h.at[i] = f = {
          name: name[i]!,
          state: state[i]!,
          memKiB: memKiB[i]!,
          maxMemKiB: maxMemKiB[i]!,
          vcpus: vcpus[i]!,
          seenIn: seq,
        };
        h.byName.set(f.name, f);
        pending = this.row(c, f, 'appeared') ?? pending;
      } else if (
        f.memKiB !== memKiB[i] ||
        f.maxMemKiB !== maxMemKiB[i] ||
        f.vcpus !== vcpus[i] ||
        !sameLifecycle(f.state, state[i]!)
      ) {
        f.state = state[i]!;
        f.memKiB = memKiB[i]!;
        f.maxMemKiB = maxMemKiB[i]!;
        f.vcpus = vcpus[i]!;
        pending = this.row(c, f, f.seenIn === seq - 1 ? 'changed' : 'appeared') ?? pending;
      } else if (f.seenIn !== seq - 1) {
        f.state = state[i]!;
        pending = this.row(c, f, 'appeared') ?? pending;
      }
      f.state = state[i]!;
      f.seenIn = seq;
      present.push(f);
    }
    for (const f of h.present) {
      if (f.seenIn !== seq)
        pending =
          this.file.line(
            `${isoTime(c.sampleT)},${c.sampleT},${this.cells.get(c.hostId)},${this.cells.get(f.name)},gone,,,,\r\n`,
          ) ?? pending;
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

  /** A row of the VM's facts as they are now (`f` was just brought up to date). */
  private row(c: SampleColumns, f: Facts, change: string): Promise<void> | undefined {
    return this.file.line(
      `${isoTime(c.sampleT)},${c.sampleT},${this.cells.get(c.hostId)},${this.cells.get(f.name)},${change},${this.cells.get(f.state)},${f.memKiB},${f.maxMemKiB ?? ''},${f.vcpus}\r\n`,
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
