/**
 * A small RFC 4180 reader for the tests, written from the RFC and independently of Csv.ts:
 * records end with CRLF, a field is quoted when it starts with a quote, and a quote inside a
 * quoted field is doubled. Strict: anything else is an error, so a sloppy writer fails.
 */

export interface Parsed {
  readonly bom: boolean
  readonly records: ReadonlyArray<ReadonlyArray<string>>
}

export const parseCsv = (text: string, delimiter = ","): Parsed => {
  const bom = text.startsWith("\uFEFF")
  const input = bom ? text.slice(1) : text
  const records: Array<Array<string>> = []
  let record: Array<string> = []
  let i = 0
  const atRecordEnd = () => input.startsWith("\r\n", i)
  while (i < input.length) {
    let field = ""
    if (input[i] === '"') {
      i++
      for (;;) {
        if (i >= input.length) throw new Error("unterminated quoted field")
        const c = input[i]!
        if (c === '"') {
          if (input[i + 1] === '"') {
            field += '"'
            i += 2
          } else {
            i++
            break
          }
        } else {
          field += c
          i++
        }
      }
      if (!(i >= input.length || input[i] === delimiter || atRecordEnd()))
        throw new Error(`text after a closing quote at ${i}`)
    } else {
      while (i < input.length && input[i] !== delimiter && !atRecordEnd()) {
        const c = input[i]!
        if (c === '"' || c === "\r" || c === "\n") throw new Error(`unquoted ${JSON.stringify(c)} at ${i}`)
        field += c
        i++
      }
    }
    record.push(field)
    if (input[i] === delimiter) {
      i++
      if (i >= input.length) throw new Error("a delimiter at the end of the input")
    } else if (atRecordEnd()) {
      i += 2
      records.push(record)
      record = []
    } else if (i >= input.length) {
      throw new Error("the last record does not end with CRLF")
    }
  }
  return { bom, records }
}

/** The original text of a written cell: the formula guard (one leading quote) removed. */
export const unguard = (cell: string): string => (cell.startsWith("'") ? cell.slice(1) : cell)
