import * as Effect from "effect/Effect"
import { randomBytes } from "node:crypto"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as DataKeys from "../../src/privacy/DataKeys.js"
import * as Kek from "../../src/privacy/KeyEncryptionKey.js"
import * as KeyMaterial from "../../src/privacy/KeyMaterial.js"

/** A local KEK with fresh random bytes. */
export const randomKek = (): Kek.KeyEncryptionKey =>
  Kek.local(Effect.runSync(KeyMaterial.fromBytes(new Uint8Array(randomBytes(32)))))

/** A keyring or a failed test. */
export const keyring = (current: Kek.KeyEncryptionKey, ...previous: Array<Kek.KeyEncryptionKey>): Kek.Keyring =>
  Effect.runSync(Kek.makeKeyring(current, previous))

/** A data key for a person, outside any store. */
export const dataKey = (personId: string): DataKeys.DataKey => Effect.runSync(DataKeys.generate(personId))

/** A private temporary directory, removed by the returned function. */
export const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "tl-privacy-"))
  return { dir, path: (name: string) => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) }
}
