/**
 * A read model's row as an effect Schema, and its SQL table derived from it: each column is a
 * Schema annotated with its SQL type and its meaning, so the row type, the table's DDL, the
 * validation of rows read back and the documentation come from one definition.
 *
 * ```ts
 * const Row = Schema.Struct({
 *   program_id: Columns.text("the program"),
 *   enrolled: Columns.integer("participants enrolled"),
 *   closed_at: Columns.nullable(Columns.timestamp("when the program was closed"))
 * })
 * const table = Columns.table("my_report", Row, { primaryKey: ["program_id"], partitionColumn: "program_id" })
 * ```
 *
 * @since 0.2.0
 */
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import type { Column, ColumnType, Table } from "../ports/ProjectionStore.js"

/**
 * The annotation that carries a column's SQL type.
 *
 * @since 0.2.0
 * @category annotations
 */
export const ColumnTypeId: unique symbol = Symbol.for("training-ledger/ColumnType")

const column = <S extends Schema.Schema.Any>(schema: S, type: ColumnType, description: string): S =>
  schema.annotations({ [ColumnTypeId]: type, description }) as S

/**
 * A text column.
 *
 * @since 0.2.0
 * @category columns
 */
export const text = (description: string) => column(Schema.String, "text", description)

/**
 * A text column holding one of `literals`.
 *
 * @since 0.2.0
 * @category columns
 */
export const literal = <const L extends ReadonlyArray<string>>(description: string, ...literals: L) =>
  column(Schema.Literal(...literals), "text", description)

/**
 * A 64-bit integer column.
 *
 * @since 0.2.0
 * @category columns
 */
export const integer = (description: string) => column(Schema.Int, "integer", description)

/**
 * A floating-point column.
 *
 * @since 0.2.0
 * @category columns
 */
export const real = (description: string) => column(Schema.Number, "real", description)

/**
 * A boolean column (0/1 on SQLite).
 *
 * @since 0.2.0
 * @category columns
 */
export const boolean = (description: string) => column(Schema.Boolean, "boolean", description)

/**
 * An instant (`timestamptz` on PostgreSQL, ISO-8601 UTC text on SQLite); a `Date` in rows.
 *
 * @since 0.2.0
 * @category columns
 */
export const timestamp = (description: string) => column(Schema.DateFromSelf, "timestamp", description)

/**
 * A JSON column holding values of `schema` (`jsonb` on PostgreSQL, text on SQLite).
 *
 * @since 0.2.0
 * @category columns
 */
export const json = <S extends Schema.Schema.Any>(schema: S, description: string): S =>
  column(schema, "json", description)

/**
 * A column that may be null.
 *
 * @since 0.2.0
 * @category columns
 */
export const nullable = <S extends Schema.Schema.Any>(schema: S) => Schema.NullOr(schema)

const nonNull = (ast: AST.AST): { readonly ast: AST.AST; readonly nullable: boolean } => {
  if (AST.isUnion(ast)) {
    const members = ast.types.filter((t) => !(AST.isLiteral(t) && t.literal === null))
    if (members.length === 1 && members.length < ast.types.length) return { ast: members[0]!, nullable: true }
  }
  return { ast, nullable: false }
}

const annotation = <A>(ast: AST.AST, key: symbol): A | undefined =>
  Option.getOrUndefined(AST.getAnnotation<A>(key)(ast))

/**
 * The columns of a row schema, in field order.
 *
 * @since 0.2.0
 * @category tables
 */
export const columnsOf = (row: Schema.Struct<any>): ReadonlyArray<Column> =>
  (row.ast as AST.TypeLiteral).propertySignatures.map((p) => {
    const name = String(p.name)
    const { ast, nullable } = nonNull(p.type)
    const type = annotation<ColumnType>(ast, ColumnTypeId)
    if (type === undefined) throw new Error(`column ${name}: use a Columns constructor (text, integer, ...)`)
    const description =
      annotation<string>(p.type, AST.DescriptionAnnotationId) ?? annotation<string>(ast, AST.DescriptionAnnotationId)
    return { name, type, nullable, description }
  })

/**
 * A read model's table with its row schema.
 *
 * @since 0.2.0
 * @category models
 */
export interface TableOf<Fields extends Schema.Struct.Fields> extends Table {
  readonly row: Schema.Struct<Fields>
  /** What the table holds (one row per ...), for the documentation. */
  readonly description: string
}

/**
 * A row of a {@link TableOf}.
 *
 * @since 0.2.0
 * @category models
 */
export type RowOf<T> = T extends TableOf<infer F> ? Schema.Struct.Type<F> : never

/**
 * The table of a row schema.
 *
 * @since 0.2.0
 * @category tables
 */
export const table = <Fields extends Schema.Struct.Fields>(
  name: string,
  row: Schema.Struct<Fields>,
  options: {
    readonly description: string
    readonly primaryKey: ReadonlyArray<keyof Fields & string>
    readonly partitionColumn?: keyof Fields & string
    readonly indexes?: ReadonlyArray<ReadonlyArray<keyof Fields & string>>
  }
): TableOf<Fields> => ({
  name,
  row,
  description: options.description,
  columns: columnsOf(row),
  primaryKey: options.primaryKey,
  ...(options.partitionColumn === undefined ? {} : { partitionColumn: options.partitionColumn }),
  ...(options.indexes === undefined ? {} : { indexes: options.indexes })
})
