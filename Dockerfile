# syntax=docker/dockerfile:1
# One image per Sentinel service, built from the repository root so shared/ and the central package files
# are in the build context:
#
#   docker build --build-arg SERVICE=api -t sentinel-api .
#   docker build --build-arg SERVICE=checker -t sentinel-checker .      # scheduler, recorder, alerter alike
#
# Every image listens on port 8080 (ASPNETCORE_URLS below), runs as the unprivileged user 1654 ("app"), writes
# nothing outside /tmp (mount a tmpfs there and the root filesystem can be read-only) and reports its
# readiness (/health: database and broker) through HEALTHCHECK. Arguments go to the service, so the api image
# also applies the database migrations and exits: `docker run --rm ... sentinel-api migrate`.
#
# Runtime base: the Alpine flavour of the ASP.NET Core runtime. It is one of the smallest official runtime
# images (the services already build with InvariantGlobalization, so no ICU is needed) and, unlike the
# chiseled images, it ships busybox: its `wget` makes a HEALTHCHECK possible without installing curl or adding
# a health-check binary to every service. The app is published framework-dependent and portable (no runtime
# identifier), so the same dlls run on musl.

ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
# api | scheduler | checker | recorder | alerter
ARG SERVICE
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
WORKDIR /src
ENV DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
RUN case "${SERVICE}" in api|scheduler|checker|recorder|alerter) ;; \
      *) echo "build arg SERVICE must be one of api, scheduler, checker, recorder, alerter (got '${SERVICE}')" >&2; exit 1 ;; \
    esac
# Restore first, from the project files only, so a source change does not invalidate the package layer.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY shared/Sentinel.Contracts/Sentinel.Contracts.csproj shared/Sentinel.Contracts/
COPY shared/Sentinel.Channels/Sentinel.Channels.csproj shared/Sentinel.Channels/
COPY shared/Sentinel.Checks/Sentinel.Checks.csproj shared/Sentinel.Checks/
COPY shared/Sentinel.Conditions/Sentinel.Conditions.csproj shared/Sentinel.Conditions/
COPY shared/Sentinel.Data/Sentinel.Data.csproj shared/Sentinel.Data/
COPY shared/Sentinel.ServiceDefaults/Sentinel.ServiceDefaults.csproj shared/Sentinel.ServiceDefaults/
COPY services/${SERVICE}/ services/${SERVICE}/
RUN project="services/${SERVICE}/Sentinel.${SERVICE^}/Sentinel.${SERVICE^}.csproj" && \
    dotnet restore "$project"
COPY shared/ shared/
# The entry point names the service's own assembly, so the runtime stage needs no per-service logic.
RUN project="services/${SERVICE}/Sentinel.${SERVICE^}/Sentinel.${SERVICE^}.csproj" && \
    dotnet publish "$project" -c Release --no-restore -o /app -p:UseAppHost=false && \
    rm -f /app/appsettings.Development.json && \
    printf '#!/bin/sh\nexec dotnet /app/Sentinel.%s.dll "$@"\n' "${SERVICE^}" >/app/entrypoint && \
    chmod 0755 /app/entrypoint

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION}-alpine AS runtime
ARG SERVICE
LABEL org.opencontainers.image.title="sentinel-${SERVICE}" \
      org.opencontainers.image.description="Sentinel ${SERVICE} service"
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS= \
    DOTNET_NOLOGO=1 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    SENTINEL_SERVICE=${SERVICE}
WORKDIR /app
# Owned by root and not writable by the app user: the code cannot be changed at run time.
COPY --from=build --chown=0:0 /app /app
# APP_UID (1654, user "app") is defined by the .NET base images; numeric so Kubernetes can verify runAsNonRoot.
USER $APP_UID
EXPOSE 8080
# Readiness, not mere liveness: Compose's `depends_on: condition: service_healthy` then waits until the
# service reaches its database and broker. Docker never restarts a container for being unhealthy, so a
# database outage marks services unhealthy without a restart storm.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD wget -q -T 4 -O /dev/null http://127.0.0.1:8080/health || exit 1
ENTRYPOINT ["/app/entrypoint"]
