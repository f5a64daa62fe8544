// The client and the hook type-check in a project without the DOM lib.
import { Herald, type HeraldOptions } from '@herald/client';
import { useHerald } from '@herald/client/react';

const options: HeraldOptions = { url: 'https://hub.example.com', token: 'jwt', shareAcrossTabs: false, window: null };
const herald = new Herald<{ 'score.updated': { score: number } }>(options);
herald.on('score.updated', (d) => d.score);
// @ts-expect-error score is a number
herald.on('score.updated', (d) => d.score.toUpperCase());
export const hook = () => useHerald({ token: 'jwt' }).reconnectAttempts;
