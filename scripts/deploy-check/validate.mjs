// Offline checks of Sentinel's deployment files, called by scripts/check-deploy.sh. Each sub-command prints
// what it found and exits non-zero on the first kind of problem it reports (all problems are listed).
//
//   node validate.mjs k8s OVERLAY_NAME RENDERED.yaml       schema + cross-reference checks of `kubectl kustomize` output
//   node validate.mjs compose RENDERED.yaml                 secrets and *_FILE settings of `docker-compose config` output
//   node validate.mjs dockerfile Dockerfile                 Dockerfile syntax (the VS Code Docker linter's rules)
//   node validate.mjs rules-sync RULES.yml RENDERED.yaml    PrometheusRule in the manifests == the rules file
//   node validate.mjs metrics DASHBOARD.json RULES.yml METRICS_FILE...
//                                                           every metric the dashboard and rules use is exported
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { parseAllDocuments, parse as parseYaml } from "yaml";
import * as k8s from "kubernetes-models";
import * as keda from "@kubernetes-models/keda";
import * as promOp from "@kubernetes-models/prometheus-operator";

const problems = [];
const problem = (msg) => problems.push(msg);
function finish(okMessage) {
  if (problems.length) {
    for (const p of problems) console.log(`  - ${p}`);
    console.log(`${problems.length} problem(s)`);
    process.exit(1);
  }
  console.log(okMessage);
}

// ---------------------------------------------------------------------------------------------- k8s models
// Every model class of the three packages, by "apiVersion/kind".
function collectModels() {
  const models = new Map();
  const seen = new Set();
  const walk = (ns) => {
    if (!ns || seen.has(ns)) return;
    seen.add(ns);
    for (const value of Object.values(ns)) {
      if (typeof value === "function" && value.apiVersion && value.kind) {
        models.set(`${value.apiVersion}/${value.kind}`, value);
      } else if (value && typeof value === "object") {
        walk(value);
      }
    }
  };
  walk(k8s);
  walk(keda);
  walk(promOp);
  return models;
}

function readDocs(file) {
  const docs = [];
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (doc.errors.length) problem(`${file}: YAML error: ${doc.errors[0].message}`);
    const value = doc.toJS();
    if (value != null) docs.push(value);
  }
  return docs;
}

const id = (o) => `${o.kind}/${o.metadata?.name}`;
const matches = (selector, labels) =>
  selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

// Secrets the prod overlay expects to exist in the cluster (created by the operator, see docs/deployment.md).
const EXTERNAL_SECRETS = {
  prod: new Set(["sentinel-secrets"]),
  "remote-region": new Set(["sentinel-region-broker", "sentinel-region-broker-ca"]),
};
// A remote region's cluster runs only its checkers (docs/regions.md): no other service, no migration Job.
const CHECKERS_ONLY = new Set(["remote-region"]);
const HEALTH_PATHS = new Set(["/health", "/health/live"]);

