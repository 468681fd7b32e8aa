import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const CONTACT_SOURCES = ['api', 'prospect_save', 'bulk'] as const;
export type ContactSource = (typeof CONTACT_SOURCES)[number];

@Entity('contacts')
export class Contact {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId!: string;
  @Column('text', { name: 'full_name' }) fullName!: string;
  @Column('text', { name: 'first_name', nullable: true }) firstName!: string | null;
  @Column('text', { name: 'last_name', nullable: true }) lastName!: string | null;
  /** Stored normalised (trimmed, lower-cased), as the contract promises. */
  @Column('text', { nullable: true }) email!: string | null;
  /** The dedupe key; unique per workspace. */
  @Column('text', { name: 'email_normalized', nullable: true }) emailNormalized!: string | null;
  @Column('text', { nullable: true }) phone!: string | null;
  @Column('text', { name: 'job_title', nullable: true }) jobTitle!: string | null;
  @Column('text', { name: 'company_name', nullable: true }) companyName!: string | null;
  @Column('text', { name: 'linkedin_url', nullable: true }) linkedinUrl!: string | null;
  /** `linkedin.com/in/...`: the dedupe key of email-less contacts. */
  @Column('text', { name: 'linkedin_url_normalized', nullable: true })
  linkedinUrlNormalized!: string | null;
  @Column('text') source!: ContactSource;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
