package dev.herald.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/** Subscriber tokens for Herald: minted locally with the JWT secret, or one POST /v1/tokens per user. */
final class Tokens {
  private Tokens() {
  }

  static String[] forStreams(TargetAdapter t, int n) throws Exception {
    ScenarioOptions o = t.o;
    String[] tokens = new String[n];
    if (o.jwtSecret != null && !o.jwtSecret.isBlank()) {
      Jwt jwt = new Jwt(o.jwtSecret);
      long exp = System.currentTimeMillis() / 1000 + o.tokenTtlSeconds;
      for (int i = 0; i < n; i++) {
        tokens[i] = jwt.mint(t.user(i), exp);
      }
      return tokens;
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    // A token is valid on every node of a cluster (they share the secret): the first node mints them all.
    URI uri = URI.create(o.urls().get(0).replaceAll("/+$", "") + "/v1/tokens");
    Semaphore inFlight = new Semaphore(32);
    CompletableFuture<?>[] all = new CompletableFuture<?>[n];
    for (int i = 0; i < n; i++) {
      final int idx = i;
      inFlight.acquire();
      HttpRequest req = HttpRequest.newBuilder(uri)
          .header("Authorization", "Bearer " + o.apiKey)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(
              "{\"userId\":\"" + t.user(i) + "\",\"ttlSeconds\":" + o.tokenTtlSeconds + "}"))
          .build();
      all[i] = http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
        inFlight.release();
        if (e == null && r.statusCode() == 201) {
          String b = r.body();
          int s = b.indexOf("\"token\":\"") + 9;
          tokens[idx] = b.substring(s, b.indexOf('"', s));
        }
      });
    }
    CompletableFuture.allOf(all).exceptionally(e -> null).join();
    for (int i = 0; i < n; i++) {
      if (tokens[i] == null) {
        throw new IllegalStateException("POST /v1/tokens failed for user " + t.user(i)
            + " (check --url and --api-key, or pass --jwt-secret to mint tokens locally)");
      }
    }
    return tokens;
  }
}
