import {
  candidatesOf,
  whatIfListingKey,
  type Advice,
  type PredictionCheck,
  type WhatIf,
} from '@common/advice';
import type { HostId } from '@common/model';
import { defineStore } from 'pinia';
import { computed, shallowRef, watch } from 'vue';
import { api } from '../api/client';
import { errorText } from '../shared/errors';
import { useSchedStore } from '../switching/sched-store';

/** How many of the best candidates the panel asks the engine about at once (a run takes 1–2 s). */
const PREDICTED_CANDIDATES = 2;

/**
 * The followed host's advice: the ranking with its evidence, the engine's what-if for a
 * candidate (the panel's best candidates, and whatever the switch dialog asks), and the checks
 * of predictions against what the host showed after a switch (pushed as `predictionCheck`).
 *
 * A what-if holds for the scheduler listing it was run under (`whatIfListingKey`): when any VM's
 * class, weight or cap changes — another VM's switch — the answers kept are stale, and the best
 * candidates are predicted again at once rather than at the next refresh.
 */
export const useAdviceStore = defineStore('advice', () => {
  const hostId = shallowRef<HostId | null>(null);
  const advice = shallowRef<Advice | null>(null);
  const loading = shallowRef(false);
  const error = shallowRef<string | null>(null);
  /** What-ifs by `domid|microsliceMs`: the latest answer for each, with the listing it holds for. */
  const predictions = shallowRef<ReadonlyMap<string, { listing: string; whatIf: WhatIf }>>(
    new Map(),
  );
  const predicting = shallowRef<ReadonlySet<string>>(new Set());
  const checks = shallowRef<readonly PredictionCheck[]>([]);
  /** A refresh was asked for while one ran. */
  let again = false;

  const key = (domid: number, microsliceMs: number) => `${domid}|${microsliceMs}`;

  const sched = useSchedStore();
  /** The followed host's listing as the window has it; '' until it is known. */
  const listing = computed(() =>
    sched.hostId === hostId.value ? whatIfListingKey(sched.sched) : '',
  );

  function applyCheck(c: PredictionCheck): void {
    if (c.hostId !== hostId.value) return;
    const rest = checks.value.filter((x) => x.switchId !== c.switchId);
    checks.value = [...rest, c].sort((a, b) => a.t - b.t);
  }

  async function follow(id: HostId): Promise<void> {
    hostId.value = id;
    again = false;
    advice.value = null;
    predictions.value = new Map();
    checks.value = [];
    error.value = null;
    try {
      const list = await api.listPredictionChecks({ hostId: id });
      if (hostId.value === id) for (const c of list) applyCheck(c);
    } catch {
      // A core without checks (an old one) still advises; the checks table stays empty.
    }
  }

  /** The engine's what-if of making `domid` an LSVM at `microsliceMs`; null if it failed. */
  async function predict(domid: number, microsliceMs: number): Promise<WhatIf | null> {
    const id = hostId.value;
    if (!id) return null;
    const k = key(domid, microsliceMs);
    const under = listing.value;
    predicting.value = new Set(predicting.value).add(k);
    try {
      const w = await api.predictSwitch({ hostId: id, domid, microsliceMs });
      if (hostId.value !== id) return w;
      // The listing changed while the engine ran: the answer may be of the old one; ask again.
      if (under !== '' && listing.value !== under) return await predict(domid, microsliceMs);
      // Asked before the window had the listing: the core ran it under the one it has now.
      const at = under === '' ? listing.value : under;
      predictions.value = new Map(predictions.value).set(k, { listing: at, whatIf: w });
      return w;
    } catch (e) {
      error.value = `The what-if failed: ${errorText(e)}`;
      return null;
    } finally {
      const next = new Set(predicting.value);
      next.delete(k);
      predicting.value = next;
    }
  }

  /**
   * Fresh evidence and ranking, then the engine's prediction for the best candidates: all of
   * them when `repredict` (the operator asked), else only those not predicted yet.
   */
  async function refresh(repredict = true): Promise<void> {
    const id = hostId.value;
    if (!id) return;
    if (loading.value) {
      // One in flight may have looked at the candidates before the listing changed: go again.
      again = true;
      return;
    }
    loading.value = true;
    error.value = null;
    try {
      const a = await api.getAdvice({ hostId: id });
      if (hostId.value !== id) return;
      advice.value = a;
      for (const c of candidatesOf(a).slice(0, PREDICTED_CANDIDATES))
        if (
          !isPredicting(c.domid, c.microsliceMs) &&
          (repredict || !prediction(c.domid, c.microsliceMs))
        )
          await predict(c.domid, c.microsliceMs);
    } catch (e) {
      error.value = errorText(e);
    } finally {
      loading.value = false;
    }
    if (again) {
      again = false;
      await refresh(false);
    }
  }

  /** The kept what-if, unless the listing changed since it was run. */
  const prediction = (domid: number, microsliceMs: number): WhatIf | null => {
    const p = predictions.value.get(key(domid, microsliceMs));
    return p && p.listing === listing.value ? p.whatIf : null;
  };

  watch(listing, (now, before) => {
    if (now === '') return;
    const kept = [...predictions.value];
    if (before === '') {
      // The window learnt the listing after the answers came: the core ran them under it.
      predictions.value = new Map(
        kept.map(([k, p]) => [k, p.listing === '' ? { ...p, listing: now } : p]),
      );
      return;
    }
    predictions.value = new Map(kept.filter(([, p]) => p.listing === now));
    if (kept.length > predictions.value.size) void refresh(false);
  });
  const isPredicting = (domid: number, microsliceMs: number): boolean =>
    predicting.value.has(key(domid, microsliceMs));

  api.on('predictionCheck', applyCheck);

  return {
    hostId,
    listing,
    advice,
    loading,
    error,
    checks,
    predictions,
    follow,
    refresh,
    predict,
    prediction,
    isPredicting,
    applyCheck,
  };
});
