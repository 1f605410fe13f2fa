import type { SqlConnection } from '../../src/adapters/prisma/database.js';

/**
 * Everything about a schema that Prisma relies on: columns with types, nullability and defaults,
 * indexes and constraints, by name. Two databases with equal snapshots have the same schema.
 */
export async function schemaSnapshot(sql: Pick<SqlConnection, 'query'>): Promise<Record<string, unknown[]>> {
  const columns = await sql.query(`
    SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default,
           character_maximum_length, numeric_precision, numeric_scale, datetime_precision
    FROM information_schema.columns
    WHERE table_schema = 'public' AND table_name <> '_migrations'
    ORDER BY table_name, column_name`);
  const indexes = await sql.query(`
    SELECT tablename, indexname, indexdef FROM pg_indexes
    WHERE schemaname = 'public' AND tablename <> '_migrations'
    ORDER BY tablename, indexname`);
  const constraints = await sql.query(`
    SELECT rel.relname AS table_name, con.conname, con.contype::text AS contype, pg_get_constraintdef(con.oid) AS def
    FROM pg_constraint con
    JOIN pg_class rel ON rel.oid = con.conrelid
    JOIN pg_namespace ns ON ns.oid = rel.relnamespace
    -- PostgreSQL 18 (PGlite) also lists NOT NULL as constraints; nullability is compared via columns.
    WHERE ns.nspname = 'public' AND rel.relname <> '_migrations' AND con.contype <> 'n'
    ORDER BY rel.relname, con.conname`);
  const sequences = await sql.query(`
    SELECT sequence_name, data_type FROM information_schema.sequences WHERE sequence_schema = 'public' ORDER BY sequence_name`);
  return { columns, indexes, constraints, sequences };
}
