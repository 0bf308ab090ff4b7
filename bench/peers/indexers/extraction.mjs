// Peer indexers for `bench/run.sh --only extraction`: each indexes blocks FROM..TO from the replay JSON-RPC server into
// its own store and writes {label, settings, seconds, blocks, transactions, logs, bytes, cpu_seconds, peak_rss_mib}.
//
//   node extraction.mjs subsquid --url URL --from 0 --to N --dir DIR --out FILE
//   node extraction.mjs ponder   --url URL --from 0 --to N --dir DIR --out FILE [--seed SEED.json]
import fs from 'node:fs'
import path from 'node:path'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const [peer, ...rest] = process.argv.slice(2)
const opts = {}
for (let i = 0; i < rest.length; i += 2) opts[rest[i].replace(/^--/, '')] = rest[i + 1]
const from = Number(opts.from ?? 0)
const to = Number(opts.to)
const dir = path.resolve(opts.dir)
fs.mkdirSync(dir, { recursive: true })

function dirBytes(d) {
  let total = 0
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name)
    total += e.isDirectory() ? dirBytes(p) : fs.statSync(p).size
  }
  return total
}

function finish(result) {
  fs.writeFileSync(opts.out, JSON.stringify(result, null, 2))
  console.error(`${result.label}: ${result.blocks} blocks in ${result.seconds.toFixed(2)} s = ${(result.blocks / result.seconds).toFixed(0)} blocks/s`)
  process.exit(0)
}

if (peer === 'subsquid') await subsquid()
else if (peer === 'ponder') await ponder()
else {
  console.error(`unknown peer '${peer}'`)
  process.exit(2)
}

// Subsquid: EvmBatchProcessor over RPC only (no SQD Network gateway: the chain is local), every transaction and every
// log requested with the fields Amp's tables hold, written with @subsquid/file-store. npm serves no Parquet or CSV
// table package for file-store here (@subsquid/file-store-parquet / -csv are absent from the registry mirror), so the
// tables are JSON lines through file-store's own Table/TableWriter interface.
async function subsquid() {
  const { EvmBatchProcessor } = await import('@subsquid/evm-processor')
  const { Database, LocalDest } = await import('@subsquid/file-store')
  const version = JSON.parse(fs.readFileSync(path.join(HERE, 'node_modules/@subsquid/evm-processor/package.json'))).version

  class JsonLinesTable {
    constructor(name) { this.name = name }
    getFileExtension() { return 'jsonl' }
    createWriter() {
      const lines = []
      let size = 0
      return {
        get size() { return size },
        write(record) { const s = JSON.stringify(record, (k, v) => typeof v === 'bigint' ? v.toString() : v); lines.push(s); size += s.length + 1; return this },
        writeMany(records) { for (const r of records) this.write(r); return this },
        flush() { const out = Buffer.from(lines.join('\n') + (lines.length ? '\n' : '')); lines.length = 0; size = 0; return out },
      }
    }
  }

  const capacity = Number(opts.capacity ?? 10)
  const batch = Number(opts.batch ?? 100)
  const settings = `@subsquid/evm-processor ${version}, RPC only: capacity ${capacity} (concurrent requests), maxBatchCallSize ${batch}, finality confirmation 64 (file-store takes finalized blocks only), addTransaction({}) + addLog({}) with Amp's fields (receipts by eth_getBlockReceipts); @subsquid/file-store 2.0 LocalDest, JSON-lines tables blocks/transactions/logs, chunkSizeMb 64`
  const processor = new EvmBatchProcessor()
    .setRpcEndpoint({ url: opts.url, capacity, maxBatchCallSize: batch, requestTimeout: 60_000 })
    .setFinalityConfirmation(64)
    .setBlockRange({ from, to })
    .setFields({
      block: { hash: true, parentHash: true, timestamp: true, miner: true, gasUsed: true, gasLimit: true, baseFeePerGas: true, stateRoot: true, transactionsRoot: true, receiptsRoot: true, logsBloom: true, extraData: true, mixHash: true, nonce: true, difficulty: true, size: true },
      transaction: { hash: true, from: true, to: true, value: true, input: true, nonce: true, gas: true, gasPrice: true, maxFeePerGas: true, maxPriorityFeePerGas: true, type: true, v: true, r: true, s: true, yParity: true, chainId: true, gasUsed: true, cumulativeGasUsed: true, effectiveGasPrice: true, contractAddress: true, status: true, sighash: true },
      log: { address: true, data: true, topics: true, transactionHash: true },
    })
    .addTransaction({})
    .addLog({})
  const db = new Database({
    tables: { blocks: new JsonLinesTable('blocks'), transactions: new JsonLinesTable('transactions'), logs: new JsonLinesTable('logs') },
    dest: new LocalDest(dir),
    chunkSizeMb: 64,
  })
  let blocks = 0, transactions = 0, logs = 0
  const started = process.hrtime.bigint()
  const cpu0 = process.cpuUsage()
  processor.run(db, async (ctx) => {
    for (const block of ctx.blocks) {
      const { header } = block
      ctx.store.blocks.write({ number: header.height, hash: header.hash, parentHash: header.parentHash, timestamp: header.timestamp, miner: header.miner, gasUsed: header.gasUsed, gasLimit: header.gasLimit, baseFeePerGas: header.baseFeePerGas })
      for (const tx of block.transactions) ctx.store.transactions.write({ block: header.height, index: tx.transactionIndex, hash: tx.hash, from: tx.from, to: tx.to, value: tx.value, input: tx.input, nonce: tx.nonce, gas: tx.gas, gasPrice: tx.gasPrice, maxFeePerGas: tx.maxFeePerGas, maxPriorityFeePerGas: tx.maxPriorityFeePerGas, type: tx.type, r: tx.r, s: tx.s, v: tx.v, gasUsed: tx.gasUsed, status: tx.status })
      for (const log of block.logs) ctx.store.logs.write({ block: header.height, index: log.logIndex, tx: log.transactionIndex, address: log.address, topics: log.topics, data: log.data, transactionHash: log.transactionHash })
      blocks++
      transactions += block.transactions.length
      logs += block.logs.length
    }
    const last = ctx.blocks[ctx.blocks.length - 1]
    if (last && last.header.height >= to) {
      ctx.store.setForceFlush(true)
      setImmediate(done)
    }
  })
  // The processor exits by itself once the range is done, possibly before done() below finishes: then the result is
  // written on exit (its last transaction has completed by then).
  let ended = null
  process.on('exit', () => { if (!fs.existsSync(opts.out)) write(ended ?? Number(process.hrtime.bigint() - started) / 1e9, process.cpuUsage(cpu0)) })
  // Done when file-store has moved the last chunk into place and recorded the height in status.txt.
  async function done() {
    while (true) {
      const status = fs.existsSync(path.join(dir, 'status.txt')) ? Number(fs.readFileSync(path.join(dir, 'status.txt'), 'utf8').split('\n')[0]) : -1
      if (status >= to) break
      await new Promise((r) => setTimeout(r, 10))
    }
    ended = Number(process.hrtime.bigint() - started) / 1e9
    const cpu = process.cpuUsage(cpu0)
    await new Promise((r) => setTimeout(r, 500)) // file-store may still be moving files; not counted in the time
    write(ended, cpu)
    process.exit(0)
  }
  function write(seconds, cpu) {
    const result = { label: `Subsquid evm-processor ${version}`, settings, seconds, blocks, transactions, logs, bytes: dirBytes(dir), cpu_seconds: (cpu.user + cpu.system) / 1e6, peak_rss_mib: process.resourceUsage().maxRSS / 1024 }
    fs.writeFileSync(opts.out, JSON.stringify(result, null, 2))
    console.error(`${result.label}: ${result.blocks} blocks in ${result.seconds.toFixed(2)} s = ${(result.blocks / result.seconds).toFixed(0)} blocks/s`)
  }
}

