import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SseParser } from '../src/herald.js';

/** Feeds chunks and returns everything the parser reported, in order. */
function run(chunks) {
  const log = [];
  const p = new SseParser({
    onEvent: (ev) => log.push(['event', ev]),
    onId: (id) => log.push(['id', id]),
    onRetry: (ms) => log.push(['retry', ms]),
    onComment: (text) => log.push(['comment', text]),
  });
  for (const c of chunks) p.feed(c);
  return log;
}

const ev = (event, data, id = '', hasId = false) => ['event', { id, hasId, event, data }];

// Every feature at once: BOM, LF, CRLF, CR, comments, retry, multi-line data, an anchor, an id with
// NUL, an empty id, a field without a colon, non-ASCII text, and an unfinished last frame.
const SAMPLE = '\uFEFF'
  + 'retry: 2000\n\n'
  + 'event: connected\ndata: {"heartbeatMs":1000}\n\n'
  + 'id: e-0\n\n'
  + ':\n\n'
  + 'id: e-1\r\nevent: notification\r\ndata: line1\r\ndata: line2\r\n\r\n'
  + 'id: e-2\revent: x\rdata:  two spaces\r\r'
  + 'data\n\n'
  + 'id: bad\0id\ndata: nul\n\n'
  + 'retry: 12a\nretry: 350\n: comment text\n'
  + 'data: ünïcödé 🎉 中文\n\n'
  + 'id\ndata: after empty id\n\n'
  + 'unknown: field\ndata:no-space\n\n'
  + 'data: unfinished frame\n';

const EXPECTED = [
  ['retry', 2000],
  ev('connected', '{"heartbeatMs":1000}'),
  ['id', 'e-0'],
  ['comment', ''],
  ev('notification', 'line1\nline2', 'e-1', true),
  ev('x', ' two spaces', 'e-2', true),
  ev('message', '', 'e-2'),
  ev('message', 'nul', 'e-2'),
  ['retry', 350],
  ['comment', ' comment text'],
  ev('message', 'ünïcödé 🎉 中文', 'e-2'),
  ev('message', 'after empty id', '', true),
  ev('message', 'no-space', ''),
];

test('parses the sample stream in one chunk', () => {
  assert.deepEqual(run([SAMPLE]), EXPECTED);
});

test('same result for a split at every byte position (bytes, UTF-8 split inside characters and CRLF)', () => {
  const bytes = new TextEncoder().encode(SAMPLE);
  for (let i = 0; i <= bytes.length; i += 1) {
    assert.deepEqual(run([bytes.subarray(0, i), bytes.subarray(i)]), EXPECTED, `split at byte ${i}`);
  }
});

test('same result fed one byte at a time, and one character at a time', () => {
  const bytes = new TextEncoder().encode(SAMPLE);
  assert.deepEqual(run(Array.from(bytes, (b) => Uint8Array.of(b))), EXPECTED);
  assert.deepEqual(run(Array.from(SAMPLE)), EXPECTED);
});

test('same result for string chunks split at every position and in three pieces', () => {
  for (let i = 0; i <= SAMPLE.length; i += 1) {
    assert.deepEqual(run([SAMPLE.slice(0, i), SAMPLE.slice(i)]), EXPECTED, `split at ${i}`);
  }
  for (let i = 0; i < SAMPLE.length; i += 7) {
    for (let j = i; j <= SAMPLE.length; j += 5) {
      assert.deepEqual(run([SAMPLE.slice(0, i), SAMPLE.slice(i, j), SAMPLE.slice(j)]), EXPECTED);
    }
  }
});

test('multi-line data is joined with LF; one trailing LF removed; only one leading space stripped', () => {
  assert.deepEqual(run(['data: a\ndata:\ndata:  b\ndata\n\n']), [ev('message', 'a\n\n b\n')]);
});

test('CR alone and CRLF end lines; a CR at the end of a chunk followed by LF is one line end', () => {
  assert.deepEqual(run(['data: a\r', '\ndata: b\r', '\r']), [ev('message', 'a\nb')]);
  // CR then CR: two line ends (the second is a blank line that dispatches)
  assert.deepEqual(run(['data: x\r\r']), [ev('message', 'x')]);
  // LF CR: two line ends as well
  assert.deepEqual(run(['data: y\n\r']), [ev('message', 'y')]);
  // an empty chunk between CR and LF changes nothing
  assert.deepEqual(run(['data: z\r', '', '\n\n']), [ev('message', 'z')]);
});

test('comments are reported (for the watchdog) and never dispatch', () => {
  assert.deepEqual(run([':\n\n: hi\n:x\n\n']), [['comment', ''], ['comment', ' hi'], ['comment', 'x']]);
});

test('retry: only ASCII digits count', () => {
  assert.deepEqual(run(['retry: 100\nretry: -1\nretry: 1.5\nretry:\nretry: 007\n\n']),
    [['retry', 100], ['retry', 7]]);
});

test('a BOM is ignored at the start of the stream only, and only one', () => {
  assert.deepEqual(run(['\uFEFFdata: a\n\n']), [ev('message', 'a')]);
  assert.deepEqual(run([Uint8Array.of(0xef, 0xbb), Uint8Array.of(0xbf), 'data: b\n\n']), [ev('message', 'b')]);
  // a second BOM belongs to the field name: "\uFEFFdata" is unknown, nothing dispatches
  assert.deepEqual(run(['\uFEFF\uFEFFdata: c\n\n']), []);
  // a BOM later in the stream is just text
  assert.deepEqual(run(['data: d\n\n', '\uFEFFdata: e\n\n']), [ev('message', 'd')]);
});

test('an id-only frame reports the id without an event; later events carry it', () => {
  assert.deepEqual(run(['id: k-7\n\n', 'event: x\ndata: 1\n\n']), [['id', 'k-7'], ev('x', '1', 'k-7')]);
  // an event field without data dispatches nothing and does not leak into the next frame
  assert.deepEqual(run(['event: x\n\ndata: 2\n\n']), [ev('message', '2')]);
});

test('an id with NUL is ignored; an empty id resets the id to ""', () => {
  const p = new SseParser({});
  p.feed('id: a-1\n\nid: a-\u00002\n\n');
  assert.equal(p.lastEventId, 'a-1');
  p.feed('id:\n\n');
  assert.equal(p.lastEventId, '');
});

test('an unfinished frame is not dispatched until its blank line', () => {
  const log = [];
  const p = new SseParser({ onEvent: (e) => log.push(e.data) });
  p.feed('data: a\ndata: b\n');
  assert.deepEqual(log, []);
  p.feed('\n');
  assert.deepEqual(log, ['a\nb']);
});
