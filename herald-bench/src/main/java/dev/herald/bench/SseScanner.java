package dev.herald.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ByteProcessor;

import java.nio.charset.StandardCharsets;

/**
 * A tiny byte-level Server-Sent Events scanner for the hot path: one per stream, fed the response
 * body in whatever chunks the network delivers (split anywhere, LF, CR or CRLF line ends). It does
 * not build strings or parse JSON: per frame it only notes whether an {@code id:} and a
 * {@code data:} line were present, the event name (into a reused array), and one number, the
 * message key:
 * <ul>
 *   <li>{@link KeyMode#ID_SEQ}: the digits after the last {@code -} of the {@code id:} value
 *       (Herald's {@code <epoch>-<seq>});</li>
 *   <li>{@link KeyMode#DATA_DIGITS}: the first run of digits in the first {@code data:} line (the
 *       sequence number the bench puts at the start of a Nchan message body).</li>
 * </ul>
 * At each frame end (a blank line) that had any field, {@link FrameHandler#onFrame} is called; the
 * handler reads {@link #hasId()}, {@link #hasData()}, {@link #key()}, {@link #eventIs(byte[])}.
 * The last event id (the value of the most recent dispatched frame with an {@code id:}) is kept as
 * bytes, like a browser's Last-Event-ID, for reconnecting. Comment lines ({@code :...}, heartbeats)
 * are counted and otherwise ignored. Not thread-safe: one scanner per stream, on its event loop.
 */
public final class SseScanner {

  /** Where the per-message key comes from. */
  public enum KeyMode { ID_SEQ, DATA_DIGITS }

  /** Called at the end of every frame that carried at least one field. */
  @FunctionalInterface
  public interface FrameHandler {
    void onFrame(SseScanner frame);
  }

  private static final int NAME = 0;
  private static final int VALUE_ID = 1;
  private static final int VALUE_DATA = 2;
  private static final int VALUE_EVENT = 3;
  private static final int SKIP = 4;

  private static final int MAX_ID = 128;
  private static final int MAX_EVENT = 64;

  private final KeyMode mode;
  private final FrameHandler handler;

  // line state
  private int state = NAME;
  private final byte[] name = new byte[8];
  private int nameLen;
  private boolean nameOverflow;
  private boolean lineHasBytes;
  private boolean skipSpace;
  private boolean lastWasCr;

  // current frame
  private boolean anyField;
  private boolean hasId;
  private boolean hasData;
  private boolean hasEvent;
  private final byte[] idBuf = new byte[MAX_ID];
  private int idLen;
  private boolean idOverflow;
  private final byte[] eventBuf = new byte[MAX_EVENT];
  private int eventLen;
  private long key = -1;
  // key parsing
  private long acc;
  private boolean accDigits;
  private boolean accDash;
  private boolean dataKeyDone;

  // persistent
  private final byte[] lastId = new byte[MAX_ID];
  private int lastIdLen = -1;
  private long frames;
  private long comments;
  private long bytes;

  public SseScanner(KeyMode mode, FrameHandler handler) {
    this.mode = mode;
    this.handler = handler;
  }

  /** Feeds a chunk of the response body; reads {@code buf} from its reader index, does not move it. */
  public void feed(ByteBuf buf) {
    feed(buf, buf.readerIndex(), buf.writerIndex());
  }

  /** Feeds the bytes [from, to) of buf; does not move its indexes. */
  public void feed(ByteBuf buf, int from, int to) {
    int i = from;
    final int end = to;
    bytes += end - i;
    while (i < end) {
      if (state == SKIP || (state == VALUE_DATA && (mode != KeyMode.DATA_DIGITS || dataKeyDone))) {
        // fast path: nothing in the rest of this line matters (lastWasCr is false here: a line
        // end always leaves the NAME state behind it)
        int eol = buf.forEachByte(i, end - i, ByteProcessor.FIND_CRLF);
        if (eol < 0) {
          return;
        }
        i = eol;
      }
      byte b = buf.getByte(i++);
      if (lastWasCr) {
        lastWasCr = false;
        if (b == '\n') {
          continue;
        }
      }
      if (b == '\n' || b == '\r') {
        lastWasCr = b == '\r';
        endLine();
        continue;
      }
      switch (state) {
        case NAME:
          lineHasBytes = true;
          if (b == ':') {
            if (nameLen == 0 && !nameOverflow) {
              comments++;
              state = SKIP;
            } else {
              beginValue();
            }
          } else if (nameLen < name.length) {
            name[nameLen++] = b;
          } else {
            nameOverflow = true;
          }
          break;
        case VALUE_ID:
          if (skipSpace) {
            skipSpace = false;
            if (b == ' ') {
              break;
            }
          }
          if (idLen < MAX_ID) {
            idBuf[idLen++] = b;
          } else {
            idOverflow = true;
          }
          if (b == '-') {
            acc = 0;
            accDigits = false;
            accDash = true;
          } else if (b >= '0' && b <= '9') {
            digit(b);
          } else {
            acc = 0;
            accDigits = false;
          }
          break;
        case VALUE_DATA:
          // only reached in DATA_DIGITS mode before the key is complete
          if (skipSpace) {
            skipSpace = false;
            if (b == ' ') {
              break;
            }
          }
          if (b >= '0' && b <= '9') {
            digit(b);
          } else if (accDigits) {
            dataKeyDone = true;
          }
          break;
        case VALUE_EVENT:
          if (skipSpace) {
            skipSpace = false;
            if (b == ' ') {
              break;
            }
          }
          if (eventLen < MAX_EVENT) {
            eventBuf[eventLen++] = b;
          }
          break;
        default:
          break;
      }
    }
  }

