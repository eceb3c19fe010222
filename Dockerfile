# syntax=docker/dockerfile:1
# One image recipe for the four apps, chosen by the build arguments APP and PORT (its server.port):
#   docker build --build-arg APP=coupon-service --build-arg PORT=3001 -t promo/coupon-service:dev .
# APP = api-gateway (4000) | coupon-service (3001) | point-service (3002) | timesale-service (3003)
# docker-compose.yml builds all four from here (promo/<app>:dev); docker-compose.prod.yml builds and
# runs them as ${REGISTRY}/<app>:${TAG}.
#
# Stage 1 builds only that module and what it needs (-pl $APP -am) with the Maven wrapper on a
# JDK 25, then splits the Boot jar into its layers. Stage 2 is a JRE with those layers copied in
# the order they change least to most, so a code change rebuilds only the last small layer.

ARG APP=coupon-service
ARG PORT=3001

FROM eclipse-temurin:25-jdk AS build
ARG APP
ARG PORT
# The wrapper unpacks Maven with unzip; without it, it fetches the .tar.gz, which fails the zip's
# checksum in .mvn/wrapper/maven-wrapper.properties.
RUN apt-get update && apt-get install -y --no-install-recommends unzip && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# The wrapper first (its Maven download is cached apart), then the poms and the sources.
COPY mvnw ./
COPY .mvn/ .mvn/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q --version
COPY pom.xml ./
COPY common-lib/ common-lib/
COPY api-gateway/ api-gateway/
COPY coupon-service/ coupon-service/
COPY point-service/ point-service/
COPY timesale-service/ timesale-service/
# APP must be a module, and PORT its server.port (application.yml), which EXPOSE documents.
RUN case "$APP" in api-gateway|coupon-service|point-service|timesale-service) ;; \
      *) echo "APP must be api-gateway, coupon-service, point-service or timesale-service, not '$APP'" >&2; exit 1 ;; esac \
 && grep -Eq "^  port: $PORT\$" "$APP/src/main/resources/application.yml" \
 || { echo "PORT=$PORT is not $APP's server.port (see $APP/src/main/resources/application.yml)" >&2; exit 1; }
# Maven's repository is a BuildKit cache: later builds download nothing they already have.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -pl "$APP" -am package -DskipTests -Djacoco.skip=true \
 && cp "$APP/target/$APP-"*.jar /src/app.jar
WORKDIR /layers
RUN java -Djarmode=tools -jar /src/app.jar extract --layers --launcher --destination /layers

FROM eclipse-temurin:25-jre AS runtime
ARG PORT
# A fixed non-root user: files in the image belong to root and are only read by the app.
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
COPY --chmod=0755 docker/entrypoint.sh /usr/local/bin/entrypoint.sh
# Actuator binds to the container's network (MANAGEMENT_ADDRESS), which is never published: the
# compose files publish public ports only. Its port is the app's default (MANAGEMENT_PORT in
# application.yml) unless MANAGEMENT_PORT is set; the health check asks the same one.
# JAVA_OPTS (given to java by the entrypoint): the heap at most 75% of the container's memory limit
# (the JVM reads its cgroup; set a limit), and a JVM out of memory exits, to be restarted, instead
# of limping on.
ENV MANAGEMENT_ADDRESS=0.0.0.0 \
    JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE ${PORT}
USER 10001:10001
# Readiness on the management port, without curl or wget (not promised by the JRE image): bash's
# /dev/tcp sends one HTTP/1.0 request and the status line must be 200 (503 while out of service).
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 \
  CMD ["/usr/local/bin/entrypoint.sh", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]
