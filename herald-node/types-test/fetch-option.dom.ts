// The global fetch (DOM-typed, as @types/node types Node's) and wrappers of it are accepted.
import { Herald } from '@herald/node';

new Herald({ url: 'http://127.0.0.1:8080', apiKey: 'hk_0123456789abcdef', fetch });
new Herald({ url: 'http://127.0.0.1:8080', apiKey: 'hk_0123456789abcdef', fetch: globalThis.fetch });
const traced = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => fetch(input, init);
new Herald({ url: 'http://127.0.0.1:8080', apiKey: 'hk_0123456789abcdef', fetch: traced });
// @ts-expect-error not a fetch
new Herald({ url: 'http://127.0.0.1:8080', apiKey: 'hk_0123456789abcdef', fetch: (url: number) => url });
