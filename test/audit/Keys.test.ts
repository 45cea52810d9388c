import { afterAll, describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Crypto from "node:crypto"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Keys from "../../src/audit/Keys.js"

const root = Fs.mkdtempSync(Path.join(Os.tmpdir(), "training-ledger-keys-"))
afterAll(() => Fs.rmSync(root, { recursive: true, force: true }))
let dirs = 0
const freshDir = () => Path.join(root, `case-${++dirs}`)

const mode = (path: string) => Fs.statSync(path).mode & 0o777

/** Runs `f` with the process umask set to `mask` (tests run in forked processes, one file each). */
const withUmask = <A, E>(mask: number, effect: Effect.Effect<A, E>) =>
  Effect.acquireUseRelease(
    Effect.sync(() => process.umask(mask)),
    () => effect,
    (previous) => Effect.sync(() => process.umask(previous))
  )

describe("Keys", () => {
  it.effect("generates a private key readable by its owner only and a public key readable by all", () =>
    Effect.gen(function* () {
      // A permissive umask must not widen the private key; a strict one must not narrow the public key.
      const open = yield* withUmask(0o000, Keys.generateKeyPair(freshDir()))
      expect(mode(open.privateKeyPath)).toBe(0o600)
      expect(mode(open.publicKeyPath)).toBe(0o644)
      const dir = freshDir()
      const closed = yield* withUmask(0o077, Keys.generateKeyPair(dir))
      expect(mode(closed.privateKeyPath)).toBe(0o600)
      expect(mode(closed.publicKeyPath)).toBe(0o644)
      expect(mode(dir)).toBe(0o700)
      expect(Path.basename(closed.privateKeyPath)).toBe("ledger-signing.key")
      expect(Path.basename(closed.publicKeyPath)).toBe("ledger-signing.pub")
      expect(Fs.readFileSync(closed.privateKeyPath, "utf8")).toMatch(/^-----BEGIN PRIVATE KEY-----\n/)
      expect(Fs.readFileSync(closed.publicKeyPath, "utf8")).toBe(closed.publicKeyPem)
      expect(closed.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/)
      expect(closed.fingerprint).not.toBe(open.fingerprint)
    })
  )

  it.effect("never overwrites a key file", () =>
    Effect.gen(function* () {
      const dir = freshDir()
      const first = yield* Keys.generateKeyPair(dir)
      const before = [Fs.readFileSync(first.privateKeyPath, "utf8"), Fs.readFileSync(first.publicKeyPath, "utf8")]
      const again = yield* Effect.flip(Keys.generateKeyPair(dir))
      expect(again).toEqual(new Keys.KeyFileExists({ path: first.privateKeyPath }))
      expect([Fs.readFileSync(first.privateKeyPath, "utf8"), Fs.readFileSync(first.publicKeyPath, "utf8")]).toEqual(
        before
      )
      // Only the public file there: refused too, and no private key is left behind.
      const other = freshDir()
      Fs.mkdirSync(other)
      Fs.writeFileSync(Path.join(other, Keys.publicKeyFileName), "keep me")
      const refused = yield* Effect.flip(Keys.generateKeyPair(other))
      expect(refused._tag).toBe("KeyFileExists")
      expect(Fs.readdirSync(other)).toEqual([Keys.publicKeyFileName])
      expect(Fs.readFileSync(Path.join(other, Keys.publicKeyFileName), "utf8")).toBe("keep me")
    })
  )

  it.effect("the loaded keys sign and verify, and the fingerprint is the SHA-256 of the SPKI DER", () =>
    Effect.gen(function* () {
      const generated = yield* Keys.generateKeyPair(freshDir())
      const privateKey = yield* Keys.loadPrivateKey(generated.privateKeyPath)
      const publicKey = yield* Keys.loadPublicKey(generated.publicKeyPath)
      const message = Buffer.from("297 events")
      const signature = Crypto.sign(null, message, privateKey)
      expect(Crypto.verify(null, message, publicKey, signature)).toBe(true)
      expect(Crypto.verify(null, Buffer.from("298 events"), publicKey, signature)).toBe(false)

      const der = Crypto.createPublicKey(generated.publicKeyPem).export({ type: "spki", format: "der" })
      const expected = "SHA256:" + Crypto.createHash("sha256").update(der).digest("base64url")
      expect(Keys.fingerprint(publicKey)).toBe(expected)
      expect(Keys.fingerprint(privateKey)).toBe(expected)
      expect(generated.fingerprint).toBe(expected)
      expect(expected).toMatch(/^SHA256:[A-Za-z0-9_-]{43}$/)
      expect(Keys.publicKeyPem(privateKey)).toBe(generated.publicKeyPem)
    })
  )

  it.effect("a missing file, a file that is not a key, and a key of the wrong kind are refused", () =>
    Effect.gen(function* () {
      const dir = freshDir()
      const generated = yield* Keys.generateKeyPair(dir)
      const missing = Path.join(dir, "nowhere.key")
      expect(yield* Effect.flip(Keys.loadPrivateKey(missing))).toEqual(new Keys.KeyFileMissing({ path: missing }))
      expect(yield* Effect.flip(Keys.loadPublicKey(missing))).toEqual(new Keys.KeyFileMissing({ path: missing }))

      const text = Path.join(dir, "notes.txt")
      Fs.writeFileSync(text, "not a key at all\n")
      expect((yield* Effect.flip(Keys.loadPrivateKey(text)))._tag).toBe("NotAKey")
      expect((yield* Effect.flip(Keys.loadPublicKey(text)))._tag).toBe("NotAKey")

      const garbled = Path.join(dir, "garbled.key")
      Fs.writeFileSync(garbled, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
      expect((yield* Effect.flip(Keys.loadPrivateKey(garbled)))._tag).toBe("NotAKey")

      expect(yield* Effect.flip(Keys.loadPrivateKey(generated.publicKeyPath))).toEqual(
        new Keys.WrongKeyType({
          path: generated.publicKeyPath,
          expected: "an Ed25519 private key",
          found: "a public key"
        })
      )
      expect(yield* Effect.flip(Keys.loadPublicKey(generated.privateKeyPath))).toEqual(
        new Keys.WrongKeyType({
          path: generated.privateKeyPath,
          expected: "an Ed25519 public key",
          found: "a private key"
        })
      )

      const ec = Crypto.generateKeyPairSync("ec", { namedCurve: "P-256" })
      const ecPrivate = Path.join(dir, "ec.key")
      const ecPublic = Path.join(dir, "ec.pub")
      Fs.writeFileSync(ecPrivate, ec.privateKey.export({ type: "pkcs8", format: "pem" }))
      Fs.writeFileSync(ecPublic, ec.publicKey.export({ type: "spki", format: "pem" }))
      expect(yield* Effect.flip(Keys.loadPrivateKey(ecPrivate))).toEqual(
        new Keys.WrongKeyType({ path: ecPrivate, expected: "an Ed25519 private key", found: "a private ec key" })
      )
      expect(yield* Effect.flip(Keys.loadPublicKey(ecPublic))).toEqual(
        new Keys.WrongKeyType({ path: ecPublic, expected: "an Ed25519 public key", found: "a public ec key" })
      )
    })
  )

  it.effect("a key path that cannot be read is a KeyFileError, not a missing key", () =>
    Effect.gen(function* () {
      // A directory where the key file should be (EISDIR): unreadable for root too, unlike mode 000.
      const dir = freshDir()
      Fs.mkdirSync(dir)
      const error = yield* Effect.flip(Keys.loadPrivateKey(dir))
      expect(error._tag).toBe("KeyFileError")
      expect(error.message).toContain(dir)
    })
  )
})