function checkK8s(overlay, file) {
  const models = collectModels();
  const objects = readDocs(file);
  if (objects.length === 0) problem(`${file}: no objects`);
  const counts = {};
  for (const o of objects) {
    counts[o.kind] = (counts[o.kind] ?? 0) + 1;
    const Model = models.get(`${o.apiVersion}/${o.kind}`);
    if (!Model) {
      problem(`${id(o)}: no schema known for ${o.apiVersion} ${o.kind}`);
      continue;
    }
    // kustomize wraps a Secret's base64 at 70 columns; the API server's decoder skips the line breaks, the
    // model's "byte" format does not.
    if (o.kind === "Secret" && o.data) {
      o.data = Object.fromEntries(Object.entries(o.data).map(([k, v]) => [k, String(v).replace(/\s+/g, "")]));
    }
    try {
      new Model(o).validate();
    } catch (e) {
      problem(`${id(o)} (${o.apiVersion}): ${e.message}`);
    }
    if (!o.metadata?.name) problem(`${o.kind} without metadata.name`);
  }

  const byKind = (kind) => objects.filter((o) => o.kind === kind);
  const names = (kind) => new Set(byKind(kind).map((o) => o.metadata.name));
  const configMaps = names("ConfigMap");
  const secrets = new Set([...names("Secret"), ...(EXTERNAL_SECRETS[overlay] ?? [])]);
  const serviceAccounts = new Set([...names("ServiceAccount"), "default"]);
  const workloads = [...byKind("Deployment"), ...byKind("StatefulSet"), ...byKind("Job")];
  const podLabelSets = workloads.map((w) => ({ w, labels: w.spec?.template?.metadata?.labels ?? {} }));

  for (const w of workloads) {
    const pod = w.spec.template.spec;
    const sel = w.spec.selector?.matchLabels;
    if (w.kind !== "Job" && !matches(sel, w.spec.template.metadata?.labels)) {
      problem(`${id(w)}: selector does not match its pod labels`);
    }
    if (pod.serviceAccountName && !serviceAccounts.has(pod.serviceAccountName)) {
      problem(`${id(w)}: service account ${pod.serviceAccountName} is not defined`);
    }
    const volumes = new Map([...(pod.volumes ?? []), ...(w.spec.volumeClaimTemplates ?? []).map((t) => t.metadata)]
      .map((v) => [v.name, v]));
    for (const v of pod.volumes ?? []) {
      if (v.configMap && !configMaps.has(v.configMap.name)) problem(`${id(w)}: volume ${v.name} names missing ConfigMap ${v.configMap.name}`);
      if (v.secret && !secrets.has(v.secret.secretName)) problem(`${id(w)}: volume ${v.name} names missing Secret ${v.secret.secretName}`);
      for (const s of v.projected?.sources ?? []) {
        if (s.secret && !secrets.has(s.secret.name)) problem(`${id(w)}: volume ${v.name} names missing Secret ${s.secret.name}`);
        if (s.configMap && !configMaps.has(s.configMap.name)) problem(`${id(w)}: volume ${v.name} names missing ConfigMap ${s.configMap.name}`);
      }
    }
    const isSentinel = w.metadata.labels?.["app.kubernetes.io/part-of"] === "sentinel" &&
      w.metadata.labels?.["app.kubernetes.io/name"] === "sentinel";
    if (isSentinel && pod.automountServiceAccountToken !== false) problem(`${id(w)}: automountServiceAccountToken should be false`);
    for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
      const where = `${id(w)} container ${c.name}`;
      for (const ef of c.envFrom ?? []) {
        if (ef.configMapRef && !configMaps.has(ef.configMapRef.name)) problem(`${where}: envFrom names missing ConfigMap ${ef.configMapRef.name}`);
        if (ef.secretRef && !secrets.has(ef.secretRef.name)) problem(`${where}: envFrom names missing Secret ${ef.secretRef.name}`);
      }
      for (const e of c.env ?? []) {
        const ref = e.valueFrom?.secretKeyRef ?? e.valueFrom?.configMapKeyRef;
        if (e.valueFrom?.secretKeyRef && !secrets.has(ref.name)) problem(`${where}: env ${e.name} names missing Secret ${ref.name}`);
        if (e.valueFrom?.configMapKeyRef && !configMaps.has(ref.name)) problem(`${where}: env ${e.name} names missing ConfigMap ${ref.name}`);
        // A *_FILE setting must point into a mounted volume.
        if (e.name.endsWith("_FILE") && typeof e.value === "string") {
          const mount = (c.volumeMounts ?? []).find((m) => e.value.startsWith(m.mountPath.replace(/\/?$/, "/")));
          if (!mount) problem(`${where}: ${e.name}=${e.value} is not under any volumeMount`);
          else if (!volumes.has(mount.name)) problem(`${where}: volumeMount ${mount.name} has no volume`);
        }
      }
      for (const m of c.volumeMounts ?? []) if (!volumes.has(m.name)) problem(`${where}: volumeMount ${m.name} has no volume`);
      // Deployments and StatefulSets admit only restartPolicy Always: a container that exits is restarted. One that
      // hangs is restarted only if a liveness probe fails. (Sentinel's own probes are checked below, paths included.)
      const longRunning = w.kind === "Deployment" || w.kind === "StatefulSet";
      if (longRunning && !isSentinel && pod.containers.includes(c) && !c.livenessProbe) {
        problem(`${where}: no livenessProbe, so a hung process would never be restarted`);
      }
      if (!isSentinel) continue;
      // The Sentinel services' hardening and probes.
      const sc = c.securityContext ?? {};
      const psc = pod.securityContext ?? {};
      if (!(sc.runAsNonRoot ?? psc.runAsNonRoot)) problem(`${where}: runAsNonRoot is not set`);
      if (sc.readOnlyRootFilesystem !== true) problem(`${where}: readOnlyRootFilesystem is not true`);
      if (sc.allowPrivilegeEscalation !== false) problem(`${where}: allowPrivilegeEscalation is not false`);
      if (!(sc.capabilities?.drop ?? []).includes("ALL")) problem(`${where}: capabilities are not dropped (ALL)`);
      if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory || !c.resources?.limits?.memory) {
        problem(`${where}: resource requests (cpu, memory) and a memory limit are required`);
      }
      if (w.kind !== "Deployment") continue;
      const ports = new Map((c.ports ?? []).map((p) => [p.name, p.containerPort]));
      const probes = { livenessProbe: "/health/live", readinessProbe: "/health", startupProbe: null };
      for (const [kind, expected] of Object.entries(probes)) {
        const p = c[kind];
        if (!p) {
          if (expected) problem(`${where}: no ${kind}`);
          continue;
        }
        const path = p.httpGet?.path;
        if (!HEALTH_PATHS.has(path)) problem(`${where}: ${kind} path ${path} is not a health endpoint of the service`);
        if (expected && path !== expected) problem(`${where}: ${kind} should use ${expected}, not ${path}`);
        const port = p.httpGet?.port;
        if (typeof port === "string" ? !ports.has(port) : ![...ports.values()].includes(port)) {
          problem(`${where}: ${kind} port ${port} is not a container port`);
        }
      }
      // The container listens where ASPNETCORE_URLS says; its port must be the declared one.
      const urls = (c.env ?? []).find((e) => e.name === "ASPNETCORE_URLS")?.value;
      const http = ports.get("http");
      if (urls && http && !urls.endsWith(`:${http}`)) problem(`${where}: ASPNETCORE_URLS=${urls} but port http is ${http}`);
    }
  }

  // Services, PDBs, HPAs, ScaledObjects and ServiceMonitors must point at something that exists.
  for (const s of byKind("Service")) {
    const targets = podLabelSets.filter(({ labels }) => matches(s.spec.selector, labels));
    if (targets.length === 0) {
      problem(`${id(s)}: selector matches no pod template`);
      continue;
    }
    for (const p of s.spec.ports ?? []) {
      if (typeof p.targetPort !== "string") continue;
      for (const { w } of targets) {
        const named = w.spec.template.spec.containers.flatMap((c) => c.ports ?? []).some((cp) => cp.name === p.targetPort);
        if (!named) problem(`${id(s)}: targetPort ${p.targetPort} is not a port of ${id(w)}`);
      }
    }
  }
  for (const pdb of byKind("PodDisruptionBudget")) {
    if (!podLabelSets.some(({ w, labels }) => w.kind !== "Job" && matches(pdb.spec.selector?.matchLabels, labels))) {
      problem(`${id(pdb)}: selector matches no workload`);
    }
  }
  const deployments = names("Deployment");
  for (const h of byKind("HorizontalPodAutoscaler")) {
    if (!deployments.has(h.spec.scaleTargetRef?.name)) problem(`${id(h)}: scale target ${h.spec.scaleTargetRef?.name} is not a Deployment here`);
  }
  const triggerAuths = names("TriggerAuthentication");
  for (const so of byKind("ScaledObject")) {
    const target = so.spec.scaleTargetRef?.name;
    if (!deployments.has(target)) problem(`${id(so)}: scale target ${target} is not a Deployment here`);
    if (byKind("HorizontalPodAutoscaler").some((h) => h.spec.scaleTargetRef?.name === target)) {
      problem(`${id(so)}: ${target} also has a plain HPA; KEDA creates its own and the two would fight`);
    }
    for (const t of so.spec.triggers ?? []) {
      if (t.authenticationRef && !triggerAuths.has(t.authenticationRef.name)) problem(`${id(so)}: trigger names missing TriggerAuthentication ${t.authenticationRef.name}`);
    }
  }
  for (const ta of byKind("TriggerAuthentication")) {
    for (const p of ta.spec.secretTargetRef ?? []) {
      if (!secrets.has(p.name)) problem(`${id(ta)}: names missing Secret ${p.name}`);
    }
  }
  for (const sm of byKind("ServiceMonitor")) {
    const selected = byKind("Service").filter((s) => matches(sm.spec.selector?.matchLabels, s.metadata.labels));
    if (selected.length === 0) problem(`${id(sm)}: selects no Service`);
    for (const ep of sm.spec.endpoints ?? []) {
      for (const s of selected) {
        if (!(s.spec.ports ?? []).some((p) => p.name === ep.port)) problem(`${id(sm)}: Service ${s.metadata.name} has no port named ${ep.port}`);
      }
      if (ep.path && ep.path !== "/metrics") problem(`${id(sm)}: path ${ep.path} is not /metrics`);
    }
  }
  for (const np of byKind("NetworkPolicy")) {
    const sel = np.spec.podSelector?.matchLabels;
    if (sel && Object.keys(sel).length && !podLabelSets.some(({ labels }) => matches(sel, labels))) {
      problem(`${id(np)}: podSelector matches no pod template`);
    }
  }
  if (CHECKERS_ONLY.has(overlay)) {
    if (!deployments.has("sentinel-checker-region")) problem("no Deployment sentinel-checker-region");
    const others = [...deployments].filter((d) => d !== "sentinel-checker-region");
    if (others.length) problem(`a checkers-only overlay runs ${others.join(", ")} too`);
    const summary = Object.entries(counts).sort().map(([k, n]) => `${n} ${k}`).join(", ");
    return finish(`${overlay}: ${objects.length} objects valid (${summary})`);
  }
  // Every Sentinel service has a Deployment, a Service, a PDB.
  for (const svc of ["api", "scheduler", "checker", "recorder", "alerter"]) {
    const name = `sentinel-${svc}`;
    if (!deployments.has(name)) problem(`no Deployment ${name}`);
    if (!names("Service").has(name)) problem(`no Service ${name}`);
    if (!names("PodDisruptionBudget").has(name)) problem(`no PodDisruptionBudget ${name}`);
  }
  if (!byKind("Job").some((j) => (j.spec.template.spec.containers[0].args ?? []).includes("migrate"))) problem("no migration Job (args: [migrate])");
  const summary = Object.entries(counts).sort().map(([k, n]) => `${n} ${k}`).join(", ");
  finish(`${overlay}: ${objects.length} objects valid (${summary})`);
}

