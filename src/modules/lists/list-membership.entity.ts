import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A contact in a list. The foreign keys (both `ON DELETE CASCADE`) live in the migration; no
 * TypeORM relation to Contact, so the lists module does not depend on the contacts module.
 */
@Entity('list_memberships')
export class ListMembership {
  @PrimaryColumn('uuid', { name: 'list_id' }) listId!: string;
  @PrimaryColumn('uuid', { name: 'contact_id' }) contactId!: string;
  @CreateDateColumn({ name: 'added_at', type: 'timestamptz' }) addedAt!: Date;
}
