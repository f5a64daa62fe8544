// Stream positions: item ids are `<epoch>-<seq>` (docs/api.md). Only ids of one epoch compare.

/** Splits an id `<epoch>-<seq>`; null if it has not that form. */
function splitId(id) {
  if (typeof id !== 'string') return null;
  const dash = id.lastIndexOf('-');
  if (dash <= 0) return null;
  const seq = id.slice(dash + 1).replace(/^0+(?=\d)/, '');
  if (!/^[0-9]+$/.test(seq)) return null;
  return { epoch: id.slice(0, dash), seq };
}

/** -1/0/1 when a and b are ids of one epoch (seq compared as a number of any size); null otherwise. */
export function compareIds(a, b) {
  const x = splitId(a);
  const y = splitId(b);
  if (!x || !y || x.epoch !== y.epoch) return null;
  if (x.seq.length !== y.seq.length) return x.seq.length < y.seq.length ? -1 : 1;
  return x.seq === y.seq ? 0 : (x.seq < y.seq ? -1 : 1);
}
