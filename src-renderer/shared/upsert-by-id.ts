/**
 * `list` with `item` in place of the element with its id, or `item` appended when none has it.
 * Always a new array: lists live in shallowRefs, and a new array is what tells Vue they changed.
 * An item pushed again (a class switch `running`, then `done`; a host answered by add and by
 * `hostsChanged`) thus ends as one element whichever order the copies come in.
 */
export function upsertById<T extends { readonly id: string }>(list: readonly T[], item: T): T[] {
  const i = list.findIndex((x) => x.id === item.id);
  if (i === -1) return [...list, item];
  const next = list.slice();
  next[i] = item;
  return next;
}
