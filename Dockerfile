# The promoscaler image: the one executable (daemon, CLI, demo) on the ASP.NET Core runtime, as a non-root user.
# Build: docker build -t promoscaler:0.1.0 .   The Helm chart in charts/promoscaler runs `promoscaler run`.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
# Restore first, from the project files only, so the package layer is cached across source edits.
COPY global.json Directory.Build.props Directory.Packages.props BannedSymbols.txt .editorconfig ./
COPY src/ src/
# The trace `promoscaler demo` replays is built into the executable.
COPY policies/traces/nasa_http_jul1995_1min.csv policies/traces/
# The reason codes page the web console serves is built into the executable too.
COPY docs/reasons.md docs/
RUN dotnet restore src/PromoScaler.Cli/PromoScaler.Cli.csproj
# The release workflow passes the tag's version and the commit (the build context has no .git), which
# `promoscaler --version` prints.
ARG VERSION=0.1.0
ARG REVISION=""
RUN dotnet publish src/PromoScaler.Cli/PromoScaler.Cli.csproj -c Release --no-restore -p:Version=${VERSION} -p:SourceRevisionId=${REVISION} -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
# The chart's pod security context runs as 65532 with a read-only root file system; /tmp is an emptyDir there.
USER 65532:65532
ENV DOTNET_EnableDiagnostics=0 \
    DOTNET_gcServer=0
EXPOSE 9464
ENTRYPOINT ["/app/promoscaler"]
CMD ["run", "--policies", "/etc/promoscaler/policies"]
