package dev.herald.bench;

import io.vertx.core.http.HttpConnection;

/** One SSE stream of the bench: its scanner, its connection, and its own completeness counters. */
final class StreamConn implements SseScanner.FrameHandler {
  final int index;
  final StreamPool pool;
  final SseScanner scanner;

  /** Bumped at each (re)connect; handlers of an older connection compare and ignore. */
  int generation;
  /** The stream's connection: a Vert.x HTTP connection, or a raw channel (see RawSseClient). */
  HttpConnection connection;
  io.netty.channel.Channel channel;
  boolean open;
  boolean ready;
  boolean connecting;
  int connects;
  long connectStartNanos;
  long readyNanos;

  /** Highest item key received; keys arrive in increasing order on a stream. */
  long lastKey = -1;
  long items;
  /** Items whose key was not above the highest before: out of order, or a duplicate. */
  long outOfOrder;
  long unkeyedItems;
  long resets;
  long endedByServer;

  // storm: catching up after the drop
  boolean awaitingResume;
  long resumeTargetKey = Long.MAX_VALUE;
  long reconnectedNanos;
  long resumedNanos;

  StreamConn(int index, StreamPool pool, SseScanner.KeyMode mode) {
    this.index = index;
    this.pool = pool;
    this.scanner = new SseScanner(mode, this);
  }

  @Override
  public void onFrame(SseScanner f) {
    pool.onFrame(this, f);
  }
}
