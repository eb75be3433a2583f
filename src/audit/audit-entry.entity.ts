import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One write: who, what, when, from where, and the fields it changed. Append-only (the database refuses updates and deletes). */
@Entity('audit_log')
export class AuditEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ type: 'timestamptz' }) at: Date;
  @Column({ name: 'actor_id', type: 'uuid', nullable: true }) actorId: string | null;
  @Column({ name: 'actor_login', type: 'varchar', nullable: true }) actorLogin: string | null;
  @Column({ type: 'varchar' }) action: string;
  @Column({ type: 'varchar' }) entity: string;
  @Column({ name: 'entity_id', type: 'varchar', nullable: true }) entityId: string | null;
  @Column({ type: 'varchar', nullable: true }) ip: string | null;
  @Column({ name: 'request_id', type: 'varchar', nullable: true }) requestId: string | null;
  @Column({ type: 'jsonb', nullable: true }) changes: Record<string, unknown> | null;
}
