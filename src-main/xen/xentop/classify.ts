import { isChatter } from '../text/lines';
import type { XentopColumns } from './row';
import {
  PCPU_BORDER,
  PCPU_HEAD,
  PCPU_NONE,
  PCPU_TITLE,
  VCPU_PREFIX,
  isVcpuContinuation,
} from './extra';

/**
 * What kind of line of `xentop -b` output this is, judged by its shape alone. Shared by the frame
 * parser and the stream splitter so both agree on where rows and iterations are. A domain name
 * could start like an extra row (`Netflix-se`), so the extra-row shapes also check the line's end.
 */
export const LineKind = {
  Blank: 0,
  Header: 1,
  Domain: 2,
  Vcpu: 3,
  VcpuMore: 4,
  Net: 5,
  Vbd: 6,
  PcpuTitle: 7,
  PcpuBorder: 8,
  PcpuHead: 9,
  PcpuRow: 10,
  PcpuNone: 11,
  /** `xentop - HH:MM:SS Xen …`, `N domains: …`, `Mem: …`: screen copies of interactive mode. */
  Summary: 12,
  Chatter: 13,
} as const;
export type LineKind = (typeof LineKind)[keyof typeof LineKind];

/** `NAME  STATE ...`, by shape: the header's text changes (docs/host-formats.md trap 5). */
export function isXentopHeader(line: string): boolean {
  let i = 0;
  while (i < line.length && line.charCodeAt(i) === 32) i++;
  if (!line.startsWith('NAME', i)) return false;
  i += 4;
  const sp = i;
  while (i < line.length && line.charCodeAt(i) === 32) i++;
  return i > sp && line.startsWith('STATE', i);
}

const SUMMARY = [/^xentop - \d\d:\d\d:\d\d /, /^\d+ domains: \d+ running, /, /^Mem: \d+k total, /];

function lastChar(line: string): number {
  return line.charCodeAt(line.length - 1);
}

export function classifyXentopLine(line: string, prev: LineKind): LineKind {
  if (line.length === 0) return LineKind.Blank;
  const c0 = line.charCodeAt(0);
  if (c0 === 32) {
    if ((prev === LineKind.Vcpu || prev === LineKind.VcpuMore) && isVcpuContinuation(line))
      return LineKind.VcpuMore;
    if (isXentopHeader(line)) return LineKind.Header;
    if (line.trim().length === 0) return LineKind.Blank;
    return LineKind.Domain;
  }
  const last = lastChar(line);
  switch (c0) {
    case 86 /* V */:
      if (
        line.startsWith(VCPU_PREFIX) &&
        (last === 115 /* s */ || line.length === VCPU_PREFIX.length + 1)
      )
        return LineKind.Vcpu;
      if (line.startsWith('VBD ') && line.includes(' OO: ')) return LineKind.Vbd;
      break;
    case 78 /* N */:
      if (line.startsWith('Net') && line.endsWith('drop')) return LineKind.Net;
      if (line === PCPU_NONE) return LineKind.PcpuNone;
      if (isXentopHeader(line)) return LineKind.Header;
      break;
    case 80 /* P */:
      if (line === PCPU_TITLE) return LineKind.PcpuTitle;
      break;
    case 43 /* + */:
      if (line === PCPU_BORDER) return LineKind.PcpuBorder;
      break;
    case 124 /* | */:
      return line === PCPU_HEAD ? LineKind.PcpuHead : LineKind.PcpuRow;
    case 9 /* TAB */:
      if (line.trim().length === 0) return LineKind.Blank;
      break;
  }
  // Rows with a name of 10+ bytes start at column 1, so anything left may still be a domain row;
  // the summary and chatter tests are regexes, run only when the cheap shapes did not match.
  if (last >= 48 && last <= 57) {
    for (const re of SUMMARY) if (re.test(line)) return LineKind.Summary;
    return LineKind.Domain;
  }
  if (isChatter(line)) return LineKind.Chatter;
  for (const re of SUMMARY) if (re.test(line)) return LineKind.Summary;
  return LineKind.Domain;
}

const HEADER_19 =
  'NAME STATE CPU(sec) CPU(%) MEM(k) MEM(%) MAXMEM(k) MAXMEM(%) VCPUS NETS NETTX(k) NETRX(k) VBDS VBD_OO VBD_RD VBD_WR VBD_RSECT VBD_WSECT SSID';
const HEADER_17 =
  'NAME STATE CPU(sec) CPU(%) MEM(k) MEM(%) MAXMEM(k) MAXMEM(%) VCPUS NETS NETTX(k) NETRX(k) VBDS VBD_OO VBD_RD VBD_WR SSID';

/** The column count a header announces, or null for a header this parser does not know. */
export function xentopHeaderColumns(line: string): XentopColumns | null {
  const words = line.trim().split(/\s+/).join(' ');
  if (words === HEADER_19) return 19;
  if (words === HEADER_17) return 17;
  return null;
}
