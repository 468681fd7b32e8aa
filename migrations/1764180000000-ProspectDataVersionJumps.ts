import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The prospect data version (which search match lists are checked against) moves by a random
 * step instead of 1. Counting up by one, a database restored from a backup, or rebuilt, would
 * reach again version numbers that running instances have lists cached for, from other data;
 * with steps of up to a billion, two histories meet on the same number about once in a billion
 * writes instead of always. Still increasing, so a newer list is still recognised as newer.
 */
export class ProspectDataVersionJumps1764180000000 implements MigrationInterface {
  name = 'ProspectDataVersionJumps1764180000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION bump_prospect_data_version() RETURNS trigger
      LANGUAGE plpgsql
      AS $$ BEGIN
        UPDATE prospect_data_version SET version = version + 1 + floor(random() * 1e9)::bigint;
        RETURN NULL;
      END $$`);
    // Leave the numbers this database has used so far behind as well.
    await db.query(
      `UPDATE prospect_data_version SET version = version + 1 + floor(random() * 1e9)::bigint`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION bump_prospect_data_version() RETURNS trigger
      LANGUAGE plpgsql
      AS $$ BEGIN UPDATE prospect_data_version SET version = version + 1; RETURN NULL; END $$`);
  }
}
