// graphile-worker and pg-boss, measured the way bench/AmpBench measures ampd. Started by bench/run.sh:
//
//   node bench.mjs <graphile|pgboss> latency    --db URL --out FILE [--runs 5 --jobs 1000 --gap-ms 5 --notify true]
//   node bench.mjs <graphile|pgboss> throughput --db URL --out FILE [--runs 5 --jobs 2000 --workers 4 --concurrency 10]
//   node bench.mjs pgboss failover              --db URL --out FILE [--kills 5 --heartbeat 10 --monitor 1]
//
// Worker processes are children of this one (fork with an IPC channel); they report each job's start with
// the enqueue→start latency measured on CLOCK_MONOTONIC (process.hrtime), which all processes share. A child
// whose parent goes away exits, and the parent kills its children on every exit path.
import { fork } from 'node:child_process';
import { openSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { EventEmitter } from 'node:events';
import pg from 'pg';

const now = () => Number(process.hrtime.bigint()) / 1e6;
const self = fileURLToPath(import.meta.url);
const [system, mode, ...rest] = process.argv.slice(2);
const opt = {};
for (let i = 0; i < rest.length; i++) {
  if (!rest[i].startsWith('--')) continue;
  const key = rest[i].slice(2);
  opt[key] = (i + 1 < rest.length && !rest[i + 1].startsWith('--')) ? rest[++i] : 'true';
}
const num = (k, d) => (opt[k] === undefined ? d : Number(opt[k]));
const bool = (k, d) => (opt[k] === undefined ? d : opt[k] === 'true');
const QUEUE = 'bench';
const START_TIMEOUT_MS = 30000; // a job not started by then is counted as stuck, at this value

// Nearest-rank percentile: the same rule as bench/Common/Stats.cs.
function percentile(values, p) {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(Math.max(rank - 1, 0), s.length - 1)];
}
const r3 = (v) => Math.round(v * 1000) / 1000;

// ---------------------------------------------------------------------------------------------------------
// The two systems behind one small interface: producer (add, addMany, pending) and worker (handler per job).

async function graphileModule() {
  return await import('graphile-worker');
}

async function pgbossModule() {
  const m = await import('pg-boss');
  return m.PgBoss ?? m.default;
}

const systems = {
  graphile: {
    name: 'graphile-worker',
    async producer(db) {
      const { makeWorkerUtils } = await graphileModule();
      const utils = await makeWorkerUtils({ connectionString: db });
      await utils.migrate();
      const pool = new pg.Pool({ connectionString: db, max: 1 });
      return {
        add: (payload) => utils.addJob('noop', payload),
        addMany: (payloads) => utils.addJobs(payloads.map((payload) => ({ identifier: 'noop', payload }))),
        pending: async () => (await pool.query('SELECT count(*)::int AS n FROM graphile_worker._private_jobs')).rows[0].n,
        close: async () => { await utils.release(); await pool.end(); },
      };
    },
    async worker(db, { concurrency }, onJob) {
      const { run } = await graphileModule();
      const events = new EventEmitter();
      const listening = new Promise((res) => events.once('pool:listen:success', res));
      const runner = await run({
        connectionString: db,
        concurrency,
        noHandleSignals: true,
        pollInterval: 2000,
        events,
        taskList: { noop: async (payload) => { await onJob(payload); } },
      });
      await Promise.race([listening, sleep(10000)]);
      return { stop: () => runner.stop() };
    },
  },
  pgboss: {
    name: 'pg-boss',
    async producer(db) {
      const PgBoss = await pgbossModule();
      const boss = new PgBoss({ connectionString: db, supervise: false, schedule: false, migrate: true, max: 4 });
      boss.on('error', (e) => console.error('pg-boss producer error', e));
      await boss.start();
      const pool = new pg.Pool({ connectionString: db, max: 1 });
      return {
        boss,
        add: (payload) => boss.send(QUEUE, payload),
        addMany: (payloads) => boss.insert(QUEUE, payloads.map((data) => ({ data }))),
        pending: async () => (await pool.query(
          "SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state NOT IN ('completed', 'cancelled', 'failed')", [QUEUE])).rows[0].n,
        close: async () => { await boss.stop({ graceful: false, wait: false }); await pool.end(); },
      };
    },
    async worker(db, w, onJob) {
      const PgBoss = await pgbossModule();
      const boss = new PgBoss({
        connectionString: db,
        useListenNotify: w.notify,
        supervise: w.supervise,
        monitorIntervalSeconds: w.monitor,
        superviseIntervalSeconds: w.monitor,
        schedule: false,
        migrate: false,
        max: Math.max(4, w.concurrency + 2),
      });
      boss.on('error', (e) => console.error('pg-boss worker error', e?.message ?? e));
      await boss.start();
      await boss.work(QUEUE, {
        pollingIntervalSeconds: 0.5,
        batchSize: w.batchSize,
        burstWhenBatchFull: w.batchSize > 1,
        localConcurrency: w.concurrency,
      }, async (jobs) => { await Promise.all(jobs.map((j) => onJob(j.data, j))); });
      return { stop: () => boss.stop({ graceful: false, wait: false }) };
    },
    async createQueue(producer, options) {
      const boss = producer.boss;
      const existing = await boss.getQueue(QUEUE);
      if (existing) await boss.deleteQueue(QUEUE);
      await boss.createQueue(QUEUE, options);
    },
  },
};

