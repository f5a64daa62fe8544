'use client';
// Calls the server action that publishes with @herald/node; the notification itself arrives through
// the hub, in the bell, not through this button's reply.
import { useState, useTransition } from 'react';
import { sendMeANotification, type SendResult } from './actions';

export function SendButton() {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<SendResult | null>(null);
  return (
    <p>
      <button type="button" disabled={pending}
        onClick={() => startTransition(async () => setResult(await sendMeANotification()))}>
        Send me a notification
      </button>{' '}
      <span data-testid="send-result">
        {result === null ? '' : result.ok ? `published ${result.id}` : `failed: ${result.error}`}
      </span>
    </p>
  );
}
