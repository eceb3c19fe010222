#!/usr/bin/env python3
"""Checks the container setup without a Docker engine: docker-compose.yml (dev),
docker-compose.prod.yml (prod), the Dockerfile, docker/prometheus/prometheus.yml and Grafana's
provisioning, against the apps' own configuration (application*.yml, @ConfigurationProperties).

Prints one PASS/FAIL line per check (SKIP when a tool is absent) and exits 1 on any failure.
When a compose implementation is installed (docker compose, docker-compose, podman-compose), its
`config` must accept both files too (prod with placeholder secrets: they have no default).

    python3 scripts/check-compose.py [repository root]      (scripts/check-compose.sh installs PyYAML)
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent)
APPS = ["api-gateway", "coupon-service", "point-service", "timesale-service"]
SCALED = ["coupon-service", "point-service", "timesale-service"]
# What each app needs before it can start (service_healthy), by compose service name.
APP_NEEDS = {
    "api-gateway": {"redis", "etcd"},
    "coupon-service": {"mysql", "redis", "kafka", "etcd"},
    "point-service": {"mysql", "redis", "kafka", "etcd"},
    "timesale-service": {"mysql", "redis", "kafka", "etcd"},
}
# Infrastructure services and the images they must run.
INFRA_IMAGES = {
    "mysql": r"^mysql:8(\.|$)",
    "redis": r"^redis:7(\.|-|$)",
    "kafka": r"^apache/kafka:",
    "etcd": r"^(quay\.io/coreos/etcd:v3\.|bitnami/etcd:3|gcr\.io/etcd-development/etcd:v3\.)",
    "prometheus": r"^prom/prometheus(:|$)",
    "grafana": r"^grafana/grafana(:|$)",
}
MONITORING = {"prometheus", "grafana"}
# Environment variables an app reads that are neither placeholders nor Spring properties of its own
# configuration: docker/entrypoint.sh's (JAVA_OPTS) and Spring Boot's profile switch.
ALWAYS_READ = {"SPRING_PROFILES_ACTIVE", "JAVA_OPTS"}
SECRET_NAME = re.compile(r"PASSWORD|SECRET")

results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(f"{'PASS' if ok else 'FAIL'} {name}" + (f": {detail}" if detail else ""))


def skip(name, detail):
    print(f"SKIP {name}: {detail}")


# --- the apps' configuration ------------------------------------------------------------------

def flatten(node, prefix=""):
    """Yields the property path of every value set in a YAML tree (a list is one value; the keys
    of maps inside it count too)."""
    if isinstance(node, dict):
        for key, value in node.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            path = path.replace("[", "").replace("]", "").replace('"', "")
            if not isinstance(value, dict):
                yield path
            yield from flatten(value, path)
    elif isinstance(node, list):
        for item in node:
            yield from flatten(item, prefix)


def env_forms(prop):
    """The environment names Spring binds to a property: dashes removed (canonical) or, as Spring
    Boot still accepts for known names, dashes as underscores (legacy)."""
    canonical = prop.replace("-", "").replace(".", "_").upper()
    legacy = prop.replace("-", "_").replace(".", "_").upper()
    return {canonical, legacy}


def camel_to_kebab(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def record_components(source, start):
    """Component names of the record declared after position start, or None if it is no record."""
    match = re.compile(r"\brecord\s+\w+\s*(<[^>]*>)?\s*\(").search(source, start)
    if not match:
        return None
    depth, i, header = 1, match.end(), []
    while i < len(source) and depth:
        ch = source[i]
        depth += ch == "("
        depth -= ch == ")"
        if depth:
            header.append(ch)
        i += 1
    text = "".join(header)
    # Drop annotations with their arguments, then generics, then split on the remaining commas.
    while True:
        stripped = re.sub(r"@[\w.]+\s*\([^()]*\)", "", text)
        if stripped == text:
            break
        text = stripped
    text = re.sub(r"@[\w.]+", "", text)
    while True:
        stripped = re.sub(r"<[^<>]*>", "", text)
        if stripped == text:
            break
        text = stripped
    return [part.split()[-1] for part in text.split(",") if part.split()]


def properties_classes(module):
    """(prefix, [component names] or None) of every @ConfigurationProperties type in a module."""
    found = []
    for java in (ROOT / module / "src/main/java").rglob("*.java"):
        source = java.read_text(encoding="utf-8")
        for match in re.finditer(r'@ConfigurationProperties\(\s*(?:prefix\s*=\s*|value\s*=\s*)?"([^"]+)"', source):
            found.append((match.group(1), record_components(source, match.end())))
    return found


def app_reads(app):
    """Every environment variable name the app reads: its configuration's ${NAME} placeholders,
    the environment form of every property its application*.yml sets and of every
    @ConfigurationProperties component it (or common-lib, if it uses it) binds."""
    names, prefixes = set(ALWAYS_READ), set()
    for yml in sorted((ROOT / app / "src/main/resources").glob("application*.yml")):
        text = yml.read_text(encoding="utf-8")
        names.update(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", text))
        for document in yaml.safe_load_all(text):
            for prop in flatten(document or {}):
                names.update(env_forms(prop))
    modules = [app]
    if "<artifactId>common-lib</artifactId>" in (ROOT / app / "pom.xml").read_text(encoding="utf-8"):
        modules.append("common-lib")
    for module in modules:
        for prefix, components in properties_classes(module):
            if components is None:  # a class, not a record: anything under its prefix
                prefixes.update(env_forms(prefix))
                continue
            for component in components:
                forms = env_forms(f"{prefix}.{camel_to_kebab(component)}")
                names.update(forms)
                prefixes.update(forms)  # nested records, maps and lists bind below a component
    return names, prefixes


def placeholders(text):
    """Every ${NAME[:default]} of a configuration text, nested ones too: (name, default or None,
    the placeholder whose default holds it or None)."""
    found, stack, i = [], [], 0
    while i < len(text):
        if text.startswith("${", i):
            name = re.match(r"[\w.\-\[\]]*", text[i + 2:]).group(0)
            j = i + 2 + len(name)
            has_default = j < len(text) and text[j] == ":"
            stack.append((name, j + 1 if has_default else None, stack[-1][0] if stack else None))
            i = j + 1 if has_default else j
            continue
        if text[i] == "}" and stack:
            name, start, outer = stack.pop()
            found.append((name, text[start:i] if start is not None else None, outer))
        i += 1
    return found


# Placeholders with a loopback default that a container may leave unset, and why.
LOOPBACK_EXEMPT = {
    "INSTANCE_HOST": "docker/entrypoint.sh sets the container's address",
    "COUPON_SERVICE_URI": "the gateway's static instances, used only with etcd off",
    "POINT_SERVICE_URI": "the gateway's static instances, used only with etcd off",
    "TIMESALE_SERVICE_URI": "the gateway's static instances, used only with etcd off",
}


def missing_settings(app, env):
    """What the app cannot run without in a container but the environment does not give it:
    placeholders without a default (its passwords), a token verifier, every loopback default
    (127.0.0.1 is the container itself), and for the services the trusted callers of the pay saga."""
    text = (ROOT / app / "src/main/resources/application.yml").read_text(encoding="utf-8")
    missing = []
    for name, default, outer in placeholders(text):
        if not re.fullmatch(r"[A-Z][A-Z0-9_]*", name) or name in env or (outer and outer in env):
            continue
        if default is None:
            missing.append(f"{name} (no default)")
        elif re.search(r"127\.0\.0\.1|localhost", default) and name not in LOOPBACK_EXEMPT:
            missing.append(f"{name} (default {default} is the container itself)")
    hmac = "PROMO_JWT_SECRET" in env and "PROMO_JWT_ISSUER" in env
    idp = any(v.startswith("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_") for v in env)
    if not (hmac or idp):
        missing.append("a token verifier (PROMO_JWT_SECRET + PROMO_JWT_ISSUER, or an identity provider)")
    if app in SCALED and "PROMO_SECURITY_TRUSTED_SERVICES" not in env:
        missing.append("PROMO_SECURITY_TRUSTED_SERVICES (the pay saga calls as timesale-service)")
    return missing


def placeholder_default(text, name):
    """The default of ${NAME:default} in text, if any."""
    match = re.search(r"\$\{" + re.escape(name) + r":([^}$]*)\}", text)
    return match.group(1) if match else None


def app_ports(app):
    """(server.port, management port default) from the app's application.yml."""
    text = (ROOT / app / "src/main/resources/application.yml").read_text(encoding="utf-8")
    config = yaml.safe_load(text)
    server_port = int(config["server"]["port"])
    return server_port, int(placeholder_default(text, "MANAGEMENT_PORT"))


