// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import type { Plugin } from 'chart.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, nextTick, shallowRef } from 'vue';
import { useStreamingChart } from './streaming-chart';

/** A Chart.js stand-in that counts layouts and drawings, and asks plugins as Chart.js does. */
const { FakeChart, charts } = vi.hoisted(() => {
  const charts: FakeChart[] = [];
  class FakeChart {
    static lastId = 0;
    id = ++FakeChart.lastId;
    updates = 0;
    draws = 0;
    options: unknown;
    data = { datasets: [] };
    private readonly plugins: Plugin<'line'>[];
    constructor(_canvas: unknown, config: { options: unknown; plugins?: Plugin<'line'>[] }) {
      this.options = config.options;
      this.plugins = config.plugins ?? [];
      charts.push(this);
    }
    update() {
      this.updates++;
      this.render();
    }
    render() {
      const call = (p: Plugin<'line'>) =>
        (p.beforeRender as ((...a: unknown[]) => boolean | void) | undefined)?.(this, {}, {});
      if (this.plugins.some((p) => call(p) === false)) return;
      this.draws++;
    }
    destroy() {}
  }
  return { FakeChart, charts };
});
vi.mock('chart.js', () => ({ Chart: FakeChart }));

describe('useStreamingChart', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lays the chart out in one frame and draws it in the next', async () => {
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (run: FrameRequestCallback) => frames.push(run));
    const source = shallowRef(0);
    const Harness = defineComponent(() => {
      const canvas = shallowRef<HTMLCanvasElement | null>(null);
      useStreamingChart({
        canvas,
        range: shallowRef({ min: 0, max: 1 }),
        options: () => ({ scales: { x: {} } }),
        sync: () => true,
        sources: [source],
      });
      return () => h('canvas', { ref: canvas });
    });
    mount(Harness);
    const chart = charts.at(-1)!;
    expect(chart.draws).toBe(1);

    source.value++;
    await nextTick();
    frames.shift()?.(0);
    expect(chart.updates).toBe(2);
    expect(chart.draws).toBe(1);
    frames.shift()?.(16);
    expect(chart.draws).toBe(2);
    expect(frames).toHaveLength(0);
  });
});
