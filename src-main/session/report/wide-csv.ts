import { PRIVATE_FILE } from '../private-files';
import { createReadStream } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { CsvFile, csvRow } from './csv';

/**
 * A CSV table with one row per instant and one column per VM — the layout spreadsheets plot
 * (select the columns, insert a line chart), and ~25× fewer rows than one row per VM per sample:
 * a 24-hour, 100-VM session is 345,600 rows instead of 8.6 M.
 *
 * The journal streams by once, so the VMs are not known up front: columns are added in the order
 * VMs first appear and the header is written with those of the first row. Should a VM appear
 * later (one was started mid-session), the file is rewritten at the end with the full header and
 * every earlier row padded with empty cells — rare, and the common case costs nothing extra.
 * Fixed cells (time, t_ms, flags) and VM cells are numbers, ISO times or booleans, never quoted
 * text, which the rewrite relies on to count cells by commas.
 *
 * A VM name occurring twice in one row (xentop without `-f` cuts names to 10 bytes, so two VMs
 * can print the same one) gets a column of its own for each occurrence: `vm`, `vm (2)`, …
 */
export class WideTable {
  private file: CsvFile | null = null;
  private readonly names: string[] = [];
  private readonly index = new Map<string, number>();
  /** The column of each position of the last row: VMs come in the same order row after row. */
  private readonly nameAt: string[] = [];
  private readonly colAt: number[] = [];
  /** The row each column was last set in, to notice a name twice in one row. */
  private readonly setIn: number[] = [];
  private seq = 0;
  /** The row being filled, one cell per column; reused row after row. */
  private readonly cells: string[] = [];
  private open = false;
  private headerWidth = -1;

  constructor(
    readonly path: string,
    private readonly fixed: readonly string[],
  ) {}

  get rows(): number {
    return Math.max(0, (this.file?.rows ?? 0) - 1);
  }

  /** Starts a row; `set` fills it, `end` writes it. */
  begin(): void {
    this.seq++;
    this.cells.fill('');
    this.open = true;
  }

  get inRow(): boolean {
    return this.open;
  }

  /** The cell of the VM `name`, found at `position` in the record the row comes from. */
  set(position: number, name: string, cell: string): void {
    let col = this.nameAt[position] === name ? this.colAt[position]! : -1;
    if (col < 0 || this.setIn[col] === this.seq) col = this.column(position, name);
    this.setIn[col] = this.seq;
    this.cells[col] = cell;
  }

  /** Writes the row; `fixed` is its leading cells, already encoded and joined, ASCII as every cell here. */
  end(fixed: string): Promise<void> | undefined {
    this.open = false;
    const file = this.start();
    return file.line(
      this.names.length ? `${fixed},${this.cells.join(',')}\r\n` : `${fixed}\r\n`,
      true,
    );
  }

  /** Closes the file (none is written for a table without rows); returns its path, or null. */
  async close(): Promise<string | null> {
    if (!this.file) return null;
    await this.file.close();
    if (this.names.length > this.headerWidth) await this.widen();
    return this.path;
  }

  async abandon(): Promise<void> {
    await this.file?.abandon();
  }

  private start(): CsvFile {
    if (this.file) return this.file;
    this.file = new CsvFile(this.path);
    this.file.line(this.header());
    this.headerWidth = this.names.length;
    return this.file;
  }

  private header(): string {
    return csvRow([...this.fixed, ...this.names]);
  }

  private column(position: number, name: string): number {
    let key = name;
    let col = this.index.get(key);
    for (let k = 2; col !== undefined && this.setIn[col] === this.seq; k++) {
      key = `${name} (${k})`;
      col = this.index.get(key);
    }
    if (col === undefined) {
      col = this.names.length;
      this.names.push(key);
      this.index.set(key, col);
      this.setIn[col] = 0;
      this.cells.push('');
    }
    this.nameAt[position] = name;
    this.colAt[position] = col;
    return col;
  }

  /** Rewrites the file with the full header, padding the rows written before a VM appeared. */
  private async widen(): Promise<void> {
    const width = this.fixed.length + this.names.length;
    const tmp = `${this.path}.tmp`;
    const out = await open(tmp, 'w', PRIVATE_FILE);
    try {
      let rest = '';
      let first = true;
      let text = this.header();
      for await (const chunk of createReadStream(this.path, {
        encoding: 'utf8',
        highWaterMark: 1 << 20,
      })) {
        const lines = (rest + (chunk as string)).split('\r\n');
        rest = lines.pop()!;
        for (const line of lines) {
          if (first) {
            first = false; // the old header
            continue;
          }
          let cells = 1;
          for (let i = line.indexOf(','); i >= 0; i = line.indexOf(',', i + 1)) cells++;
          text += `${line}${','.repeat(Math.max(0, width - cells))}\r\n`;
        }
        if (text.length > 1 << 20) {
          await out.write(text);
          text = '';
        }
      }
      await out.write(text);
    } finally {
      await out.close();
    }
    await rename(tmp, this.path);
  }
}
