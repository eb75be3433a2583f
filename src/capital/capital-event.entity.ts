import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** 出资: a contribution (positive) or a withdrawal / transfer-out (negative). Amounts are decimal strings. */
@Entity('capital_event')
export class CapitalEvent {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'project_id', type: 'uuid' }) projectId: string;
  @Column({ name: 'village_id', type: 'uuid' }) villageId: string;
  @Column({ name: 'event_date', type: 'date' }) date: string;
  @Column({ type: 'numeric', precision: 15, scale: 2 }) amount: string;
  @Column({ type: 'varchar' }) kind: 'cash' | 'asset';
  @Column({ name: 'fund_source', type: 'varchar', nullable: true }) fundSource: string | null;
  @Column({ type: 'varchar', nullable: true }) reference: string | null;
  @Column({ type: 'varchar', nullable: true }) memo: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
