// Builds dist/: the TypeScript (tsc -p tsconfig.build.json), then the .sql files the SQL adapters
// read at run time, copied beside their modules. Runs on `npm pack` (prepack).
import { execFileSync } from "node:child_process"
import { cpSync, readdirSync, rmSync, statSync } from "node:fs"
import { dirname, join, relative } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
rmSync(join(root, "dist"), { recursive: true, force: true })
execFileSync(
  process.execPath,
  [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, "tsconfig.build.json")],
  {
    stdio: "inherit"
  }
)

const copy = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) copy(path)
    else if (name.endsWith(".sql")) cpSync(path, join(root, "dist", relative(join(root, "src"), path)))
  }
}
copy(join(root, "src"))
