/**
 * `ping -n -c K -i S -W S ADDR` in iputils' format (Debian 12, iputils 20221126): a reply line per
 * answered probe, nothing for a lost one, then the statistics. Times follow ping_common.c's
 * µs → ms formatting, so the text matches a real dom0's to the digit.
 */
export interface PingResultText {
  stdout: string;
  exitCode: number;
}

/** iputils' reply time: fewer decimals as the time grows. */
function replyTime(us: number): string {
  if (us >= 100000 - 50) return `${Math.floor((us + 500) / 1000)}`;
  if (us >= 10000 - 5)
    return `${Math.floor((us + 50) / 1000)}.${Math.floor(((us + 50) % 1000) / 100)}`;
  if (us >= 1000)
    return `${Math.floor((us + 5) / 1000)}.${String(Math.floor(((us + 5) % 1000) / 10)).padStart(2, '0')}`;
  return `0.${String(us).padStart(3, '0')}`;
}

function msDotUs(us: number): string {
  return `${Math.floor(us / 1000)}.${String(us % 1000).padStart(3, '0')}`;
}

/** `%g` of a float percentage, as the loss figure prints (`33.3333`, `100`, `0`). */
function percentG(x: number): string {
  const f = Math.fround(x);
  if (f === 0) return '0';
  const s = f.toPrecision(6);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

export function pingText(
  addr: string,
  rttsMs: ReadonlyArray<number | null>,
  intervalMs: number,
): PingResultText {
  let out = `PING ${addr} (${addr}) 56(84) bytes of data.\n`;
  const times: number[] = [];
  rttsMs.forEach((rtt, i) => {
    if (rtt === null) return;
    const us = Math.max(1, Math.round(rtt * 1000));
    times.push(us);
    out += `64 bytes from ${addr}: icmp_seq=${i + 1} ttl=64 time=${replyTime(us)} ms\n`;
  });
  const sent = rttsMs.length;
  const got = times.length;
  const lastRttMs = times.length > 0 ? times[times.length - 1]! / 1000 : 0;
  const elapsed = Math.round(Math.max(0, sent - 1) * intervalMs + lastRttMs);
  out += `\n--- ${addr} ping statistics ---\n`;
  out += `${sent} packets transmitted, ${got} received, ${percentG(((sent - got) * 100) / sent)}% packet loss, time ${elapsed}ms\n`;
  if (got > 0) {
    const min = Math.min(...times);
    const max = Math.max(...times);
    const sum = times.reduce((a, b) => a + b, 0);
    const sum2 = times.reduce((a, b) => a + b * b, 0);
    const avg = Math.floor(sum / got);
    const mdev = Math.floor(Math.sqrt(Math.max(0, Math.floor(sum2 / got) - avg * avg)));
    out += `rtt min/avg/max/mdev = ${msDotUs(min)}/${msDotUs(avg)}/${msDotUs(max)}/${msDotUs(mdev)} ms\n`;
  }
  return { stdout: out, exitCode: got > 0 ? 0 : 1 };
}