const sys = systems[system];
if (!sys) {
  console.error(`unknown system '${system}': use graphile or pgboss`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------------------
// Child side.

async function workerMain() {
  process.on('disconnect', () => process.exit(0)); // the parent is gone: never outlive it
  const held = new Map();
  process.on('message', (m) => {
    if (m?.t === 'release') { held.get(m.key)?.(); held.delete(m.key); }
  });
  const report = !bool('quiet', false);
  const w = {
    concurrency: num('concurrency', 1),
    batchSize: num('batch-size', 1),
    notify: bool('notify', true),
    supervise: bool('supervise', false),
    monitor: num('monitor', 60),
  };
  await sys.worker(opt.db, w, async (payload) => {
    const lat = now() - payload.t;
    if (report) process.send({ t: 'start', key: payload.key, lat, pid: process.pid });
    if (payload.hold) await new Promise((res) => held.set(payload.key, res));
  });
  process.send({ t: 'ready', pid: process.pid });
}

// ---------------------------------------------------------------------------------------------------------
// Parent side.

const children = new Set();
function killChildren() {
  for (const c of children) { try { c.kill('SIGKILL'); } catch { /* gone */ } }
}
process.on('exit', killChildren);
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => { killChildren(); process.exit(1); });

const starts = new Map();      // key -> resolve
const startMessages = [];      // every start message, for failover
function spawnWorker(args, name) {
  const logDir = opt.logs ?? '.';
  mkdirSync(logDir, { recursive: true });
  const log = openSync(resolve(logDir, `${system}-${name}.log`), 'a');
  const child = fork(self, [system, 'worker', '--db', opt.db, ...args], { stdio: ['ignore', log, log, 'ipc'] });
  children.add(child);
  const ready = new Promise((res, rej) => {
    child.on('message', (m) => {
      if (m?.t === 'ready') res(child);
      else if (m?.t === 'start') {
        const msg = { ...m, at: now() };
        startMessages.push(msg);
        starts.get(m.key)?.(msg);
        starts.delete(m.key);
      }
    });
    child.once('exit', (code, signal) => { children.delete(child); rej(new Error(`worker ${name} exited (${code ?? signal}) before it was ready`)); });
  });
  return { child, ready };
}

function waitStart(key, timeoutMs) {
  return new Promise((res, rej) => {
    const timer = setTimeout(() => { starts.delete(key); rej(new Error(`job ${key} did not start within ${timeoutMs} ms`)); }, timeoutMs);
    starts.set(key, (m) => { clearTimeout(timer); res(m); });
  });
}

async function waitDrained(producer, timeoutMs) {
  const t0 = now();
  while (now() - t0 < timeoutMs) {
    if ((await producer.pending()) === 0) return now();
    await sleep(20);
  }
  throw new Error(`queue not drained within ${timeoutMs} ms`);
}

function writeResult(row) {
  mkdirSync(dirname(resolve(opt.out)), { recursive: true });
  writeFileSync(opt.out, JSON.stringify({ part: mode, rows: [row] }, null, 2));
}

async function latencyMain() {
  const runs = num('runs', 5);
  const jobs = num('jobs', 1000);
  const gap = num('gap-ms', 5);
  // A polling worker waits a full interval after each fetch, so jobs enqueued a fixed time after the previous
  // start would all land at the same phase of its poll cycle; a random extra pause spreads them over the cycle.
  const jitter = num('gap-jitter-ms', 0);
  const pause = () => sleep(gap + Math.random() * jitter);
  const notify = bool('notify', true);
  const label = opt.label ?? sys.name;
  const row = { label, metrics: {}, pooled: {}, notes: [] };
  const producer = await sys.producer(opt.db);
  try {
    if (system === 'pgboss') await sys.createQueue(producer, { notify });
    row.settings = system === 'graphile'
      ? '1 worker process, concurrency 1, LISTEN/NOTIFY (default), pollInterval 2000 ms (default); producer: WorkerUtils.addJob'
      : `1 worker process, work() batchSize 1, pollingIntervalSeconds 0.5 (the minimum), ${notify ? 'useListenNotify true + queue notify true (LISTEN/NOTIFY wake-up, polling as backstop)' : 'no LISTEN/NOTIFY: polling only'}; producer: send()${jitter > 0 ? `; pause between jobs ${gap} ms + uniform 0–${jitter} ms so arrivals fall at random points of the poll cycle` : ''}`;
    const { ready } = spawnWorker(['--concurrency', '1', '--notify', String(notify)], 'latency');
    await ready;
    for (let i = 0; i < 10; i++) { // warm-up, not recorded
      const key = `warm-${i}`;
      const started = waitStart(key, 30000);
      await producer.add({ key, t: now() });
      await started;
      await pause();
    }
    const all = [];
    let stuckTotal = 0;
    for (let r = 0; r < runs; r++) {
      const lats = [];
      let stuck = 0;
      for (let i = 0; i < jobs; i++) {
        const key = `r${r}-${i}`;
        const started = waitStart(key, START_TIMEOUT_MS);
        await producer.add({ key, t: now() });
        try {
          lats.push((await started).lat);
        } catch (e) {
          // Counted at the timeout (a lower bound) and reported; the run goes on.
          lats.push(START_TIMEOUT_MS);
          stuck++;
          console.error(e.message);
          if (stuckTotal + stuck === 1) row.notes.push(`First job not started within ${START_TIMEOUT_MS / 1000} s: ${key}.`);
        }
        await pause();
      }
      stuckTotal += stuck;
      (row.metrics.p50_ms ??= []).push(r3(percentile(lats, 50)));
      (row.metrics.p99_ms ??= []).push(r3(percentile(lats, 99)));
      (row.metrics.max_ms ??= []).push(r3(Math.max(...lats)));
      (row.metrics.stuck ??= []).push(stuck);
      all.push(...lats);
      console.error(`${label} latency run ${r + 1}/${runs}: p50 ${percentile(lats, 50).toFixed(2)} ms, p99 ${percentile(lats, 99).toFixed(2)} ms`);
    }
    row.pooled = { jobs: all.length, p50_ms: r3(percentile(all, 50)), p99_ms: r3(percentile(all, 99)), max_ms: r3(Math.max(...all)), stuck: stuckTotal };
  } finally {
    await producer.close().catch(() => {});
  }
  writeResult(row);
}

async function throughputMain() {
  const runs = num('runs', 5);
  const jobs = num('jobs', 2000);
  const workers = num('workers', 4);
  const concurrency = num('concurrency', 10);
  const batchSize = num('batch-size', system === 'pgboss' ? 10 : 1);
  const row = { label: opt.label ?? sys.name, metrics: {}, pooled: {}, notes: [] };
  const producer = await sys.producer(opt.db);
  try {
    if (system === 'pgboss') await sys.createQueue(producer, { notify: true });
    row.settings = system === 'graphile'
      ? `${workers} worker processes × concurrency ${concurrency}; bulk enqueue with WorkerUtils.addJobs in batches of 500`
      : `${workers} worker processes × work() localConcurrency 1 with batchSize ${batchSize} (${batchSize} jobs in flight per process), burstWhenBatchFull, pollingIntervalSeconds 0.5, useListenNotify; bulk enqueue with insert() in batches of 500`;
    const spawned = [];
    for (let i = 0; i < workers; i++) {
      spawned.push(spawnWorker(['--concurrency', String(system === 'pgboss' ? 1 : concurrency), '--batch-size', String(batchSize), '--notify', 'true', '--quiet', 'true'], `tp${i + 1}`).ready);
    }
    await Promise.all(spawned);
    // warm-up
    await producer.addMany(Array.from({ length: 100 }, (_, i) => ({ key: `warm-${i}`, t: now() })));
    await waitDrained(producer, 120000);
    for (let r = 0; r < runs; r++) {
      const payloads = Array.from({ length: jobs }, (_, i) => ({ key: `r${r}-${i}`, t: 0 }));
      const t0 = now();
      for (let i = 0; i < payloads.length; i += 500) await producer.addMany(payloads.slice(i, i + 500));
      const tEnq = now();
      const tEnd = await waitDrained(producer, 300000);
      const seconds = (tEnd - t0) / 1000;
      (row.metrics.jobs_per_s ??= []).push(r3(jobs / seconds));
      (row.metrics.enqueue_per_s ??= []).push(r3(jobs / ((tEnq - t0) / 1000)));
      (row.metrics.total_s ??= []).push(r3(seconds));
      console.error(`${row.label} throughput run ${r + 1}/${runs}: ${(jobs / seconds).toFixed(0)} jobs/s`);
    }
  } finally {
    await producer.close().catch(() => {});
  }
  writeResult(row);
}

async function failoverMain() {
  if (system !== 'pgboss') throw new Error('failover is measured for pg-boss only (graphile-worker OSS reclaims locked jobs after a hard-coded 4 hours)');
  const kills = num('kills', 5);
  const heartbeat = num('heartbeat', 10);
  const monitor = num('monitor', 1);
  const row = {
    label: 'pg-boss',
    settings: `2 worker processes (supervise on, superviseIntervalSeconds and monitorIntervalSeconds ${monitor}, default 60); queue heartbeatSeconds ${heartbeat} (the minimum), retryLimit 100, retryDelay 0; pollingIntervalSeconds 0.5 without LISTEN/NOTIFY (with it, the 30 s backstop poll picks the retried job up)`,
    metrics: {}, pooled: {}, notes: [],
  };
  const producer = await sys.producer(opt.db);
  // Polling only: with LISTEN/NOTIFY the backstop poll is notifyPollingIntervalSeconds (30 s) and a job put back
  // for retry sends no NOTIFY, so the rescue would wait for that poll.
  const workerArgs = ['--concurrency', '1', '--notify', 'false', '--supervise', 'true', '--monitor', String(monitor)];
  try {
    await sys.createQueue(producer, { notify: true, heartbeatSeconds: heartbeat, retryLimit: 100, retryDelay: 0, expireInSeconds: 3600 });
    const procs = [spawnWorker(workerArgs, 'fo-a'), spawnWorker(workerArgs, 'fo-b')];
    const live = await Promise.all(procs.map((p) => p.ready));
    for (let k = 0; k < kills; k++) {
      const key = `kill-${k}`;
      const first = waitStart(key, 30000);
      await producer.add({ key, t: now(), hold: true });
      const m = await first;
      const victim = live.find((c) => c.pid === m.pid);
      const second = waitStart(key, 600000);
      const tKill = now();
      victim.kill('SIGKILL');
      const again = await second;
      const ms = again.at - tKill;
      (row.metrics.failover_ms ??= []).push(r3(ms));
      console.error(`pg-boss failover ${k + 1}/${kills}: ${(ms / 1000).toFixed(2)} s`);
      const survivor = live.find((c) => c.pid === again.pid);
      survivor?.send({ t: 'release', key });
      const restarted = await spawnWorker(workerArgs, `fo-${k}`).ready;
      live[live.indexOf(victim)] = restarted;
    }
  } finally {
    await producer.close().catch(() => {});
  }
  writeResult(row);
}

try {
  if (mode === 'worker') await workerMain();
  else if (mode === 'latency') await latencyMain();
  else if (mode === 'throughput') await throughputMain();
  else if (mode === 'failover') await failoverMain();
  else throw new Error(`unknown mode '${mode}'`);
  if (mode !== 'worker') { killChildren(); process.exit(0); }
} catch (e) {
  console.error(e?.stack ?? e);
  if (mode !== 'worker' && opt.out) {
    writeResult({ label: opt.label ?? sys.name, metrics: {}, pooled: {}, notes: [], error: String(e?.message ?? e) });
  }
  killChildren();
  process.exit(1);
}
