import type { CommandResult, HostShell, StreamHandlers } from '../common/host-shell';

// INTERIM (issue 2): a placeholder load model until the scheduling engine and the command
// emulation land (issues 3 and 4), which replace this file.
const VMS = [
  { name: 'web-frontend', demand: 0.25 },
  { name: 'voip-gw', demand: 0.15 },
  { name: 'batch-worker', demand: 1 },
  { name: 'db-report', demand: 1 },
  { name: 'video-encode', demand: 1 },
];
const HEADER =
  '      NAME  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%) VCPUS NETS NETTX(k) NETRX(k) VBDS   VBD_OO   VBD_RD   VBD_WR  VBD_RSECT  VBD_WSECT SSID';

export class PlaceholderShell implements HostShell {
  async run(argv: readonly string[]): Promise<CommandResult> {
    return { stdout: '', stderr: `sh: 1: ${argv[0]}: not found\n`, exitCode: 127 };
  }
  stream(_argv: readonly string[], handlers: StreamHandlers) {
    const cpu = new Map(VMS.map((v) => [v.name, 0]));
    let first = true;
    const frame = () => {
      const rows = [{ name: 'Domain-0', pct: 3 + Math.random() }, ...VMS.map((v) => ({ name: v.name, pct: 0 }))];
      let left = 100;
      const wanting = VMS.map((v) => ({ v, want: v.demand * 100 * (0.8 + Math.random() * 0.4) }));
      wanting.sort((a, b) => a.want - b.want);
      wanting.forEach((w, i) => {
        const give = Math.min(w.want, left / (wanting.length - i));
        left -= give;
        const row = rows.find((r) => r.name === w.v.name)!;
        row.pct = give;
        cpu.set(w.v.name, (cpu.get(w.v.name) ?? 0) + give / 100);
      });
      rows.sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
      const lines = rows.map((r) => {
        const pct = first ? 0 : r.pct;
        const name = r.name.slice(0, 10).padStart(10);
        const sec = String(Math.floor(cpu.get(r.name) ?? 0)).padStart(10);
        return `${name} ${r.name === 'Domain-0' ? '-----r' : '--b---'} ${sec} ${pct.toFixed(1).padStart(6)}    1048576    6.2    1049600       6.2     1    1        0        0    1        0        0        0          0          0    0`;
      });
      first = false;
      handlers.onStdout(`${HEADER}\n${lines.join('\n')}\n`);
    };
    frame();
    const timer = setInterval(frame, 1000);
    return {
      stop: () => {
        clearInterval(timer);
        handlers.onClose(null);
      },
    };
  }
  close(): void {}
}
