// The subscriber token: a fixed one, or one from the app's tokenProvider, fetched single-flight
// (concurrent needs share one call) and asked for again once the hub has refused it.

export class TokenSource {
  /** token: a JWT to start with (or undefined); provider: async () => jwt (or undefined). */
  constructor(token, provider) {
    this.token = token || undefined;
    this.provider = typeof provider === 'function' ? provider : undefined;
    this._pending = null;
  }

  /** Whether a refused token can be replaced (a tokenProvider exists). */
  get refreshable() {
    return !!this.provider;
  }

  /** The token to use now: the current one, the provider's next one, or undefined without either. */
  current() {
    if (this.token) return Promise.resolve(this.token);
    if (!this.provider) return Promise.resolve(undefined);
    if (!this._pending) {
      const p = Promise.resolve()
        .then(() => this.provider())
        .then((t) => {
          if (!t || typeof t !== 'string') throw new Error('tokenProvider returned no token');
          if (this._pending === p) this.token = t;
          return t;
        })
        .finally(() => {
          if (this._pending === p) this._pending = null;
        });
      this._pending = p;
    }
    return this._pending;
  }

  /** Forgets the token if it is still the one that was refused (so the provider is asked again). */
  invalidate(used) {
    if (this.provider && this.token === used) this.token = undefined;
  }
}
