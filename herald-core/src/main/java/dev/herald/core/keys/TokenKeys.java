package dev.herald.core.keys;

import java.util.List;

/**
 * Where the public keys that verify subscriber tokens come from: an identity provider's key set
 * (JWKS), fetched from the outside and cached. The hub verifies every token it can with the keys it
 * already holds, at once on its event loop ({@link #cached}), and asks {@link #fetch} on a worker
 * thread only when a token names a key it does not hold.
 *
 * <h2>Contract (every implementation passes the same contract suite, {@code TokenKeysContract})</h2>
 * <ul>
 *   <li><b>Cached never waits.</b> {@link #cached} answers from the last key set fetched, while it is
 *       fresh (younger than the implementation's cache time), and never does I/O: it is safe on an
 *       event loop.</li>
 *   <li><b>An unknown key id fetches again.</b> {@link #fetch} of an id the cached set lacks fetches
 *       the set once more, then answers from it: a key added by a rotation is found.</li>
 *   <li><b>Fetches are rate-limited.</b> However many unknown ids are asked for, however fast, the source
 *       is asked at most twice per refresh interval (one fetch stays free for a rotation beside the
 *       background refresh); a fetch held back by the limit answers from the cache at once.</li>
 *   <li><b>Failing fast.</b> A source that does not answer, answers an error, or answers something that
 *       is not a key set makes {@link #fetch} throw {@link KeysUnavailableException} within the
 *       implementation's timeouts (seconds), never hang. Keys already cached stay usable.</li>
 *   <li><b>Background refresh.</b> The implementation keeps the set fresh by itself, and keeps trying
 *       while the source is unreachable (a source down at start does not stop the hub).</li>
 *   <li><b>Closing</b> stops the background work and is idempotent; afterwards nothing is fetched.</li>
 * </ul>
 * Keys are matched by id only here; which key may verify which algorithm is the verifier's rule (the
 * key's type decides it).
 */
public interface TokenKeys extends AutoCloseable {

    /**
     * The cached keys with this id (every cached key when {@code keyId} is null); empty when none is
     * cached or the cached set is no longer fresh. Never blocks.
     */
    List<VerificationKey> cached(String keyId);

    /**
     * The keys with this id (every key when {@code keyId} is null), fetching the set again when the
     * cache has none (within the rate limit). Blocks for at most the implementation's timeouts: never
     * call it on an event loop.
     *
     * @throws KeysUnavailableException when the source had to be asked and could not be
     */
    List<VerificationKey> fetch(String keyId);

    @Override
    void close();
}
