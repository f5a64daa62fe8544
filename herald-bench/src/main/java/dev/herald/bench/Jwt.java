package dev.herald.bench;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/** Mints HS256 subscriber tokens ({@code sub}, {@code exp}) locally with the hub's JWT secret. */
final class Jwt {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final String HEADER = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
  private final Mac mac;

  Jwt(String secret) {
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  String mint(String sub, long expEpochSeconds) {
    StringBuilder json = new StringBuilder(64).append("{\"sub\":\"");
    for (char c : sub.toCharArray()) {
      if (c == '"' || c == '\\') {
        json.append('\\');
      }
      json.append(c);
    }
    json.append("\",\"exp\":").append(expEpochSeconds).append('}');
    String payload = B64.encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
    String signingInput = HEADER + "." + payload;
    byte[] sig = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + B64.encodeToString(sig);
  }
}