// ------------------------------------------------------------------------------------------------ compose
function checkCompose(file) {
  const doc = parseYaml(readFileSync(file, "utf8"));
  const declared = new Set(Object.keys(doc.secrets ?? {}));
  for (const [name, s] of Object.entries(doc.services ?? {})) {
    const mounted = new Set((s.secrets ?? []).map((x) => (typeof x === "string" ? x : x.target ?? x.source)));
    for (const x of s.secrets ?? []) {
      const source = typeof x === "string" ? x : x.source;
      if (!declared.has(source)) problem(`service ${name}: secret ${source} is not declared`);
    }
    const env = Array.isArray(s.environment)
      ? Object.fromEntries(s.environment.map((e) => e.split(/=(.*)/s).slice(0, 2)))
      : s.environment ?? {};
    for (const [k, v] of Object.entries(env)) {
      if (!k.endsWith("_FILE")) continue;
      const m = /^\/run\/secrets\/(.+)$/.exec(String(v));
      if (!m) problem(`service ${name}: ${k}=${v} is not a Docker secret path (/run/secrets/NAME)`);
      else if (!mounted.has(m[1])) problem(`service ${name}: ${k} reads secret ${m[1]}, which the service does not mount`);
    }
    for (const [k, v] of Object.entries(env)) {
      if (/password|secret|key/i.test(k) && !k.endsWith("_FILE") && v && declared.size > 0) {
        problem(`service ${name}: ${k} carries a secret in a variable; use ${k}_FILE and a Docker secret`);
      }
    }
  }
  // Every long-running service is restarted when it exits; a one-shot one (another waits for it with
  // service_completed_successfully, as for migrate) must not be, or it would run again and again.
  const services = doc.services ?? {};
  const oneShot = new Set(Object.values(services).flatMap((s) => Object.entries(s.depends_on ?? {})
    .filter(([, d]) => d?.condition === "service_completed_successfully").map(([n]) => n)));
  for (const [name, s] of Object.entries(services)) {
    const policy = String(s.restart ?? "no");
    if (oneShot.has(name)) {
      if (policy !== "no" && !policy.startsWith("on-failure")) problem(`service ${name} runs once (others wait for it to complete) but has restart: ${policy}`);
    } else if (policy !== "unless-stopped" && policy !== "always") {
      problem(`service ${name}: restart: ${policy}; a long-running service needs unless-stopped, or it stays down after it exits`);
    }
  }
  for (const svc of ["api", "scheduler", "checker", "recorder", "alerter"]) {
    if (!services[svc]) problem(`no service ${svc}`);
  }
  finish(`${file}: secrets and *_FILE settings consistent; every long-running service has restart: unless-stopped`);
}

