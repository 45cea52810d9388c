import { mkdirSync, rmSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

export const BENCH_DIR = dirname(dirname(fileURLToPath(import.meta.url)))
export const WORK_DIR = join(BENCH_DIR, ".work")
export const PG_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test"

/** A fresh SQLite file path in bench/.work/ (any old file and its -wal/-shm removed). */
export const freshSqliteFile = (name) => {
  mkdirSync(WORK_DIR, { recursive: true })
  const file = join(WORK_DIR, `${name}-${process.pid}.sqlite`)
  removeSqliteFile(file)
  return file
}
export const removeSqliteFile = (file) => {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) rmSync(f, { force: true })
}

/** A fresh PostgreSQL schema name for this run. */
export const freshSchemaName = (name) => `bench_${name.replace(/[^a-z0-9]/gi, "_").toLowerCase()}_${process.pid}`

/** The URL with search_path set to the schema (every connection of the run lands in it). */
export const urlWithSchema = (schema) => {
  const u = new URL(PG_URL)
  u.searchParams.set("options", `-c search_path=${schema}`)
  return u.toString()
}