  /** Feeds a byte array slice (tests, tools). */
  public void feed(byte[] chunk, int off, int len) {
    feed(Unpooled.wrappedBuffer(chunk, off, len));
  }

  public void feed(byte[] chunk) {
    feed(chunk, 0, chunk.length);
  }

  private boolean nameIs(String field) {
    if (nameOverflow || nameLen != field.length()) {
      return false;
    }
    for (int k = 0; k < nameLen; k++) {
      if (name[k] != field.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** One more decimal digit of the number being read (an id's sequence or a data key); saturates. */
  private void digit(byte b) {
    if (acc < 100_000_000_000_000_000L) {
      acc = acc * 10 + (b - '0');
    }
    accDigits = true;
  }

  private void beginValue() {
    skipSpace = true;
    if (nameIs("id")) {
      state = VALUE_ID;
      idLen = 0;
      idOverflow = false;
      acc = 0;
      accDigits = false;
      accDash = false;
    } else if (nameIs("data")) {
      anyField = true;
      boolean first = !hasData;
      hasData = true;
      if (mode == KeyMode.DATA_DIGITS && first) {
        state = VALUE_DATA;
        acc = 0;
        accDigits = false;
        dataKeyDone = false;
      } else {
        state = SKIP;
      }
    } else if (nameIs("event")) {
      state = VALUE_EVENT;
      eventLen = 0;
    } else {
      // retry: or an unknown field; it still makes the frame a frame
      anyField = true;
      state = SKIP;
    }
  }

  private void endLine() {
    if (state == NAME) {
      if (!lineHasBytes) {
        dispatch();
        return;
      }
      // a field name without a colon: the field with an empty value
      beginValue();
    }
    switch (state) {
      case VALUE_ID:
        anyField = true;
        if (!idOverflow) {
          hasId = true;
          if (mode == KeyMode.ID_SEQ) {
            key = accDash && accDigits ? acc : -1;
          }
        }
        break;
      case VALUE_DATA:
        if (mode == KeyMode.DATA_DIGITS && accDigits) {
          key = acc;
        }
        dataKeyDone = true;
        break;
      case VALUE_EVENT:
        anyField = true;
        hasEvent = true;
        break;
      default:
        break;
    }
    state = NAME;
    nameLen = 0;
    nameOverflow = false;
    lineHasBytes = false;
    skipSpace = false;
  }

  private void dispatch() {
    state = NAME;
    nameLen = 0;
    nameOverflow = false;
    lineHasBytes = false;
    if (!anyField) {
      return;
    }
    if (hasId) {
      System.arraycopy(idBuf, 0, lastId, 0, idLen);
      lastIdLen = idLen;
    }
    frames++;
    try {
      handler.onFrame(this);
    } finally {
      anyField = false;
      hasId = false;
      hasData = false;
      hasEvent = false;
      eventLen = 0;
      key = -1;
      dataKeyDone = false;
    }
  }

  /** The frame had an {@code id:} line. */
  public boolean hasId() {
    return hasId;
  }

  /** The frame had at least one {@code data:} line. */
  public boolean hasData() {
    return hasData;
  }

  /** The frame had an {@code event:} line. */
  public boolean hasEvent() {
    return hasEvent;
  }

  /** The frame's message key per the {@link KeyMode}, or -1 when it had none. */
  public long key() {
    return key;
  }

  /** Whether the frame's event name is exactly these ASCII bytes. */
  public boolean eventIs(byte[] ascii) {
    if (!hasEvent || eventLen != ascii.length) {
      return false;
    }
    for (int k = 0; k < eventLen; k++) {
      if (eventBuf[k] != ascii[k]) {
        return false;
      }
    }
    return true;
  }

  /** The frame's event name (allocates; for diagnostics). */
  public String event() {
    return hasEvent ? new String(eventBuf, 0, eventLen, StandardCharsets.UTF_8) : null;
  }

  /** The current frame's id (allocates; for diagnostics). */
  public String id() {
    return hasId ? new String(idBuf, 0, idLen, StandardCharsets.UTF_8) : null;
  }

  /** The last event id seen, as a browser would send it in Last-Event-ID, or null (allocates). */
  public String lastEventId() {
    return lastIdLen < 0 ? null : new String(lastId, 0, lastIdLen, StandardCharsets.UTF_8);
  }

  public boolean hasLastEventId() {
    return lastIdLen >= 0;
  }

  /** Frames dispatched (frames with at least one field). */
  public long frames() {
    return frames;
  }

  /** Comment lines (heartbeats) seen. */
  public long comments() {
    return comments;
  }

  /** Bytes fed. */
  public long bytes() {
    return bytes;
  }

  /** Forgets a partial line or frame, e.g. when the connection is replaced. Keeps the last event id. */
  public void resetPartial() {
    state = NAME;
    nameLen = 0;
    nameOverflow = false;
    lineHasBytes = false;
    skipSpace = false;
    lastWasCr = false;
    anyField = false;
    hasId = false;
    hasData = false;
    hasEvent = false;
    eventLen = 0;
    key = -1;
    dataKeyDone = false;
  }
}
