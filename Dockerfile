# syntax=docker/dockerfile:1
#
# docker build -t estimator:0.1.0 .
# docker run -p 8080:8080 -e SPRING_DATASOURCE_URL=jdbc:postgresql://db:5432/estimator \
#   -e SPRING_DATASOURCE_USERNAME=estimator -e SPRING_DATASOURCE_PASSWORD=secret estimator:0.1.0
#
# ImageIT (./mvnw verify) runs this file's extraction and its final stage's java command line on the packaged
# jar, so keep the extraction a single java RUN and the ENTRYPOINT in exec form.

# Build: the Maven wrapper on a JDK, then Spring Boot's layered extraction of the executable jar.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /workspace
# The dependencies first, as a layer of their own that a source change does not invalidate.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
RUN ./mvnw -B -q dependency:go-offline
COPY src/main/ src/main/
RUN ./mvnw -B -q package -Dmaven.test.skip=true && cp target/estimator-*.jar application.jar
RUN java -Djarmode=tools -jar application.jar extract --layers --launcher --destination extracted

# Run: a JRE, the four layers (least to most often changed), a user without privileges.
FROM eclipse-temurin:17-jre
# The SIMD kernels need the incubator module: fail the build, not the first start, if this JRE lacks it.
RUN java --add-modules jdk.incubator.vector -version
RUN groupadd --system --gid 10001 estimator \
    && useradd --system --uid 10001 --gid estimator --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin estimator
WORKDIR /app
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./
USER 10001:10001
EXPOSE 8080
# Heap as a share of the container's memory limit; an out-of-memory error ends the process so that it is
# restarted instead of limping on. Replace with -e JDK_JAVA_OPTIONS=... (the chart's jvmOptions).
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError"
# Exec form: java is PID 1 and receives SIGTERM itself, which starts the service's graceful shutdown.
ENTRYPOINT ["java", "--add-modules", "jdk.incubator.vector", "-cp", "/app", "org.springframework.boot.loader.launch.JarLauncher"]
