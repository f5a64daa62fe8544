// The app's Herald payloads, by name: types only, so both sides can import them. The server's
// @herald/node checks what it publishes against them; the browser's @herald/client types what it
// receives with the same maps.

/** Notifications, by `type`: each maps to its `data`. */
export interface AppNotifications {
  'demo.hello': { sentAt: string };
}

/** Custom events (`POST /v1/events`), by name: each maps to its `data`. */
export interface AppEvents {
  'upload.progress': { pct: number };
}
