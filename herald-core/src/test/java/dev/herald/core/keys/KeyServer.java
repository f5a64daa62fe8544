package dev.herald.core.keys;

import java.util.List;

/**
 * The outside a {@link TokenKeys} implementation fetches from, under the test's control: it serves a
 * key set that the test can rotate, or goes silent, or answers an error or garbage, and counts the
 * fetches it was asked for.
 */
public interface KeyServer extends AutoCloseable {
    /** From now on, answers with these keys. */
    void serve(List<VerificationKey> keys);

    /** From now on, accepts each request and never answers it. */
    void goSilent();

    /** From now on, answers with a server error. */
    void answerError();

    /** From now on, answers 200 with something that is not a key set. */
    void answerGarbage();

    /** Requests received so far (answered or not). */
    int fetches();

    @Override
    void close();
}
