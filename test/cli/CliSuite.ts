/**
 * The command line end to end, on one kind of store: the built bin run as a process on the
 * founding case, then each command with its exit code and output, then tampering with raw SQL
 * (triggers dropped first, as an attacker would) and `verify` naming the position and the kind
 * of damage. Run for a temporary SQLite file and for PostgreSQL (a fresh schema each).
 */
import { Effect, Layer } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type * as SqlClient from "@effect/sql/SqlClient"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { setupJson } from "../../examples/scenario/attendanceProgram.js"
import * as Hashing from "../../src/ports/Hashing.js"
import { openLedger } from "../../src/promise.js"
import * as RawLog from "../adapters/support/RawLog.js"
import { cli, ensureBuilt, errorTag, type Run } from "./support/bin.js"

/** A fresh, empty store of the kind under test. */
export interface FreshStore {
  readonly url: string
  /** An `SqlClient` on it, for tampering. */
  readonly client: Layer.Layer<SqlClient.SqlClient, unknown>
  readonly drop: () => Promise<void>
}

export interface StoreKind {
  readonly name: string
  readonly fresh: () => Promise<FreshStore>
}

const program = "cip-batik-2024"

const lines = (run: Run) => run.stdout.split("\n")

/** A small program (9 events on one stream) recorded in-process, for the tamper tests. */
const smallLog = async (url: string) => {
  const ledger = await openLedger({ url })
  for (const command of setupJson("tampered", 3, 2)) {
    await ledger.execute(command, {
      actor: { id: "officer-1", role: "program-officer", facility: "LPCIP" },
      source: "user",
      commandId: crypto.randomUUID()
    })
  }
  await ledger.close()
}

const tamper = (store: FreshStore, f: (raw: RawLog.RawLogService) => Effect.Effect<void, unknown>) =>
  Effect.runPromise(
    Effect.flatMap(RawLog.RawLog, f).pipe(Effect.provide(RawLog.layerSql.pipe(Layer.provide(store.client))))
  )

