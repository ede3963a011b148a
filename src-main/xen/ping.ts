import { splitLines, type ChatterLine } from './text/lines';
import { issue, type ParseIssue } from './text/parse-issue';

/**
 * `ping` output from iputils (`icmp_seq=`, `rtt min/avg/max/mdev`) and busybox (`seq=` from 0,
 * `round-trip min/avg/max`): replies, unreachable reports, the summary. A lost probe prints
 * nothing, so timeouts are the sequence numbers the summary counted but no line answered.
 */
export interface PingReply {
  seq: number;
  from: string;
  bytes: number;
  ttl: number | null;
  timeMs: number;
}

export interface PingUnreachable {
  seq: number;
  from: string;
  message: string;
}

export interface PingResult {
  flavor: 'iputils' | 'busybox' | null;
  target: string | null;
  address: string | null;
  replies: PingReply[];
  unreachable: PingUnreachable[];
  /** Sequence numbers sent but neither answered nor reported unreachable (needs the summary). */
  timeouts: number[];
  summary: {
    transmitted: number;
    received: number;
    errors: number;
    lossPct: number;
    timeMs: number | null;
  } | null;
  rtt: { minMs: number; avgMs: number; maxMs: number; mdevMs: number | null } | null;
  errors: ParseIssue[];
  /** `ping: …` diagnostics (unknown host, sendmsg errors) and `no answer yet` notes. */
  chatter: ChatterLine[];
}

const HEAD_IPUTILS = /^PING (\S+) \(([^)]+)\) (\d+)\((\d+)\) bytes of data\.$/;
const HEAD_BUSYBOX = /^PING (\S+) \(([^)]+)\): (\d+) data bytes$/;
const REPLY =
  /^(\d+) bytes from (.+?): (icmp_seq|seq)=(\d+)(?: ident=\d+)? ttl=(\d+) time=(\d+(?:\.\d+)?) ms(?: \(DUP!\))?$/;
const UNREACH = /^From (\S+?)(?: \([^)]*\))?:? icmp_seq=(\d+) (.+)$/;
const STATS_HEAD = /^--- (\S+) ping statistics ---$/;
const STATS =
  /^(\d+) packets transmitted, (\d+) (?:packets )?received(?:, \+(\d+) duplicates)?(?:, \+\d+ corrupted)?(?:, \+(\d+) errors)?, (\d+(?:\.\d+)?)% packet loss(?:, time (\d+)ms)?$/;
const RTT =
  /^(?:rtt|round-trip) min\/avg\/max(\/mdev)? = ([\d.]+)\/([\d.]+)\/([\d.]+)(?:\/([\d.]+))? ms(?:, .*)?$/;

export function parsePing(text: string): PingResult {
  const res: PingResult = {
    flavor: null,
    target: null,
    address: null,
    replies: [],
    unreachable: [],
    timeouts: [],
    summary: null,
    rtt: null,
    errors: [],
    chatter: [],
  };
  try {
    const lines = splitLines(typeof text === 'string' ? text : '');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const lineNo = i + 1;
      if (line.trim() === '') continue;
      let m: RegExpExecArray | null;
      if ((m = REPLY.exec(line))) {
        res.flavor ??= m[3] === 'seq' ? 'busybox' : 'iputils';
        const from = m[2]!;
        const paren = /\(([^)]+)\)$/.exec(from);
        res.replies.push({
          seq: Number(m[4]),
          from: paren ? paren[1]! : from,
          bytes: Number(m[1]),
          ttl: Number(m[5]),
          timeMs: Number(m[6]),
        });
      } else if ((m = UNREACH.exec(line))) {
        res.unreachable.push({ seq: Number(m[2]), from: m[1]!, message: m[3]! });
      } else if ((m = HEAD_IPUTILS.exec(line) ?? HEAD_BUSYBOX.exec(line))) {
        res.flavor = line.includes('bytes of data') ? 'iputils' : 'busybox';
        res.target = m[1]!;
        res.address = m[2]!;
      } else if ((m = STATS.exec(line))) {
        res.summary = {
          transmitted: Number(m[1]),
          received: Number(m[2]),
          errors: m[4] ? Number(m[4]) : 0,
          lossPct: Number(m[5]),
          timeMs: m[6] ? Number(m[6]) : null,
        };
      } else if ((m = RTT.exec(line))) {
        res.rtt = {
          minMs: Number(m[2]),
          avgMs: Number(m[3]),
          maxMs: Number(m[4]),
          mdevMs: m[5] ? Number(m[5]) : null,
        };
      } else if (STATS_HEAD.test(line)) {
        // Section title only.
      } else if (/^ping: |^no answer yet for icmp_seq=\d+$|^PING .*$/.test(line)) {
        res.chatter.push({ line: lineNo, text: line });
      } else {
        res.errors.push(
          issue(
            lineNo,
            1,
            'a ping reply, "From … icmp_seq=" report or statistics line',
            line,
            'ping',
          ),
        );
      }
    }
    if (res.summary) {
      const first = res.flavor === 'busybox' ? 0 : 1;
      const seen = new Set([
        ...res.replies.map((r) => r.seq),
        ...res.unreachable.map((u) => u.seq),
      ]);
      for (let s = first; s < first + res.summary.transmitted; s++)
        if (!seen.has(s)) res.timeouts.push(s);
    }
  } catch (e) {
    res.errors.push(issue(0, 0, 'parser to finish', String(e), 'ping: internal error'));
  }
  return res;
}
