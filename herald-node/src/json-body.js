import { randomUUID } from 'node:crypto';

/**
 * JSON.stringify with two differences, both about numbers:
 * - a BigInt is written as its exact digits (JSON.stringify throws on it). The hub keeps every
 *   number's literal text, so 9007199254740993n reaches the stream and the inbox digit for digit.
 * - NaN and the infinities are refused with a TypeError (JSON.stringify would quietly send null),
 *   as the Java SDK refuses them: JSON has no such numbers, and a null is not what was meant.
 * Everything else (toJSON, Dates, dropped undefined and functions) is JSON.stringify's.
 */
export function toJson(value) {
  let marker;
  const text = JSON.stringify(value, function replace(key, v) {
    if (typeof v === 'bigint') {
      // A placeholder string no caller's text can hold (a fresh UUID), swapped for digits below.
      marker ??= `herald-bigint:${randomUUID()}:`;
      return marker + v.toString();
    }
    if (typeof v === 'number' && !Number.isFinite(v)) {
      const where = key === '' ? 'the value' : `"${key}"`;
      throw new TypeError(`${where} is ${v}, which JSON numbers cannot express; send a finite number or a string`);
    }
    return v;
  });
  if (marker === undefined) return text;
  return text.replace(new RegExp(`"${marker}(-?\\d+)"`, 'g'), '$1');
}