# --- compose ----------------------------------------------------------------------------------

def load(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def environment(service):
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return {str(k): ("" if v is None else str(v)) for k, v in env.items()}


def interpolate_default(value):
    """A compose value with ${VAR:-default}/${VAR-default} replaced by its default and ${VAR}/
    ${VAR:?msg} left as a marker: what the value is when nothing is set."""
    value = re.sub(r"\$\{\w+:?-([^}]*)\}", r"\1", str(value))
    return re.sub(r"\$\{\w+(:?\?[^}]*)?\}", "<required>", value)


def published_ports(service):
    """(host_ip, published, target) of each published port (short and long syntax)."""
    ports = []
    for entry in service.get("ports") or []:
        if isinstance(entry, dict):
            if entry.get("published") is not None:
                ports.append((entry.get("host_ip", ""), str(entry["published"]), str(entry["target"])))
            continue
        parts = str(entry).split("/")[0].split(":")
        if len(parts) == 1:
            ports.append(("", "", parts[0]))  # an ephemeral host port is still published
        elif len(parts) == 2:
            ports.append(("", parts[0], parts[1]))
        else:
            ports.append((":".join(parts[:-2]), parts[-2], parts[-1]))
    return ports


def limits(service):
    return ((service.get("deploy") or {}).get("resources") or {}).get("limits") or {}


def check_compose(label, path, prod):
    if not path.exists():
        check(f"{label}: file exists", False, f"{path.name} missing")
        return None
    try:
        compose = load(path)
    except yaml.YAMLError as error:
        check(f"{label}: YAML parses", False, str(error))
        return None
    services = compose.get("services") or {}
    raw = path.read_text(encoding="utf-8")

    missing = [s for s in list(INFRA_IMAGES) + APPS if s not in services]
    check(f"{label}: services present (infrastructure, the four apps, monitoring)", not missing,
          f"missing {missing}" if missing else f"{len(services)} services")
    wrong = [f"{s}={services[s].get('image')}" for s, pattern in INFRA_IMAGES.items()
             if s in services and not re.match(pattern, interpolate_default(services[s].get("image", "")))]
    check(f"{label}: infrastructure images (MySQL 8, Redis 7, Kafka KRaft, etcd 3, Prometheus, Grafana)",
          not wrong, ", ".join(wrong))

    problems = []
    for name, service in services.items():
        build = service.get("build")
        if build is None:
            continue
        context = build if isinstance(build, str) else build.get("context", ".")
        dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
        if not (path.parent / context / dockerfile).is_file():
            problems.append(f"{name}: {context}/{dockerfile}")
        args = {} if isinstance(build, str) else (build.get("args") or {})
        if isinstance(args, list):
            args = dict(item.split("=", 1) for item in args)
        if name in APPS and args.get("APP") != name:
            problems.append(f"{name}: build arg APP={args.get('APP')}")
    check(f"{label}: every build's Dockerfile exists (and builds its own app)", not problems, ", ".join(problems))
    not_built = [a for a in APPS if a in services and "build" not in services[a]]
    check(f"{label}: the apps are built from the Dockerfile", not not_built, f"not built: {not_built}" if not_built else "")

    no_health = [n for n, s in services.items()
                 if not (s.get("healthcheck") or {}).get("test") or (s.get("healthcheck") or {}).get("disable")]
    check(f"{label}: every service has a healthcheck", not no_health, f"none: {no_health}" if no_health else "")

    problems = []
    for name, service in services.items():
        depends = service.get("depends_on") or {}
        if isinstance(depends, list):
            problems.extend(f"{name} -> {d} (no condition)" for d in depends)
            continue
        for target, spec in depends.items():
            if (spec or {}).get("condition") != "service_healthy":
                problems.append(f"{name} -> {target} ({(spec or {}).get('condition')})")
            elif target not in services or not (services[target].get("healthcheck") or {}).get("test"):
                problems.append(f"{name} -> {target} (no healthcheck there)")
        if name in APP_NEEDS:
            absent = APP_NEEDS[name] - set(depends)
            if absent:
                problems.append(f"{name} does not wait for {sorted(absent)}")
    check(f"{label}: depends_on waits for service_healthy (apps on their infrastructure)", not problems,
          "; ".join(problems))

    problems = []
    for app in APPS:
        if app not in services:
            continue
        reads, prefixes = app_reads(app)
        for var in environment(services[app]):
            if var not in reads and not any(var.startswith(p + "_") for p in prefixes):
                problems.append(f"{app}: {var}")
    check(f"{label}: every app environment variable is one the app reads", not problems,
          "unknown " + ", ".join(problems) if problems else "")

    problems = [f"{app}: {m}" for app in APPS if app in services for m in missing_settings(app, environment(services[app]))]
    check(f"{label}: every app gets what it cannot start without (secrets, verifier, non-loopback addresses)",
          not problems, "; ".join(problems))

    problems = []
    for app in APPS:
        if app not in services:
            continue
        server_port, management_port = app_ports(app)
        env = environment(services[app])
        service = services[app]
        if "SERVER_PORT" in env and interpolate_default(env["SERVER_PORT"]) != str(server_port):
            problems.append(f"{app}: SERVER_PORT={env['SERVER_PORT']} but application.yml has {server_port}")
        if "MANAGEMENT_PORT" in env and interpolate_default(env["MANAGEMENT_PORT"]) != str(management_port):
            problems.append(f"{app}: MANAGEMENT_PORT={env['MANAGEMENT_PORT']} but application.yml has {management_port}")
        if interpolate_default(env.get("MANAGEMENT_ADDRESS", "")) != "0.0.0.0":
            problems.append(f"{app}: MANAGEMENT_ADDRESS must be 0.0.0.0 (the container network) for Prometheus")
        build = service.get("build") or {}
        port_arg = str(((build.get("args") or {}) if isinstance(build, dict) else {}).get("PORT", server_port))
        if port_arg != str(server_port):
            problems.append(f"{app}: build arg PORT={port_arg} but server.port is {server_port}")
        for host_ip, published, target in published_ports(service):
            if target != str(server_port):
                problems.append(f"{app}: publishes container port {target}, not its server.port {server_port}")
    check(f"{label}: ports agree with application.yml (server.port, MANAGEMENT_PORT, build arg PORT)",
          not problems, "; ".join(problems))

    management = {app_ports(a)[1] for a in APPS}
    leaked = [f"{n}:{t}" for n, s in services.items() for _, _, t in published_ports(s)
              if n in APPS and int(t) in management]
    check(f"{label}: no management (actuator) port is published", not leaked, ", ".join(leaked))

    gateway_ports = [p for _, p, t in published_ports(services.get("api-gateway", {})) if t == "4000"]
    check(f"{label}: the gateway is published on 4000", "4000" in gateway_ports, f"published {gateway_ports}")

    mon = [m for m in MONITORING if m not in services]
    check(f"{label}: monitoring services (Prometheus, Grafana)", not mon, f"missing {mon}" if mon else "")

    if not prod:
        return compose

    # --- prod only ---
    no_limits = [n for n, s in services.items() if not (limits(s).get("cpus") and limits(s).get("memory"))]
    check(f"{label}: every service has cpu and memory limits", not no_limits,
          f"missing on {no_limits}" if no_limits else "")

    replicas = {s: int(interpolate_default((services.get(s, {}).get("deploy") or {}).get("replicas", 1)))
                for s in SCALED}
    low = {s: r for s, r in replicas.items() if r < 2}
    check(f"{label}: replicas >= 2 for {', '.join(SCALED)}", not low, str(replicas))

    problems = []
    for name, service in services.items():
        for host_ip, published, target in published_ports(service):
            if name == "api-gateway":
                continue
            if name in MONITORING and host_ip in ("127.0.0.1", "localhost"):
                continue  # loopback of the server only (SSH tunnel)
            problems.append(f"{name}: {host_ip + ':' if host_ip else ''}{published}:{target}")
    check(f"{label}: only the gateway is published (monitoring: server loopback only)", not problems,
          ", ".join(problems))

    problems = []
    for match in re.finditer(r"\$\{(\w+)(:?[-?])?([^}]*)\}", raw):
        var, operator = match.group(1), match.group(2) or ""
        if SECRET_NAME.search(var) and operator != ":?":
            problems.append(f"${{{var}{operator}{match.group(3)}}}")
    for name, service in services.items():
        for var, value in environment(service).items():
            if SECRET_NAME.search(var) and not re.fullmatch(r"\$\{\w+:\?[^}]*\}", value.strip()):
                problems.append(f"{name}: {var} is not a required variable")
    check(f"{label}: no secret has a default (every *PASSWORD*/*SECRET* is ${{VAR:?...}})", not problems,
          ", ".join(sorted(set(problems))))

    untagged = [f"{a}={services[a].get('image')}" for a in APPS
                if a in services and not re.search(r":\$\{TAG:\?[^}]*\}$", str(services[a].get("image", "")))]
    check(f"{label}: app images are tagged with a required ${{TAG:?}}", not untagged, ", ".join(untagged))

    no_restart = [n for n, s in services.items()
                  if s.get("restart") not in ("always", "unless-stopped", "on-failure")
                  and not ((s.get("deploy") or {}).get("restart_policy") or {}).get("condition")]
    check(f"{label}: every service has a restart policy", not no_restart, f"none: {no_restart}" if no_restart else "")

    problems = []
    for name, service in services.items():
        logging = service.get("logging") or {}
        options = logging.get("options") or {}
        if logging.get("driver") != "json-file" or not options.get("max-size") or not options.get("max-file"):
            problems.append(name)
    check(f"{label}: logs rotate (json-file with max-size and max-file)", not problems,
          f"not on {problems}" if problems else "")

    kafka_env = environment(services.get("kafka", {}))
    default_partitions = int(interpolate_default(kafka_env.get("KAFKA_NUM_PARTITIONS", "1")))
    declared = declared_partitions()
    most = max(replicas.values())
    smallest = min(declared) if declared else default_partitions
    check(f"{label}: Kafka partitions >= replicas",
          default_partitions >= most and smallest >= most,
          f"broker default {default_partitions}, the apps' topics {sorted(set(declared))}, replicas up to {most}")
    return compose


def declared_partitions():
    """Partition counts the apps give their topics in code (TopicBuilder...partitions(N))."""
    counts = []
    for java in ROOT.glob("*/src/main/java/**/*.java"):
        source = java.read_text(encoding="utf-8")
        constants = dict(re.findall(r"\b(\w+)\s*=\s*(\d+)\s*;", source))
        for arg in re.findall(r"\.partitions\(\s*(\w+)\s*\)", source):
            if arg.isdigit():
                counts.append(int(arg))
            elif arg in constants:
                counts.append(int(constants[arg]))
    return counts


# --- Dockerfile, Prometheus, Grafana ------------------------------------------------------------

def check_dockerfile():
    path = ROOT / "Dockerfile"
    if not path.is_file():
        check("Dockerfile: exists", False)
        return
    lines = [l.strip() for l in path.read_text(encoding="utf-8").splitlines()]
    joined = "\n".join(lines)
    stages = [i for i, l in enumerate(lines) if re.match(r"FROM\s", l, re.I)]
    runtime = lines[stages[-1]:] if stages else []
    users = [l.split(None, 1)[1] for l in runtime if re.match(r"USER\s", l, re.I)]
    last_user = users[-1].split(":")[0] if users else "root"
    check("Dockerfile: the runtime stage runs as a non-root USER", last_user not in ("root", "0"),
          f"USER {users[-1] if users else '(none: root)'}")
    check("Dockerfile: multi-stage, JRE 21+ runtime", len(stages) >= 2
          and re.search(r"FROM\s+\S*(temurin|jre|jdk)\S*:(2[1-9]|[3-9]\d)", lines[stages[-1]], re.I) is not None,
          lines[stages[-1]] if stages else "no FROM")
    check("Dockerfile: layered Boot jar (jarmode tools extract --layers)",
          "-Djarmode=tools" in joined and "extract --layers" in joined)
    order = [l for l in runtime if re.match(r"COPY\s+--from=", l, re.I)]
    layers = [m for l in order for m in re.findall(r"/(dependencies|spring-boot-loader|snapshot-dependencies|application)/", l)]
    check("Dockerfile: layers copied least-changing first", layers == ["dependencies", "spring-boot-loader",
                                                                      "snapshot-dependencies", "application"], str(layers))
    check("Dockerfile: HEALTHCHECK on the readiness probe", any(l.startswith("HEALTHCHECK") for l in runtime)
          and "/actuator/health/readiness" in (ROOT / "docker/entrypoint.sh").read_text(encoding="utf-8"))
    check("Dockerfile: container-aware JVM flags", "MaxRAMPercentage" in joined and "ExitOnOutOfMemoryError" in joined)
    check(".dockerignore: exists and leaves out build output", (ROOT / ".dockerignore").is_file()
          and "target/" in (ROOT / ".dockerignore").read_text(encoding="utf-8"))


def check_prometheus(composes):
    path = ROOT / "docker/prometheus/prometheus.yml"
    if not path.is_file():
        check("prometheus.yml: exists", False)
        return
    config = load(path)
    targets = set()
    for job in config.get("scrape_configs") or []:
        metrics_path = job.get("metrics_path", "/metrics")
        for sd in job.get("dns_sd_configs") or []:
            if sd.get("type", "SRV") == "A":
                targets.update((name, int(sd["port"]), metrics_path) for name in sd.get("names") or [])
        for static in job.get("static_configs") or []:
            for target in static.get("targets") or []:
                host, _, port = str(target).rpartition(":")
                targets.add((host, int(port), metrics_path))
    missing = [f"{a}:{app_ports(a)[1]}" for a in APPS if (a, app_ports(a)[1], "/actuator/prometheus") not in targets]
    check("prometheus.yml: scrapes every app's management port (/actuator/prometheus, by service name)",
          not missing, f"missing {missing}" if missing else f"{len(APPS)} apps")
    promtool = shutil.which("promtool")
    if promtool:
        run = subprocess.run([promtool, "check", "config", str(path)], capture_output=True, text=True)
        check("prometheus.yml: promtool check config", run.returncode == 0, (run.stderr or run.stdout).strip()[-300:])
    else:
        skip("prometheus.yml: promtool check config", "promtool not installed (Debian package prometheus)")
    mounted = all(any(str(v).startswith("./docker/prometheus/prometheus.yml:")
                      for v in (c or {}).get("services", {}).get("prometheus", {}).get("volumes") or [])
                  for c in composes)
    check("prometheus.yml: mounted by both compose files", mounted)


def check_grafana(composes):
    datasources = ROOT / "docker/grafana/provisioning/datasources/prometheus.yml"
    providers = ROOT / "docker/grafana/provisioning/dashboards/dashboards.yml"
    if not (datasources.is_file() and providers.is_file()):
        check("grafana: provisioning files exist", False, f"{datasources.name}, {providers.name}")
        return
    sources = load(datasources).get("datasources") or []
    check("grafana: Prometheus datasource by service name",
          any(s.get("type") == "prometheus" and str(s.get("url", "")).startswith("http://prometheus:9090") for s in sources))
    paths = [(p.get("options") or {}).get("path") for p in load(providers).get("providers") or []]
    problems = []
    for compose in composes:
        volumes = [str(v) for v in (compose or {}).get("services", {}).get("grafana", {}).get("volumes") or []]
        for path in paths:
            if f"./docker/grafana/dashboards:{path}" not in {v.rsplit(":ro", 1)[0] for v in volumes}:
                problems.append(f"docker/grafana/dashboards not mounted at {path}")
        if "./docker/grafana/provisioning:/etc/grafana/provisioning:ro" not in volumes:
            problems.append("provisioning not mounted")
    check("grafana: provisioning and dashboards mounted where the provider reads", bool(paths) and not problems,
          "; ".join(sorted(set(problems))))
    uids = {s.get("uid") for s in sources}
    bad, foreign = [], []
    dashboards = sorted((ROOT / "docker/grafana/dashboards").glob("*.json"))
    for dashboard in dashboards:
        try:
            document = json.loads(dashboard.read_text(encoding="utf-8"))
        except ValueError as error:
            bad.append(f"{dashboard.name}: {error}")
            continue
        # A datasource variable (${DS_X}, $ds) of the dashboard picks the provisioned one when it loads.
        variables = {v.get("name") for v in (document.get("templating") or {}).get("list") or []
                     if v.get("type") == "datasource"}
        for uid in datasource_uids(document):
            variable = re.fullmatch(r"\$\{?(\w+)\}?", str(uid))
            if uid not in uids and not (variable and variable.group(1) in variables):
                foreign.append(f"{dashboard.name}: {uid}")
    check("grafana: dashboard JSON files parse", not bad, "; ".join(bad) if bad else f"{len(dashboards)} dashboard(s)")
    check("grafana: dashboards use the provisioned datasource (uid or a datasource variable)", not foreign,
          ", ".join(sorted(set(foreign))))


def datasource_uids(node):
    """Every datasource uid a dashboard names (panels, targets, variables)."""
    if isinstance(node, dict):
        source = node.get("datasource")
        if isinstance(source, dict) and "uid" in source:
            yield source["uid"]
        elif isinstance(source, str) and source:
            yield source
        for value in node.values():
            yield from datasource_uids(value)
    elif isinstance(node, list):
        for value in node:
            yield from datasource_uids(value)


# --- a compose implementation, when one is installed ----------------------------------------------

def compose_commands():
    """The installed compose implementations that have a `config` command (Debian 12's
    podman-compose 1.0.3 has none; docker-compose 1.29 validates without an engine)."""
    # A docker CLI without the compose plugin answers `docker compose config --help` with its own
    # help: `docker compose version` tells whether the plugin is there.
    if shutil.which("docker") and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        yield "docker compose", ["docker", "compose"]
    for label, command in (("docker-compose", ["docker-compose"]), ("podman-compose", ["podman-compose"])):
        if shutil.which(command[0]) and subprocess.run(command + ["config", "--help"], capture_output=True).returncode == 0:
            yield label, command


def check_with_implementation():
    commands = list(compose_commands())
    if not commands:
        skip("compose config", "no compose implementation installed (docker compose, docker-compose, podman-compose)")
        return
    label, command = commands[0]
    # prod's secrets and tag are required (no defaults): placeholders stand in for them here only.
    # No .env file is read (--env-file names an empty one): the result does not depend on local settings.
    prod_text = (ROOT / "docker-compose.prod.yml").read_text(encoding="utf-8")
    required = set(re.findall(r"\$\{(\w+):\?", prod_text))
    env = {k: v for k, v in os.environ.items() if k not in required}
    with tempfile.NamedTemporaryFile("w", suffix=".env") as empty:
        run_config(label, command, env, required, empty.name)


def run_config(label, command, env, required, env_file):
    """Runs the implementation's `config` on both files, then on prod once per secret with every required
    variable set but that one: each secret alone must make it refuse (the tag and issuer stay set, so a refusal
    is the secret's own)."""
    placeholders = {v: "check-only" for v in required}

    def config(name, extra):
        return subprocess.run(command + ["--env-file", env_file, "-f", name, "config", "-q"], cwd=ROOT,
                              env={**env, **extra}, capture_output=True, text=True)

    for name, extra in (("docker-compose.yml", {}), ("docker-compose.prod.yml", placeholders)):
        run = config(name, extra)
        check(f"{label} config accepts {name}", run.returncode == 0, (run.stderr or run.stdout).strip()[-500:])
    secrets = sorted(v for v in required if "PASSWORD" in v or "SECRET" in v)
    accepted = [secret for secret in secrets
                if config("docker-compose.prod.yml",
                          {k: v for k, v in placeholders.items() if k != secret}).returncode == 0]
    check(f"{label} config refuses docker-compose.prod.yml without any one of its secrets", bool(secrets) and not accepted,
          f"accepted without: {', '.join(accepted)}" if accepted else
          f"each alone: {', '.join(secrets)}; kept set: {', '.join(sorted(set(required) - set(secrets)))}"
          if secrets else "no required *PASSWORD*/*SECRET* variable found")


def main():
    dev = check_compose("dev", ROOT / "docker-compose.yml", prod=False)
    prod = check_compose("prod", ROOT / "docker-compose.prod.yml", prod=True)
    check_dockerfile()
    check_prometheus([dev, prod])
    check_grafana([dev, prod])
    check_with_implementation()
    failed = results.count(False)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
