import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A project's distribution policy, in force from `effectiveFromYear` until the next version. */
@Entity('distribution_policy')
export class DistributionPolicy {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'project_id', type: 'uuid' }) projectId: string;
  @Column({ name: 'effective_from_year', type: 'int' }) effectiveFromYear: number;
  /** The policy document as validated and normalized by the rulebook (defaults applied). */
  @Column({ type: 'jsonb' }) document: Record<string, unknown>;
  @Column({ type: 'varchar', nullable: true }) memo: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
