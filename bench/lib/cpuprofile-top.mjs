// Summarises a .cpuprofile (from `node bench/run.mjs --cpu-prof DIR`): the functions with the most
// self time, and the files with the most self time.  node bench/lib/cpuprofile-top.mjs FILE [N]
import { readFileSync } from "node:fs"

const [file, nArg] = process.argv.slice(2)
const top = Number(nArg ?? 25)
const prof = JSON.parse(readFileSync(file, "utf8"))
const byId = new Map(prof.nodes.map((n) => [n.id, n]))
const self = new Map()
const dt = prof.timeDeltas
for (let i = 0; i < prof.samples.length; i++) self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (dt[i] ?? 0))
const total = [...self.values()].reduce((a, b) => a + b, 0)
const fn = new Map()
const files = new Map()
for (const [id, us] of self) {
  const cf = byId.get(id).callFrame
  const short = (cf.url || "(native)")
    .replace(/^file:\/\//, "")
    .replace(/.*\/node_modules\//, "~/")
    .replace(/.*\/work\/main\//, "")
  const key = `${cf.functionName || "(anonymous)"}  ${short}:${cf.lineNumber + 1}`
  fn.set(key, (fn.get(key) ?? 0) + us)
  files.set(short, (files.get(short) ?? 0) + us)
}
const show = (m, title) => {
  console.log(`\n${title}`)
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`)
}
show(fn, `self time by function (total ${(total / 1000).toFixed(0)} ms)`)
show(files, "self time by file")
