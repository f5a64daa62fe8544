package dev.herald.server.config;

import dev.herald.core.limit.Rate;

/**
 * The hub's rate limits; a null rate means that limit is off. See {@link Setting#PUBLISH_RATE} and
 * {@link Setting#SUBSCRIBER_WRITE_RATE}.
 *
 * @param publish          items per publisher key
 * @param subscriberWrites writes to {@code /v1/me/...} per user
 */
public record RateSettings(Rate publish, Rate subscriberWrites) {
}
