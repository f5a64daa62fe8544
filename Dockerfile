# syntax=docker/dockerfile:1
# Herald's container image: `docker build -t herald .` at the root of the repository.
# The same image as the Jib build in herald-image/pom.xml (`./mvnw -Pimage -DskipTests package`, no
# Docker daemon needed); herald-image's ImageTarIT holds the two to the same user, ports, volume,
# environment, entrypoint, health check and labels. README.md, "Run it in a container", says how to run it.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# Builds herald.jar and the health probe, no tests (they need PostgreSQL, Redis, a browser...).
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -DskipTests -pl herald-image -am package

FROM eclipse-temurin:17-jre
COPY --from=build /src/herald-server/target/herald.jar /app/herald.jar
COPY --from=build /src/herald-image/target/classes/ /app/classes/
# Root-owned and open to all, as in the Jib image (Jib cannot chown): the hub's user, or any --user,
# can write there, and what the hub creates inside is owner-only (0700 and 0600).
RUN mkdir -m 777 /data
ENV HERALD_HOST=0.0.0.0 \
    HERALD_DATA_DIR=/data
USER 10001:10001
EXPOSE 8080
VOLUME ["/data"]
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", "/app/classes", "dev.herald.image.HealthProbe"]
LABEL org.opencontainers.image.title="Herald" \
      org.opencontainers.image.description="Real-time notification hub: publish over HTTP, receive over Server-Sent Events." \
      org.opencontainers.image.licenses="Apache-2.0"
# A capped young generation and a trimmed native heap keep an idle stream's memory to what it holds,
# and a higher metadata threshold spares a warming hub two full collections (bin/herald does the same;
# docs/performance.md, decisions 318, 319 and 333). Replace the entrypoint to choose other JVM options.
ENTRYPOINT ["java", "-XX:MaxNewSize=64m", "-XX:MetaspaceSize=64m", "-XX:TrimNativeHeapInterval=5000", "-jar", "/app/herald.jar"]