// Ponder: a generated project (config, schema, handlers) started with `ponder start`; the run ends when its /ready
// endpoint answers 200 (historical indexing complete). Sources: every block (a block filter, interval 1), every
// transaction of the chain's 50 senders (accounts), every Transfer log of the five emitters (contracts), each written
// to its own table; the RPC cache is disabled so every run reads the source. Database: the bench PostgreSQL when
// --database-url is given (Ponder's recommendation for production), else its embedded PGlite.
async function ponder() {
  const version = JSON.parse(fs.readFileSync(path.join(HERE, 'node_modules/ponder/package.json'))).version
  const seed = JSON.parse(fs.readFileSync(opts.seed))
  const port = Number(opts.port ?? 42069)
  const database = opts['database-url']
    ? `{ kind: "postgres", connectionString: ${JSON.stringify(opts['database-url'])} }`
    : `{ kind: "pglite", directory: ${JSON.stringify(path.join(dir, 'pglite'))} }`
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'bench-ponder', private: true, type: 'module' }))
  try { fs.symlinkSync(path.join(HERE, 'node_modules'), path.join(dir, 'node_modules'), 'dir') } catch (e) { if (e.code !== 'EEXIST') throw e }
  fs.writeFileSync(path.join(dir, 'ponder.config.ts'), `
import { createConfig } from "ponder";
import { http } from "viem";
const Transfer = [{ type: "event", name: "Transfer", anonymous: false, inputs: [
  { indexed: true, name: "from", type: "address" }, { indexed: true, name: "to", type: "address" }, { indexed: false, name: "value", type: "uint256" } ] }] as const;
export default createConfig({
  database: ${database},
  networks: { replay: { chainId: 31337, transport: http(${JSON.stringify(opts.url)}, { batch: { batchSize: 100 } }), disableCache: true, pollingInterval: 1000 } },
  contracts: { Token: { network: "replay", abi: Transfer, address: ${JSON.stringify(seed.emitters)}, startBlock: ${from}, endBlock: ${to} } },
  accounts: { Senders: { network: "replay", address: ${JSON.stringify(seed.senders)}, startBlock: ${from}, endBlock: ${to} } },
  blocks: { Every: { network: "replay", startBlock: ${from}, endBlock: ${to}, interval: 1 } },
});
`)
  fs.writeFileSync(path.join(dir, 'ponder.schema.ts'), `
import { onchainTable, primaryKey } from "ponder";
export const blocks = onchainTable("blocks", (t) => ({ number: t.bigint().primaryKey(), hash: t.hex().notNull(), parentHash: t.hex().notNull(), timestamp: t.bigint().notNull(), miner: t.hex().notNull(), gasUsed: t.bigint().notNull(), gasLimit: t.bigint().notNull(), baseFeePerGas: t.bigint() }));
export const transactions = onchainTable("transactions", (t) => ({ hash: t.hex().primaryKey(), block: t.bigint().notNull(), index: t.integer().notNull(), from: t.hex().notNull(), to: t.hex(), value: t.bigint().notNull(), input: t.hex().notNull(), nonce: t.integer().notNull(), gas: t.bigint().notNull(), gasPrice: t.bigint(), maxFeePerGas: t.bigint(), maxPriorityFeePerGas: t.bigint(), type: t.text().notNull() }));
export const logs = onchainTable("logs", (t) => ({ block: t.bigint().notNull(), index: t.integer().notNull(), address: t.hex().notNull(), from: t.hex().notNull(), to: t.hex().notNull(), value: t.bigint().notNull(), transactionHash: t.hex().notNull() }), (t) => ({ pk: primaryKey({ columns: [t.block, t.index] }) }));
`)
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true })
  fs.writeFileSync(path.join(dir, 'src', 'index.ts'), `
import { ponder } from "ponder:registry";
import { blocks, transactions, logs } from "ponder:schema";
ponder.on("Every:block", async ({ event, context }) => {
  const b = event.block;
  await context.db.insert(blocks).values({ number: b.number, hash: b.hash, parentHash: b.parentHash, timestamp: b.timestamp, miner: b.miner, gasUsed: b.gasUsed, gasLimit: b.gasLimit, baseFeePerGas: b.baseFeePerGas ?? null });
});
ponder.on("Senders:transaction:from", async ({ event, context }) => {
  const t = event.transaction;
  await context.db.insert(transactions).values({ hash: t.hash, block: event.block.number, index: t.transactionIndex, from: t.from, to: t.to ?? null, value: t.value, input: t.input, nonce: t.nonce, gas: t.gas, gasPrice: t.gasPrice ?? null, maxFeePerGas: t.maxFeePerGas ?? null, maxPriorityFeePerGas: t.maxPriorityFeePerGas ?? null, type: t.type });
});
ponder.on("Token:Transfer", async ({ event, context }) => {
  await context.db.insert(logs).values({ block: event.block.number, index: event.log.logIndex, address: event.log.address, from: event.args.from, to: event.args.to, value: event.args.value, transactionHash: event.transaction.hash });
});
`)
  fs.mkdirSync(path.join(dir, 'src', 'api'), { recursive: true })
  fs.writeFileSync(path.join(dir, 'src', 'api', 'index.ts'), `
import { Hono } from "hono";
const app = new Hono();
export default app;
`)
  const started = process.hrtime.bigint()
  const child = spawn(process.execPath, [path.join(HERE, 'node_modules/ponder/dist/esm/bin/ponder.js'), 'start', '--root', dir, '--port', String(port), '--schema', opts.schema ?? 'bench', '--log-level', 'warn'],
    { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } })
  let exited = null
  child.on('exit', (code) => { exited = code })
  const deadline = Date.now() + Number(opts.timeout ?? 600) * 1000
  while (true) {
    if (exited !== null) { console.error(`ponder exited with ${exited} before it was ready`); process.exit(1) }
    try {
      const r = await fetch(`http://127.0.0.1:${port}/ready`)
      if (r.status === 200) break
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) { child.kill('SIGKILL'); console.error('ponder not ready before the deadline'); process.exit(1) }
    await new Promise((r) => setTimeout(r, 50))
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const stat = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8')
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const cpuSeconds = (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100
  const hwm = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'))
  const peak = Number(hwm.split(/\s+/)[1]) / 1024
  const blocks = to - from + 1
  const perBlock = seed.blocks.map((b) => [b.block.transactions.length, b.receipts.reduce((n, r) => n + r.logs.length, 0)])
  let transactions = 0, logs = 0
  for (let n = from; n <= to; n++) { const [t, l] = perBlock[n % perBlock.length]; transactions += t; logs += l }
  child.kill('SIGTERM')
  await new Promise((r) => setTimeout(r, 500))
  const bytes = opts['database-url'] ? 0 : dirBytes(path.join(dir, 'pglite'))
  finish({ label: `Ponder ${version}`, settings: `ponder ${version} start (NODE_ENV=production), ${opts['database-url'] ? 'the bench PostgreSQL' : 'embedded PGlite'}, viem http transport with JSON-RPC batches of 100, RPC cache disabled; block filter interval 1 + accounts (50 senders' transactions) + Transfer logs of 5 contracts, one insert per row through context.db`, seconds, blocks, transactions, logs, bytes, cpu_seconds: cpuSeconds, peak_rss_mib: peak })
}
