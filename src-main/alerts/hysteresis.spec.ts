import { describe, expect, it } from 'vitest';
import type { AlertRuleSettings } from '../common/alerts';
import { HysteresisEvaluator, type Observation } from './hysteresis';

const rule = (over: Partial<AlertRuleSettings> = {}): AlertRuleSettings => ({
  enabled: true,
  threshold: 100,
  forSec: 5,
  keepFiringForSec: 10,
  ...over,
});

const obs = (holds: boolean, over: Partial<Observation> = {}): Observation => ({
  hostId: 'xen1',
  vm: 'web',
  kind: 'rttP99High',
  rule: rule(),
  holds,
  value: holds ? 150 : 50,
  bound: 100,
  text: holds ? 'high' : 'low',
  ...over,
});

const evaluator = () => new HysteresisEvaluator((o, state) => `${o.vm} ${state}: ${o.text}`);

/** Runs one observation a second from t = 0 s; returns [second, state] of every change. */
function run(e: HysteresisEvaluator, pattern: readonly boolean[], over: Partial<Observation> = {}) {
  const changes: [number, string][] = [];
  pattern.forEach((holds, s) => {
    for (const a of e.round(s * 1000, [obs(holds, over)])) changes.push([s, a.state]);
  });
  return changes;
}

describe('HysteresisEvaluator', () => {
  it('raises only once the condition has held for `for`, and clears after `keep_firing_for`', () => {
    const e = evaluator();
    // holds from 0 s to 9 s, then gone for 15 s
    const pattern = [...Array(10).fill(true), ...Array(15).fill(false)];
    expect(run(e, pattern)).toEqual([
      [5, 'raised'],
      [20, 'cleared'],
    ]);
    expect(e.active()).toEqual([]);
  });

  it('a condition that breaks before `for` raises nothing, and the wait starts again', () => {
    const e = evaluator();
    const pattern = [true, true, true, true, false, true, true, true, true, true, true];
    expect(run(e, pattern)).toEqual([[10, 'raised']]);
  });

  it('flapping input inside keep_firing_for keeps one alert up: no second raise', () => {
    const e = evaluator();
    const flap = Array.from({ length: 60 }, (_, i) => (i < 6 ? true : i % 3 !== 0));
    const changes = run(e, [...flap, ...Array(12).fill(false)]);
    expect(changes.filter(([, s]) => s === 'raised')).toHaveLength(1);
    expect(changes).toEqual([
      [5, 'raised'],
      [70, 'cleared'],
    ]);
  });

  it('for 0 raises at the first round and keep_firing_for 0 clears at the first round without it', () => {
    const e = evaluator();
    const r = rule({ forSec: 0, keepFiringForSec: 0 });
    expect(run(e, [true, false, true], { rule: r })).toEqual([
      [0, 'raised'],
      [1, 'cleared'],
      [2, 'raised'],
    ]);
  });

  it('keeps one id from raise to clear, carries the latest value while raised', () => {
    const e = evaluator();
    const r = rule({ forSec: 0, keepFiringForSec: 0 });
    const [raised] = e.round(0, [obs(true, { rule: r, value: 120 })]);
    e.round(1000, [obs(true, { rule: r, value: 180 })]);
    expect(e.active()[0]).toMatchObject({ id: raised!.id, value: 180, state: 'raised' });
    const [cleared] = e.round(2000, [obs(false, { rule: r })]);
    expect(cleared).toMatchObject({
      id: raised!.id,
      state: 'cleared',
      raisedAt: 0,
      clearedAt: 2000,
      message: 'web cleared: low',
    });
  });

  it('a VM that disappears from the rounds clears after keep_firing_for, as a missing series', () => {
    const e = evaluator();
    const r = rule({ forSec: 0, keepFiringForSec: 3 });
    e.round(0, [obs(true, { rule: r })]);
    expect(e.round(1000, [])).toEqual([]);
    expect(e.round(3000, [])).toEqual([]);
    expect(e.round(4000, [])).toMatchObject([{ state: 'cleared', value: null }]);
  });

  it('switching a rule off clears its alert at once and raises nothing while off', () => {
    const e = evaluator();
    const r = rule({ forSec: 0 });
    e.round(0, [obs(true, { rule: r })]);
    expect(e.round(1000, [obs(true, { rule: { ...r, enabled: false } })])).toMatchObject([
      { state: 'cleared' },
    ]);
    expect(e.round(2000, [obs(true, { rule: { ...r, enabled: false } })])).toEqual([]);
  });

  it('keeps hosts, VMs and rules apart, whatever the VM names hold', () => {
    const e = evaluator();
    const r = rule({ forSec: 0 });
    const names = ['a"b', 'x\nfake', '__proto__', 'constructor', '["xen1",null]', 'é 🖥'];
    const round = names.map((vm) => obs(true, { vm, rule: r }));
    round.push(obs(true, { vm: null, kind: 'hostDown', rule: r }));
    round.push(obs(true, { hostId: 'xen2', vm: 'a"b', rule: r }));
    expect(e.round(0, round)).toHaveLength(names.length + 2);
    expect(new Set(e.active().map((a) => a.id)).size).toBe(names.length + 2);
    // the same round again raises nothing new
    expect(e.round(1000, round)).toEqual([]);
  });
});
