import { Type } from '@nestjs/common';
import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { ContactValues, STORED_COLUMNS } from './contact-fields';

export const CONTACT_SOURCES = ['api', 'prospect_save', 'bulk'] as const;
export type ContactSource = (typeof CONTACT_SOURCES)[number];

/** A contact with everything the API shows of it. */
export interface ContactRecord extends ContactValues {
  id: string;
  source: ContactSource;
  created_at: Date;
  updated_at: Date;
}

/**
 * The columns of the contact fields and their keys, one per entry of CONTACT_FIELDS, declared
 * from the description rather than by hand (a base class: TypeORM reads its columns).
 */
class ContactValueColumns {}
for (const column of STORED_COLUMNS) {
  Column('text', { nullable: column !== 'full_name' })(ContactValueColumns.prototype, column);
}

/** Properties are named as the columns are, which are the API's field names. */
@Entity('contacts')
export class Contact extends (ContactValueColumns as Type<ContactValues>) implements ContactRecord {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') workspace_id!: string;
  @Column('text') source!: ContactSource;
  @CreateDateColumn({ type: 'timestamptz' }) created_at!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updated_at!: Date;
}