export const suite = (
  kind: StoreKind,
  options: {
    readonly skip?: boolean
    /** Also the checks that do not depend on the store (run on one kind only). */
    readonly everyCommand?: boolean
  } = {}
) =>
  describe.skipIf(options.skip === true)(`training-ledger command line on ${kind.name}`, () => {
    const stores: Array<FreshStore> = []
    const fresh = async () => {
      const store = await kind.fresh()
      stores.push(store)
      return store
    }
    // The founding case, recorded once through the bin, read by the first two tests.
    let founding: FreshStore
    let demo: Run
    beforeAll(async () => {
      await ensureBuilt()
      founding = await fresh()
      demo = await cli(["demo", "--db", founding.url])
    }, 180_000)
    afterAll(async () => {
      for (const store of stores) await store.drop()
    })

    it("records the founding case and answers every read command about it", async () => {
      const db = ["--db", founding.url]
      expect(demo.code).toBe(0)
      expect(demo.stdout).toContain(`program ${program}: 294 commands, 297 events (#1..#297)`)
      expect(demo.stdout).toContain("certificates: 001/SERT-BLK/LPCIP/IX/2024, 002/SERT-BLK/LPCIP/IX/2024")
      // the demo encrypts names with keys it keeps beside the store: reading names needs them
      const keys = ["--keys", /privacy keys: (.+?) \(/.exec(demo.stdout)![1]]

      const [again, programs, programsJson, history, historyId, historyJson, asOfDate, asOfPosition, unknown] =
        await Promise.all([
          cli(["demo", ...db]),
          cli(["programs", ...db, "--lang", "en"]),
          cli(["programs", ...db, "--json"]),
          cli(["history", program, ...db, "--lang", "en"]),
          cli(["history", program, ...db, "--as-of", "2024-08-01"]),
          cli(["history", program, ...db, "--json"]),
          cli(["history", program, ...db, "--as-of", "2024-09-04", "--json"]),
          cli(["history", program, ...db, "--as-of", "#100", "--json"]),
          cli(["history", "no-such-program", ...db])
        ])

      // the demo never records among someone's events
      expect(again.code).toBe(2)
      expect(errorTag(again)).toBe("StoreNotEmpty")
      expect(again.stderr).toContain("already holds 297 events")

      // programs: status, dates in the facility's zone (WIB with its offset), counts
      expect(programs.code).toBe(0)
      const [header, row] = lines(programs)
      expect(header).toMatch(/^Program +Title +Status +Planned +Closed +Enrolled +Certified +Events$/)
      expect(row).toMatch(
        /^cip-batik-2024 +Bimtek Wirausaha Baru IKM Batik +closed +2024-09-03\.\.2024-09-07 +2024-09-07 10:00 WIB \(\+07:00\) +25 \(officer 5, inmate 20\) +3 +294$/
      )
      const listed = JSON.parse(programsJson.stdout)
      expect(listed).toHaveLength(1)
      expect(listed[0]).toMatchObject({
        programId: program,
        status: "closed",
        timeZone: "Asia/Jakarta",
        closedAt: "2024-09-07T03:00:00.000Z",
        enrolled: { total: 25, officer: 5, inmate: 20 },
        certified: { total: 3, officer: 1, inmate: 2 },
        events: 294
      })

      // history: when it happened and when recorded (facility zone, offset), who in which role, why
      expect(history.code).toBe(0)
      expect(history.stdout).toContain(`Program ${program}: Bimtek Wirausaha Baru IKM Batik`)
      expect(history.stdout).toMatch(/^#1 ProgramDrafted \(v1\) {2}title=Bimtek Wirausaha Baru IKM Batik/m)
      expect(history.stdout).toMatch(
        /^ {4}happened 2024-08-01 09:00 WIB \(\+07:00\), recorded \d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)? WIB \(\+07:00\)$/m
      )
      expect(history.stdout).toContain("    by officer-blk-01 (role program-officer, LPCIP, source user)")
      expect(history.stdout).toMatch(/^#\d+ EnrollmentEnded \(v\d+\) .*\n.*\n.*\n {4}why: reason=released/m)
      expect(history.stdout).toMatch(/ProgramClosed .*\n {4}happened 2024-09-07 10:00 WIB \(\+07:00\)/)
      // Indonesian by default for a facility in Jakarta
      expect(historyId.code).toBe(0)
      expect(historyId.stdout).toMatch(/^ {4}terjadi 2024-08-01 09:00 WIB \(\+07:00\), dicatat .* WIB \(\+07:00\)$/m)
      expect(historyId.stdout).toContain("    oleh officer-blk-01 (peran program-officer, LPCIP, sumber user)")
      expect(historyId.stdout).toMatch(/; 3\/294 peristiwa; Asia\/Jakarta \(WIB, \+07:00\)$/m)

      // history --json: the full envelope, enough to recompute every event's hash
      const exported = JSON.parse(historyJson.stdout)
      expect(exported.events).toHaveLength(294)
      for (const e of exported.events) {
        expect(Object.keys(e).sort()).toEqual(
          [
            "data",
            "eventId",
            "hash",
            "metadata",
            "occurredAt",
            "position",
            "prevHash",
            "recordedAt",
            "schemaVersion",
            "streamId",
            "type",
            "version"
          ].sort()
        )
        const content = Hashing.contentHash({
          streamId: e.streamId,
          version: e.version,
          eventId: e.eventId,
          type: e.type,
          schemaVersion: e.schemaVersion,
          data: e.data,
          metadata: e.metadata,
          occurredAt: new Date(e.occurredAt),
          recordedAt: new Date(e.recordedAt)
        })
        expect(Hashing.link(e.prevHash, content)).toBe(e.hash)
      }
      // and consecutive positions link to each other
      for (let i = 1; i < exported.events.length; i++) {
        const [before, after] = [exported.events[i - 1], exported.events[i]]
        if (after.position === before.position + 1) expect(after.prevHash).toBe(before.hash)
      }
      expect(exported.events[0].prevHash).toBe("0".repeat(64))

      // --as-of: business date (end of that day in WIB), log position
      const byDate = JSON.parse(asOfDate.stdout).events
      expect(byDate.length).toBeGreaterThan(100)
      expect(byDate.length).toBeLessThan(294)
      for (const e of byDate) expect(new Date(e.occurredAt).getTime()).toBeLessThan(Date.parse("2024-09-04T17:00:00Z"))
      const byPosition = JSON.parse(asOfPosition.stdout).events
      expect(byPosition.at(-1).position).toBeLessThanOrEqual(100)
      expect(byPosition.length).toBeGreaterThan(90)

      // an unknown program is an error, not an empty timeline
      expect(unknown.code).toBe(4)
      expect(errorTag(unknown)).toBe("ProgramNotFound")
      expect(unknown.stdout).toBe("")

      const [replayThen, replayNow, report, csv, projections, html, rebuild, reportJson] = await Promise.all([
        cli(["replay", program, ...db, "--as-of", "2024-09-04", "--json"]),
        cli(["replay", program, ...db, "--lang", "en"]),
        cli(["report", program, ...db, ...keys, "--format", "md", "--lang", "en"]),
        cli(["report", program, ...db, ...keys, "--format", "csv", "--lang", "en"]),
        cli(["projections", "status", ...db]),
        // the same whatever the store: on one kind only
        ...(options.everyCommand === true
          ? [
              cli(["report", program, ...db, ...keys, "--format", "html"]),
              cli(["projections", "rebuild", ...db]),
              cli(["report", program, ...db, ...keys, "--json"])
            ]
          : [])
      ])
      const then = JSON.parse(replayThen.stdout)
      expect(then.summary).toMatchObject({ status: "running", sessionsHeld: 4, certified: { total: 0 } })
      expect(then.certificates).toEqual([])
      expect(then.roster).toHaveLength(25)
      expect(replayNow.stdout).toContain("Status: closed")
      expect(replayNow.stdout).toContain("Sessions: 9 held of 9 scheduled (0 cancelled)")
      expect(replayNow.stdout).toMatch(
        /^001\/SERT-BLK\/LPCIP\/IX\/2024 +completion +cip-batik-2024-p01 +officer +2024-09-07 10:15 WIB \(\+07:00\) +valid$/m
      )

      expect(report.code).toBe(0)
      for (const section of [
        "## Program summary",
        "## Roster",
        "## Sessions",
        "## Assessment results",
        "## Certificates",
        "## Evaluation material"
      ]) {
        expect(report.stdout).toContain(section)
      }
      expect(report.stdout).toContain("| Certified | 3 (inmate 2, officer 1, detainee 0) |")
      expect(report.stdout).toContain("Holders' names are masked")
      expect(report.stdout).not.toMatch(/Petugas Contoh|Warga Binaan Contoh/)
      expect(csv.stdout.split("\r\n")).toContain("Number,Type,Holder,Kind,Issued,Status")
      // the projection engine's tables: the inline ones are at the head with every append
      expect(projections.code).toBe(0)
      expect(projections.stdout).toMatch(/^program-roster +\d+ +table \(inline\) +#297 +#297 +current$/m)
      expect(projections.stdout).toMatch(/^certificate-register +\d+ +table \(inline\) +#297 +#297 +current$/m)
      expect(projections.stdout).toMatch(/^program-summary +\d+ +table \(async\) /m)
      if (html !== undefined && rebuild !== undefined) {
        // html: one self-contained page through the reports module, with its charts, names masked
        expect(html.code).toBe(0)
        expect(html.stderr).toBe("")
        expect(html.stdout).toMatch(/^<!doctype html>/)
        for (const n of ["001", "002", "003"]) expect(html.stdout).toContain(`${n}/SERT-BLK/LPCIP/IX/2024`)
        expect(html.stdout.match(/<svg/g)?.length).toBe(4)
        expect(html.stdout).toContain('data-figure="certified"><div class="v">3<')
        expect(html.stdout).toContain('data-figure="enrolled"><div class="v">25<')
        expect(html.stdout).toContain("P****** C***** S*** (f*****)")
        expect(html.stdout).not.toMatch(/Petugas Contoh|Warga Binaan Contoh/)
        // every read model rebuilt from the log, at its head
        expect(rebuild.code).toBe(0)
        for (const name of ["program-roster", "program-summary", "attendance-register", "audit-timeline"])
          expect(rebuild.stdout).toMatch(new RegExp(`^${name} v\\d+: rebuilt from 297 events, at #297$`, "m"))
        const after = await cli(["projections", "status", ...db])
        expect(after.stdout).toMatch(/^program-summary +\d+ +table \(async\) +#297 +#297 +current$/m)
        // the report's data: the read models and the holders' names as printed (masked)
        const data = JSON.parse(reportJson!.stdout)
        expect(data.view.summary.certified.total).toBe(3)
        expect(data.view.certificates.map((c: { number: string }) => c.number)).toEqual([
          "001/SERT-BLK/LPCIP/IX/2024",
          "002/SERT-BLK/LPCIP/IX/2024",
          "003/SERT-BLK/LPCIP/IX/2024"
        ])
        expect(data.holders).toHaveLength(25)
        expect(data.holders[0]).toEqual({ participantId: "cip-batik-2024-p01", name: "P****** C***** S*** (f*****)" })
      }
    })

    it("report --show-names prints names only for a role the access policy lets see them", async () => {
      const db = ["--db", founding.url]
      const keys = ["--keys", /privacy keys: (.+?) \(/.exec(demo.stdout)![1]]
      const report = (...more: Array<string>) =>
        cli(["report", program, ...db, ...keys, "--format", "csv", "--lang", "en", "--show-names", ...more])
      const [noRole, head, ministry, analyst, otherFacility] = await Promise.all([
        report(),
        report("--role", "head-of-facility"),
        report("--role", "ministry", "--facility", "IKMA"),
        report("--role", "analyst", "--facility", "DJPAS"),
        report("--role", "head-of-facility", "--facility", "LPSLM")
      ])
      expect(noRole.code).toBe(2)
      expect(errorTag(noRole)).toBe("ConflictingOptions")
      // the head of the facility reads the holders in clear (the founding case's names are placeholders)
      expect(head.code).toBe(0)
      expect(head.stdout).toContain("Petugas Contoh")
      // the ministry reads the certificate register, names masked
      expect(ministry.code).toBe(0)
      expect(ministry.stdout).not.toContain("Petugas Contoh")
      expect(ministry.stdout).toContain("P****** C***** S*** (f*****)")
      // an analyst reads aggregates only; another facility's head reads nothing here
      for (const refused of [analyst, otherFacility]) {
        expect(refused.code).toBe(2)
        expect(errorTag(refused)).toBe("NotAuthorised")
      }
    })

    it("verify, seal and check-seal: a round trip through a file and through stdin; shorter; another log", async () => {
      const db = ["--db", founding.url]
      // another database: a small log of its own
      const other = await fresh()
      await smallLog(other.url)
      const dir = mkdtempSync(join(tmpdir(), "tl-seal-"))
      const file = join(dir, "seal.json")

      const [verified, sealed, printed, otherSeal] = await Promise.all([
        cli(["verify", ...db, "--lang", "en"]),
        cli(["seal", ...db, "--out", file, "--lang", "en"]),
        cli(["seal", ...db]),
        cli(["seal", "--db", other.url])
      ])
      expect(verified.code).toBe(0)
      expect(verified.stdout).toMatch(/^INTACT: 297 events checked, head #297 [0-9a-f]{64}$/m)
      expect(verified.stderr).toBe("") // no progress bar when stderr is a pipe
      expect(sealed.code).toBe(0)
      expect(sealed.stdout).toMatch(/^sealed at \d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)? WIB \(\+07:00\) -> /m)
      const seal = JSON.parse(printed.stdout)
      expect(Object.keys(seal).sort()).toEqual(["hash", "position", "sealedAt"])
      expect(seal.position).toBe(297)
      expect(JSON.parse(otherSeal.stdout).position).toBe(9)

      const [fromFile, fromStdin, flags, shorter, another] = await Promise.all([
        cli(["verify", ...db, "--seal", file, "--lang", "en"]),
        cli(["verify", ...db, "--seal", "-", "--lang", "en"], { stdin: printed.stdout }),
        cli(["check-seal", ...db, "--position", "297", "--hash", seal.hash, "--json"]),
        cli(["check-seal", ...db, "--position", "400", "--hash", seal.hash, "--lang", "en"]),
        cli(["check-seal", ...db, "--seal", "-", "--lang", "en"], { stdin: otherSeal.stdout })
      ])
      rmSync(dir, { recursive: true, force: true })
      expect(fromFile.code).toBe(0)
      expect(fromFile.stdout).toContain("INTACT: the log only grew since the seal: from #297 to #297")
      expect(fromStdin.code).toBe(0)
      expect(fromStdin.stdout).toContain("the log only grew since the seal")
      expect(flags.code).toBe(0)
      expect(JSON.parse(flags.stdout).verdict).toEqual({ grewOnly: true, from: 297, to: 297 })

      expect(shorter.code).toBe(1)
      expect(shorter.stdout).toContain("shorter than the seal")
      expect(errorTag(shorter)).toBe("LogShorterThanSeal")
      expect(shorter.stderr).toContain("it ends at position 297, the seal is at 400")

      // the other database's seal is at position 9, which this log has, with another hash
      expect(another.code).toBe(1)
      expect(another.stdout).toContain("another log: the chain is intact up to #9")
      expect(errorTag(another)).toBe("AnotherLog")
    })

    describe("tampering with raw SQL: verify names the position and the kind of damage", () => {
      const cases: ReadonlyArray<
        readonly [string, (raw: RawLog.RawLogService) => Effect.Effect<void, unknown>, number, string]
      > = [
        ["a row's data changed", (raw) => raw.setData(4, { tampered: true }), 4, "changed"],
        ["a row deleted", (raw) => raw.deleteRow(6), 6, "missing"],
        ["a linked row inserted", (raw) => raw.insertLinked(5, crypto.randomUUID()), 5, "inserted"],
        ["two rows swapped", (raw) => raw.swapRows(7, 8), 7, "reordered"]
      ]
      it("changed, missing, inserted, reordered; a seal from before the tamper no longer holds", async () => {
        const tampered = await Promise.all(
          cases.map(async ([label, change, position, damage]) => {
            const store = await fresh()
            await smallLog(store.url)
            return { label, change, position, damage, store }
          })
        )
        const seals = await Promise.all(tampered.map(({ store }) => cli(["seal", "--db", store.url])))
        for (const { change, store } of tampered) await tamper(store, change)
        const runs = await Promise.all(
          tampered.map(({ store }, i) =>
            Promise.all([
              cli(["verify", "--db", store.url, "--lang", "en"]),
              i === 0 ? cli(["verify", "--db", store.url, "--json"]) : undefined,
              i < 2 ? cli(["verify", "--db", store.url, "--seal", "-"], { stdin: seals[i]!.stdout }) : undefined
            ])
          )
        )
        for (const [i, { damage, label, position }] of tampered.entries()) {
          const [verified, json, sealed] = runs[i]!
          expect(verified.code, label).toBe(1)
          expect(verified.stdout, label).toContain(`BROKEN: first bad position #${position}, damage: ${damage}`)
          expect(verified.stderr, label).toContain(
            `ChainBroken: the hash chain is broken at position ${position} (${damage})`
          )
          if (json !== undefined) expect(JSON.parse(json.stdout)).toMatchObject({ intact: false, position, damage })
          if (sealed !== undefined) {
            expect(sealed.code, label).toBe(1)
            expect(errorTag(sealed), label).toBe("ChainBroken")
          }
        }
      })
    })
  })
