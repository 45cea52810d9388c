import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc } from "effect"
import * as Crypto from "node:crypto"
import * as Checkpoint from "../../src/audit/Checkpoint.js"
import * as Keys from "../../src/audit/Keys.js"
import * as Merkle from "../../src/audit/Merkle.js"

const facility = Crypto.generateKeyPairSync("ed25519")
const intruder = Crypto.generateKeyPairSync("ed25519")

const hash = (text: string) => Crypto.createHash("sha256").update(text).digest("hex")

const checkpoint: Checkpoint.Checkpoint = {
  logId: "lapas-cipinang.kemenkumham.go.id/training-ledger",
  size: 297,
  root: hash("root"),
  time: "2024-05-01T08:00:00.000Z",
  head: { position: 297, hash: hash("head") }
}

const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runSync(Effect.either(effect))

describe("Checkpoint", () => {
  it("signs exactly the C2SP checkpoint body with two extension lines", () => {
    expect(Checkpoint.signedBody(checkpoint)).toBe(
      "lapas-cipinang.kemenkumham.go.id/training-ledger\n" +
        "297\n" +
        Buffer.from(hash("root"), "hex").toString("base64") +
        "\n" +
        "time 2024-05-01T08:00:00.000Z\n" +
        `chain ${hash("head")}\n`
    )
  })

  it.effect("sign, write, read and verify give back the checkpoint", () =>
    Effect.gen(function* () {
      const signed = yield* Checkpoint.sign(checkpoint, facility.privateKey)
      expect(signed.keyFingerprint).toBe(Keys.fingerprint(facility.publicKey))
      expect(
        Crypto.verify(
          null,
          Buffer.from(Checkpoint.signedBody(checkpoint)),
          facility.publicKey,
          Buffer.from(signed.signature, "base64")
        )
      ).toBe(true)
      const file = Checkpoint.encodeSignedCheckpoint(signed)
      expect(Object.keys(JSON.parse(file))).toEqual([
        "format",
        "logId",
        "size",
        "root",
        "time",
        "head",
        "keyFingerprint",
        "signature"
      ])
      const read = yield* Checkpoint.decodeSealFile(file)
      expect(read).toEqual(signed)
      expect(read._tag).toBe("SignedCheckpoint")
      if (read._tag !== "SignedCheckpoint") return
      expect(yield* Checkpoint.verify(read, facility.publicKey)).toEqual(checkpoint)
    })
  )

  it.effect("a checkpoint signed by another key is refused", () =>
    Effect.gen(function* () {
      const forged = yield* Checkpoint.sign(checkpoint, intruder.privateKey)
      expect(yield* Effect.flip(Checkpoint.verify(forged, facility.publicKey))).toEqual(
        new Checkpoint.SignedByOtherKey({
          expected: Keys.fingerprint(facility.publicKey),
          found: Keys.fingerprint(intruder.publicKey)
        })
      )
      // ... also when the forger writes the facility's fingerprint into it.
      const disguised = { ...forged, keyFingerprint: Keys.fingerprint(facility.publicKey) }
      expect((yield* Effect.flip(Checkpoint.verify(disguised, facility.publicKey)))._tag).toBe("BadSignature")
    })
  )

  it.effect("every changed field is refused", () =>
    Effect.gen(function* () {
      const signed = yield* Checkpoint.sign(checkpoint, facility.privateKey)
      const signature = Buffer.from(signed.signature, "base64")
      signature[10] ^= 1
      const tampered: ReadonlyArray<readonly [string, Checkpoint.SignedCheckpoint]> = [
        ["logId", { ...signed, logId: "lapas-salemba/training-ledger" }],
        ["size", { ...signed, size: 296, head: { ...signed.head, position: 296 } }],
        ["root", { ...signed, root: hash("another root") }],
        ["time", { ...signed, time: "2024-05-02T08:00:00.000Z" }],
        ["head.hash", { ...signed, head: { ...signed.head, hash: hash("another head") } }],
        ["signature", { ...signed, signature: signature.toString("base64") }]
      ]
      for (const [field, value] of tampered) {
        const error = yield* Effect.flip(Checkpoint.verify(value, facility.publicKey))
        expect(error._tag, field).toBe("BadSignature")
      }
      const inconsistent = yield* Effect.flip(Checkpoint.verify({ ...signed, size: 296 }, facility.publicKey))
      expect(inconsistent).toMatchObject({ _tag: "MalformedCheckpoint", field: "head.position" })
    })
  )

  it.effect("a change of one character in the file is refused, when reading or when verifying", () =>
    Effect.gen(function* () {
      const file = Checkpoint.encodeSignedCheckpoint(yield* Checkpoint.sign(checkpoint, facility.privateKey))
      let refused = 0
      for (let i = 0; i < file.length; i++) {
        const replacement = file[i] === "0" ? "1" : /[1-9A-Za-z]/.test(file[i]) ? "0" : undefined
        if (replacement === undefined) continue
        const changed = file.slice(0, i) + replacement + file.slice(i + 1)
        const outcome = yield* Effect.either(
          Effect.flatMap(Checkpoint.decodeSealFile(changed), (read) =>
            read._tag === "SignedCheckpoint" ? Effect.asVoid(Checkpoint.verify(read, facility.publicKey)) : Effect.void
          )
        )
        expect(outcome._tag, `character ${i} changed`).toBe("Left")
        refused++
      }
      expect(refused).toBeGreaterThan(300)
    })
  )

  it.effect("sign refuses a malformed checkpoint and a key of the wrong kind", () =>
    Effect.gen(function* () {
      // A newline in the log id would make the signed text say something else than the fields.
      const injected = { ...checkpoint, logId: "lapas\n1\nAAAA" }
      expect(yield* Effect.flip(Checkpoint.sign(injected, facility.privateKey))).toMatchObject({
        _tag: "MalformedCheckpoint",
        field: "logId"
      })
      expect(
        yield* Effect.flip(Checkpoint.sign({ ...checkpoint, root: checkpoint.root.toUpperCase() }, facility.privateKey))
      ).toMatchObject({ _tag: "MalformedCheckpoint", field: "root" })
      expect(yield* Effect.flip(Checkpoint.sign(checkpoint, facility.publicKey))).toMatchObject({
        _tag: "WrongKeyType",
        expected: "an Ed25519 private key",
        found: "a public ed25519 key"
      })
      const signed = yield* Checkpoint.sign(checkpoint, facility.privateKey)
      expect(yield* Effect.flip(Checkpoint.verify(signed, facility.privateKey))).toMatchObject({
        _tag: "WrongKeyType"
      })
    })
  )

  it.prop(
    "for any checkpoint: signed, written and read back, it verifies to itself and to nothing else",
    [
      fc.record({
        logId: fc.stringMatching(/^[\x21-\x2a\x2c-\x7e]{1,40}$/),
        size: fc.integer({ min: 0, max: 2 ** 52 }),
        root: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString("hex")),
        time: fc
          .date({ min: new Date("2000-01-01T00:00:00.000Z"), max: new Date("2200-01-01T00:00:00.000Z") })
          .map((d) => d.toISOString()),
        chain: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString("hex"))
      })
    ],
    ([{ chain, logId, root, size, time }]) => {
      const value: Checkpoint.Checkpoint = { logId, size, root, time, head: { position: size, hash: chain } }
      const signed = Effect.runSync(Checkpoint.sign(value, facility.privateKey))
      const read = Effect.runSync(Checkpoint.decodeSealFile(Checkpoint.encodeSignedCheckpoint(signed)))
      expect(read._tag).toBe("SignedCheckpoint")
      if (read._tag !== "SignedCheckpoint") return
      expect(Effect.runSync(Checkpoint.verify(read, facility.publicKey))).toEqual(value)
      const other = {
        ...read,
        size: size === 0 ? 1 : size - 1,
        head: { ...read.head, position: size === 0 ? 1 : size - 1 }
      }
      expect(run(Checkpoint.verify(other, facility.publicKey))._tag).toBe("Left")
    }
  )

  it.effect("the unsigned seal that seal() wrote stays readable", () =>
    Effect.gen(function* () {
      // As src/adapters/cli/main.ts prints it: JSON.stringify({ ...seal, sealedAt: seal.sealedAt.toISOString() })
      const seal = { position: 297, hash: hash("head"), sealedAt: new Date("2024-05-01T08:00:00.000Z") }
      const read = yield* Checkpoint.decodeSealFile(JSON.stringify({ ...seal, sealedAt: seal.sealedAt.toISOString() }))
      expect(read).toEqual({ _tag: "UnsignedSeal", ...seal })
    })
  )

  it.effect("a malformed file is refused with the field and the rule", () =>
    Effect.gen(function* () {
      const signed = JSON.parse(
        Checkpoint.encodeSignedCheckpoint(yield* Checkpoint.sign(checkpoint, facility.privateKey))
      )
      const seal = { position: 3, hash: hash("head"), sealedAt: "2024-05-01T08:00:00.000Z" }
      const cases: ReadonlyArray<readonly [string, string, string]> = [
        ["{", "(file)", "a JSON document"],
        ["[]", "(top level)", "a JSON object"],
        [JSON.stringify({ ...seal, position: -1 }), "position", "an integer from 0 to 2^52"],
        [JSON.stringify({ ...seal, hash: "abc" }), "hash", "64 lowercase hexadecimal digits"],
        [JSON.stringify({ ...seal, sealedAt: "yesterday" }), "sealedAt", "an ISO-8601 UTC time"],
        [JSON.stringify({ position: 3, hash: hash("head") }), "sealedAt", "required"],
        [JSON.stringify({ ...seal, note: "x" }), "note", "not a field of this format"],
        [JSON.stringify({ ...signed, format: "other/v9" }), "format", 'Expected "training-ledger/checkpoint/v1"'],
        [JSON.stringify({ ...signed, logId: "two words" }), "logId", "without spaces or '+'"],
        [JSON.stringify({ ...signed, size: 1.5 }), "size", "an integer from 0 to 2^52"],
        [JSON.stringify({ ...signed, root: signed.root.toUpperCase() }), "root", "64 lowercase hexadecimal digits"],
        [JSON.stringify({ ...signed, time: "2024-05-01T08:00:00Z" }), "time", "an ISO-8601 UTC time"],
        [JSON.stringify({ ...signed, time: "2024-02-30T08:00:00.000Z" }), "time", "an ISO-8601 UTC time"],
        [JSON.stringify({ ...signed, head: { ...signed.head, position: 5 } }), "head.position", "equals size (297)"],
        [JSON.stringify({ ...signed, head: { position: 297 } }), "head.hash", "required"],
        [JSON.stringify({ ...signed, keyFingerprint: "MD5:00" }), "keyFingerprint", "SHA256: followed by"],
        [JSON.stringify({ ...signed, signature: "c2ln" }), "signature", "the standard base64 of 64 bytes"],
        [JSON.stringify({ ...signed, signature: undefined }), "signature", "required"]
      ]
      for (const [text, field, rule] of cases) {
        const error = yield* Effect.flip(Checkpoint.decodeSealFile(text))
        expect(error._tag, text).toBe("MalformedCheckpoint")
        expect(error.field, text).toBe(field)
        expect(error.rule, text).toContain(rule)
        expect(error.message).toContain(`"${field}"`)
      }
    })
  )

  it.effect("the root of a checkpoint is a Merkle root: the empty log signs the empty root", () =>
    Effect.gen(function* () {
      const empty = { ...checkpoint, size: 0, root: Merkle.emptyRoot, head: { position: 0, hash: "0".repeat(64) } }
      const signed = yield* Checkpoint.sign(empty, facility.privateKey)
      expect(yield* Checkpoint.verify(signed, facility.publicKey)).toEqual(empty)
      expect(Checkpoint.signedBody(empty).split("\n")[2]).toBe("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
    })
  )
})