// --------------------------------------------------------------------------------------------- dockerfile
async function checkDockerfile(file) {
  const { validate } = await import("dockerfile-utils");
  const text = readFileSync(file, "utf8");
  const lines = text.split("\n");
  for (const d of validate(text)) {
    // severity 1 = error, 2 = warning (the linter's defaults); both count.
    problem(`${file}:${d.range.start.line + 1}: ${d.message} (${lines[d.range.start.line].trim()})`);
  }
  for (const needed of ["HEALTHCHECK", "USER", "ENTRYPOINT", "ARG SERVICE"]) {
    if (!new RegExp(`^${needed}\\b`, "m").test(text)) problem(`${file}: no ${needed} instruction`);
  }
  if (/^USER\s+(root|0)\s*$/m.test(text)) problem(`${file}: runs as root`);
  // The restore layer copies the shared projects' files one by one: a new shared project must be listed there.
  const root = dirname(file);
  const shared = readdirSync(join(root, "shared"), { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.endsWith(".Tests") && existsSync(join(root, "shared", d.name, `${d.name}.csproj`)))
    .map((d) => `shared/${d.name}/${d.name}.csproj`);
  for (const project of shared) {
    if (!text.includes(`COPY ${project} `)) problem(`${file}: the restore step does not COPY ${project}`);
  }
  finish(`${file}: no lint errors; HEALTHCHECK, non-root USER, ENTRYPOINT present; ${shared.length} shared projects restored`);
}

// ------------------------------------------------------------------------------------------ rules in sync
function checkRulesSync(rulesFile, rendered) {
  const rules = parseYaml(readFileSync(rulesFile, "utf8"));
  const prs = readDocs(rendered).filter((o) => o.kind === "PrometheusRule");
  if (prs.length !== 1) problem(`${rendered}: expected one PrometheusRule, found ${prs.length}`);
  else if (!isDeepStrictEqual(prs[0].spec.groups, rules.groups)) {
    problem(`PrometheusRule ${prs[0].metadata.name} differs from ${rulesFile}: keep the two identical (copy the groups over)`);
  }
  finish(`PrometheusRule groups identical to ${rulesFile}`);
}

// -------------------------------------------------------------------------------------------- metric names
const PROMQL_WORDS = new Set(["by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or",
  "unless", "offset", "inf", "nan", "atan2", "start", "end",
  // aggregation operators, which may be followed by `by (...)` rather than `(`
  "sum", "avg", "min", "max", "count", "group", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values"]);

/** The metric names a PromQL expression selects. */
export function metricNames(expr) {
  let s = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""') // strings
    .replace(/\$\{?\w+(?::\w+)?\}?/g, "1m") // Grafana variables ($__rate_interval, ${job})
    .replace(/\{[^}]*\}/g, "") // label matchers
    .replace(/\[[^\]]*\]/g, "") // ranges and subqueries
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, "$1"); // label lists
  const names = new Set();
  for (const m of s.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const word = m[0];
    const after = s.slice(m.index + word.length).trimStart();
    const before = s.slice(0, m.index);
    if (after.startsWith("(")) continue; // a function
    if (PROMQL_WORDS.has(word.toLowerCase())) continue;
    if (/[0-9.]$/.test(before) || /^[0-9]/.test(word)) continue; // 5m, 1e3
    names.add(word);
  }
  return names;
}

