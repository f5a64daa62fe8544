// What an item's handlers receive. Notifications and sync events arrive as their own payload; a
// custom event arrives in the hub's envelope { id, event, data, createdAt }, and its handlers get
// the published `data` itself (what the app declared in its event types) with the envelope's id
// and createdAt beside it in the second argument.

/** Item names the hub sends itself: their frame's data is the payload. Every other item is a custom event. */
export const HUB_ITEMS = Object.freeze(['notification', 'notification.read', 'notification.deleted',
  'preferences.updated', 'notification.seen', 'notification.unread', 'notification.archived',
  'notification.unarchived', 'notification.updated', 'notification.acted', 'notifications.bulk']);

const HUB_ITEM_SET = new Set(HUB_ITEMS);

/** The arguments for an item's handlers: { data, meta }. */
export function itemArguments(name, id, payload) {
  if (HUB_ITEM_SET.has(name)) return { data: payload, meta: { id, event: name } };
  const envelope = payload !== null && typeof payload === 'object' ? payload : {};
  const data = envelope.data === undefined ? null : envelope.data;
  const createdAt = typeof envelope.createdAt === 'string' ? envelope.createdAt : null;
  return { data, meta: { id, event: name, createdAt } };
}