describe("Checkpoint as a C2SP signed note", () => {
  // golang.org/x/mod sumdb/note/note_test.go (github.com/golang/mod at fe2ec04f7c3c3aa6fad97631aafcff6e49e2d1db):
  // TestNewSigner / TestSign's key and expected note.
  const skey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
  const vkey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
  const text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
  const want =
    text +
    "\n" +
    "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"

  // The Go private key is 0x01 || the 32-byte Ed25519 seed; PKCS#8 wraps a seed after this prefix.
  const seed = Buffer.from(skey.split("+").slice(4).join("+"), "base64").subarray(1)
  const privateKey = Crypto.createPrivateKey({
    key: Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]),
    format: "der",
    type: "pkcs8"
  })
  const publicKey = Crypto.createPublicKey(privateKey)

  it("our verifier key and signature line are byte for byte those of Go's note package", () => {
    expect(Checkpoint.noteVerifierKey("PeterNeumann", publicKey)).toBe(vkey)
    const signature = Crypto.sign(null, Buffer.from(text), privateKey)
    expect(text + "\n" + Checkpoint.noteSignatureLine("PeterNeumann", publicKey, signature)).toBe(want)
  })

  it.effect("a signed checkpoint renders as a note whose signature line verifies with the note key", () =>
    Effect.gen(function* () {
      const signed = yield* Checkpoint.sign(checkpoint, facility.privateKey)
      const note = Checkpoint.signedNote(signed, facility.publicKey)
      const [body, signatureLine] = note.split("\n\n")
      expect(body + "\n").toBe(Checkpoint.signedBody(checkpoint))
      const [dash, name, payload] = signatureLine.trimEnd().split(" ")
      expect([dash, name]).toEqual(["\u2014", checkpoint.logId])
      const bytes = Buffer.from(payload, "base64")
      // <name>+<hex key hash>+<base64 key>: the base64 may itself contain "+"
      const [, keyHash, ...keyBase64] = Checkpoint.noteVerifierKey("log", facility.publicKey).split("+")
      expect(keyHash).not.toBe(bytes.subarray(0, 4).toString("hex")) // the key hash depends on the name
      const [, logKeyHash] = Checkpoint.noteVerifierKey(checkpoint.logId, facility.publicKey).split("+")
      expect(bytes.subarray(0, 4).toString("hex")).toBe(logKeyHash)
      expect(Buffer.from(keyBase64.join("+"), "base64").subarray(1)).toEqual(
        Buffer.from(facility.publicKey.export({ format: "jwk" }).x ?? "", "base64url")
      )
      expect(Crypto.verify(null, Buffer.from(body + "\n"), facility.publicKey, bytes.subarray(4))).toBe(true)
    })
  )
})
