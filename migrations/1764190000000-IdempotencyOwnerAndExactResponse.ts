import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency claims name the instance that runs them (`owner`: the id of the advisory lock its
 * owner session holds), so a claim whose instance died is taken over at once instead of after
 * minutes; and the stored response is the exact text that was sent (`jsonb` reordered its keys).
 */
export class IdempotencyOwnerAndExactResponse1764190000000 implements MigrationInterface {
  name = 'IdempotencyOwnerAndExactResponse1764190000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE idempotency_keys ADD COLUMN owner integer`);
    await db.query(
      `ALTER TABLE idempotency_keys ALTER COLUMN response_body TYPE text USING response_body::text`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE idempotency_keys ALTER COLUMN response_body TYPE jsonb USING response_body::jsonb`,
    );
    await db.query(`ALTER TABLE idempotency_keys DROP COLUMN owner`);
  }
}