/** Names in Prometheus text exposition: samples, and # HELP / # TYPE (labelled metrics print no sample until used). */
function exportedNames(files) {
  const names = new Set();
  for (const f of files) {
    for (const line of readFileSync(f, "utf8").split("\n")) {
      let m = /^# (?:HELP|TYPE) ([A-Za-z_:][A-Za-z0-9_:]*) ?(\w+)?/.exec(line);
      if (m) {
        names.add(m[1]);
        if (line.startsWith("# TYPE") && (m[2] === "histogram" || m[2] === "summary")) {
          for (const suffix of ["_bucket", "_sum", "_count"]) names.add(m[1] + suffix);
        }
        continue;
      }
      m = /^([A-Za-z_:][A-Za-z0-9_:]*)[{ ]/.exec(line);
      if (m) names.add(m[1]);
    }
  }
  return names;
}

// Series Prometheus makes itself for every target, not exported by anything.
const SYNTHETIC = new Set(["up", "scrape_duration_seconds", "scrape_samples_scraped"]);

function checkMetrics(dashboardFile, rulesFile, metricFiles) {
  const used = new Map(); // name -> where
  const use = (expr, where) => {
    for (const n of metricNames(expr)) used.set(n, [...(used.get(n) ?? []), where]);
  };
  const dashboard = JSON.parse(readFileSync(dashboardFile, "utf8"));
  let queries = 0;
  const panels = (ps) => ps.flatMap((p) => [p, ...panels(p.panels ?? [])]);
  for (const p of panels(dashboard.panels ?? [])) {
    for (const t of p.targets ?? []) {
      if (!t.expr) continue;
      queries++;
      use(t.expr, `dashboard panel "${p.title}"`);
    }
  }
  for (const v of dashboard.templating?.list ?? []) {
    const q = typeof v.query === "string" ? v.query : v.query?.query;
    if (v.type === "query" && q) {
      queries++;
      use(q.replace(/^label_values\((.*),\s*\w+\)$/, "$1").replace(/^label_values\(\w+\)$/, ""), `dashboard variable ${v.name}`);
    }
  }
  if (queries === 0) problem(`${dashboardFile}: no queries found`);
  const rules = parseYaml(readFileSync(rulesFile, "utf8"));
  let ruleCount = 0;
  for (const g of rules.groups ?? []) {
    for (const r of g.rules ?? []) {
      ruleCount++;
      use(r.expr, `rule ${r.alert ?? r.record}`);
      if (r.record) SYNTHETIC.add(r.record); // recording rules make their own series
    }
  }
  const exported = exportedNames(metricFiles);
  for (const [name, where] of [...used].sort()) {
    if (exported.has(name) || SYNTHETIC.has(name)) continue;
    problem(`${name} (used by ${[...new Set(where)].join(", ")}) is not in any service's or the broker's /metrics`);
  }
  finish(`${used.size} metric names in ${queries} dashboard queries and ${ruleCount} rules, all exported`);
}

// ------------------------------------------------------------------------------------------------------ main
const [cmd, ...args] = process.argv.slice(2);
switch (cmd) {
  case "k8s": checkK8s(args[0], args[1]); break;
  case "compose": checkCompose(args[0]); break;
  case "dockerfile": await checkDockerfile(args[0]); break;
  case "rules-sync": checkRulesSync(args[0], args[1]); break;
  case "metrics": checkMetrics(args[0], args[1], args.slice(2)); break;
  case "promql-names": console.log([...metricNames(args[0])].join(" ")); break;
  default:
    console.error("usage: validate.mjs k8s|compose|dockerfile|rules-sync|metrics ...");
    process.exit(2);
}
