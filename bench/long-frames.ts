/**
 * Where the renderer bench's long frames go, from Chromium's Long Animation Frames API
 * (PerformanceObserver 'long-animation-frame'), recorded in the page alongside the frame deltas.
 *
 * Each long frame's time is split into: script, by what ran it (a FrameRequestCallback is this
 * app's requestAnimationFrame work — the batched event delivery and the charts' redraws; a
 * WebSocket message handler is the stream's JSON decode and check); style, layout, paint and
 * commit (from the frame's styleAndLayoutStart to its end, minus scripts run in there); and the
 * rest, when the main thread ran nothing of the page's: the frame waited on the compositor, the
 * raster threads or the GPU process, or the CPU was busy elsewhere (garbage collection shows here too).
 */

/** Page-side: the observer's text for the page, recording long frames into `rec.loaf`. */
export const LOAF_OBSERVER = `
  rec.loaf = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.duration < ${50}) continue;
      const end = e.startTime + e.duration;
      const scripts = {};
      let inRender = 0;
      for (const s of e.scripts) {
        const key = s.invokerType + ' ' + s.invoker;
        scripts[key] = (scripts[key] || 0) + s.duration;
        if (e.styleAndLayoutStart && s.startTime >= e.styleAndLayoutStart) inRender += s.duration;
      }
      const render = e.styleAndLayoutStart ? end - e.styleAndLayoutStart - inRender : 0;
      rec.loaf.push({ d: e.duration, scripts, render });
    }
  }).observe({ type: 'long-animation-frame' });
`;

export interface LongFrame {
  d: number;
  scripts: Record<string, number>;
  render: number;
}

/** One line: how much of the long frames' time went where. */
export function attribute(frames: readonly LongFrame[]): string {
  const total = frames.reduce((a, f) => a + f.d, 0);
  if (!frames.length || total <= 0) return 'no long animation frames';
  const byScript = new Map<string, number>();
  let render = 0;
  for (const f of frames) {
    render += f.render;
    for (const [k, v] of Object.entries(f.scripts)) byScript.set(k, (byScript.get(k) ?? 0) + v);
  }
  const script = [...byScript.values()].reduce((a, b) => a + b, 0);
  const rest = Math.max(0, total - script - render);
  const pct = (v: number) => `${((v / total) * 100).toFixed(0)} %`;
  const top = [...byScript]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(
      ([k, v]) => `${k.replace(/^(user-callback|event-listener|classic-script) /, '')} ${pct(v)}`,
    )
    .join(', ');
  return (
    `${frames.length} frames ≥ 50 ms, ${total.toFixed(0)} ms: script ${pct(script)} (${top || '—'}) · ` +
    `style/layout/paint/commit ${pct(render)} · main thread waiting ${pct(rest)}`
  );
}
